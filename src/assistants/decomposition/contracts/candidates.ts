import type { ModuleGraph } from '../../../core/module-graph';
import type { CallSite } from '../model';

/** How far the program follows a defining file's imports for the types its signatures name. */
export const TYPE_IMPORT_DEPTH = 3;

export interface Candidates {
  /** Files that import something another service defines: where the call sites can be. */
  callers: string[];
  /** The files the program needs: the callers, the barrels between, the defining files and what they import. */
  files: Set<string>;
}

/**
 * Which files can hold a call across services, read from the module graph alone: a file of one service that
 * imports (type-only imports too, as a class injected through a constructor is often imported for its type) a
 * name whose definition, after barrels (`resolveExport`), is in a file of another service; a namespace import, a
 * `require` or an `import()` of a module that is, or re-exports, another service's file. The program then holds
 * those files, the barrels passed through, the defining files, and what the defining files import (depth
 * `TYPE_IMPORT_DEPTH`), so the types their signatures name are known without loading the whole workspace.
 * The syntactic call facts (`calls`), when the facts extractor gave any, only narrow this: a file that imports
 * nothing but types from other services and makes no call across is left out.
 */
export function crossingCandidates(
  graph: ModuleGraph,
  assignment: ReadonlyMap<string, string>,
  calls: readonly CallSite[] = [],
): Candidates {
  const callers: string[] = [];
  const files = new Set<string>();
  const origins = new Set<string>();
  const calling = new Set(
    calls.filter((c) => isForeign(assignment, c.to, assignment.get(c.from) ?? '')).map((c) => c.from),
  );
  for (const [file, service] of assignment) {
    const node = graph.module(file);
    if (!node) continue;
    let crosses = false;
    let valueCrosses = false;
    for (const reference of node.references) {
      if (!reference.target || reference.external) continue;
      if (reference.kind === 're-export' || reference.kind === 'export-star') continue;
      const wholeModule = reference.names.length === 0 || reference.names.some((n) => n.name === '*');
      if (wholeModule) {
        const reached = exportClosure(graph, reference.target);
        const foreign = reached.filter((f) => isForeign(assignment, f, service));
        if (foreign.length) {
          crosses = true;
          valueCrosses ||= !reference.typeOnly;
          for (const f of reached) files.add(f);
          for (const f of foreign) origins.add(f);
        }
      }
      for (const name of reference.names) {
        if (name.name === '*') continue;
        const origin = graph.resolveExport(reference.target, name.name);
        if (!origin || origin.unresolved || !isForeign(assignment, origin.file, service)) continue;
        crosses = true;
        valueCrosses ||= !name.typeOnly;
        for (const f of origin.via) files.add(f);
        files.add(origin.file);
        origins.add(origin.file);
      }
    }
    // A file that takes only types from other services uses them at run time only through an injected
    // instance, which the syntactic call facts see: with those facts at hand, no call there means no use.
    if (crosses && !valueCrosses && calls.length > 0 && !calling.has(file)) continue;
    if (crosses) {
      callers.push(file);
      files.add(file);
    }
  }
  let frontier = [...origins];
  for (let depth = 0; depth < TYPE_IMPORT_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const file of frontier)
      for (const edge of graph.importsOf(file)) {
        const target = graph.module(edge.to);
        if (!target || files.has(edge.to) || edge.references.every((r) => r.external)) continue;
        files.add(edge.to);
        next.push(edge.to);
      }
    frontier = next;
  }
  return { callers: callers.sort(), files };
}

function isForeign(assignment: ReadonlyMap<string, string>, file: string, service: string): boolean {
  const owner = assignment.get(file);
  return owner !== undefined && owner !== service;
}

/** A module and every module it re-exports from, transitively (a barrel and what it passes on). */
function exportClosure(graph: ModuleGraph, file: string): string[] {
  const seen = new Set([file]);
  const queue = [file];
  while (queue.length) {
    const node = graph.module(queue.pop()!);
    for (const reference of node?.references ?? []) {
      if (reference.kind !== 're-export' && reference.kind !== 'export-star') continue;
      if (!reference.target || reference.external || seen.has(reference.target)) continue;
      seen.add(reference.target);
      queue.push(reference.target);
    }
  }
  return [...seen];
}
