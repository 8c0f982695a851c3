import type * as TS from 'typescript';
import type { ModuleGraph } from '../../../core/module-graph';
import type { ServiceContract } from '../model';
import type { Candidates } from './candidates';
import { editedNames, mentionOf, wholeModuleUsers } from './edit-reach';
import type { ContractsResult } from '.';
import type { CountedSite } from './sites';

/** What a synthesis reads of the facts: its shape (which files, callers and services) and the files' stamps. */
export interface SynthesisInputs {
  shape: string;
  stamps: ReadonlyMap<string, string>;
}

/** What a synthesis does again after a save. */
export interface Scope {
  /** Callers whose sites an edit may have changed: the services of their sites, before or after, are rebuilt. */
  changed: Set<string>;
  /** Callers whose sites are read (the changed ones, and every caller of a service rebuilt). */
  callers: Set<string>;
  /** Services whose contract is built again. */
  services: Set<string>;
  /** Files the program must hold besides the callers (edited files, files visible without an import). */
  roots: Set<string>;
  /** Files whose stamp changed since the last synthesis. */
  edited: string[];
}

interface Remembered {
  inputs: SynthesisInputs;
  /**
   * Files whose declarations other files see without importing them (scripts, `declare global`, ambient
   * modules, triple-slash references): always in the program, and an edit of one types everything again.
   */
  global: Set<string>;
  /** Each file's text as last read, to tell what an edit changed. */
  texts: Map<string, string>;
  /** Each file's declared names (names.ts), for which identifiers the checker is asked about. */
  names: Map<string, ReadonlySet<string>>;
  /** Each caller's sites, without the symbols of a checker that is gone. */
  sites: Map<string, CountedSite[]>;
  contracts: Map<string, ServiceContract>;
  result: ContractsResult;
}

export function synthesisInputs(
  graph: ModuleGraph,
  root: string,
  assignment: ReadonlyMap<string, string>,
  candidates: Candidates,
  options: TS.CompilerOptions,
  installed = '',
): SynthesisInputs {
  const files = [...candidates.files].sort();
  const stamps = new Map(files.map((file) => [file, graph.module(file)?.stamp ?? '']));
  const shape = JSON.stringify([
    root,
    // A tsconfig edit changes every type; an install may change every package's.
    options,
    installed,
    new Set(assignment.values()).size,
    candidates.callers,
    files.map((file) => [file, assignment.get(file) ?? '']),
  ]);
  return { shape, stamps };
}

/**
 * Contracts kept between syntheses over the same folder (the planner keeps one), so that after a save only what
 * the edit can change is typed again. A caller's sites depend on the files it imports, directly or not, and a
 * contract on its callers' sites and the files its operations are declared in: an edit re-reads the callers that
 * reach an edited file and rebuilds the contracts of the services those callers (before or after) or the edited
 * files touch; the rest is the previous result. Anything else (other files, callers or services, an error last
 * time, an edit of a file seen without an import) is a synthesis from scratch.
 */
export class ContractMemory {
  private last: Remembered | undefined;

  forget(): void {
    this.last = undefined;
  }

  /** The previous result when nothing it read has changed. */
  unchanged(inputs: SynthesisInputs): ContractsResult | undefined {
    const last = this.last;
    if (!last || last.inputs.shape !== inputs.shape) return undefined;
    for (const [file, stamp] of inputs.stamps) if (last.inputs.stamps.get(file) !== stamp) return undefined;
    return last.result;
  }

  /** What to do again for these inputs; undefined: everything. */
  scope(inputs: SynthesisInputs): Scope | undefined {
    const last = this.last;
    if (!last || last.inputs.shape !== inputs.shape || last.result.errors.length) return undefined;
    const changed = [...inputs.stamps].filter(([file, stamp]) => last.inputs.stamps.get(file) !== stamp);
    if (changed.some(([file]) => last.global.has(file))) return undefined;
    const edited = changed.map(([file]) => file);
    return {
      changed: new Set(),
      callers: new Set(),
      services: new Set(),
      roots: new Set([...edited, ...last.global]),
      edited,
    };
  }

  /**
   * Widens a scope to what its edits reach, once the texts are read: the files that use a name an edit changed
   * (editedNames), or take an edited module whole, and every file that imports one of those, directly or not;
   * an edit the names do not describe reaches every file that imports the edited one. The callers among them are
   * read again, and the services with operations declared in them rebuilt. Returns whether the scope grew.
   */
  reach(ts: typeof TS, scope: Scope, graph: ModuleGraph, textOf: (file: string) => string | undefined): boolean {
    const last = this.last;
    if (!last) return false;
    const files = [...last.inputs.stamps.keys()];
    // Files whose importers are reached too, directly or not.
    const seeds = new Set<string>();
    for (const file of scope.edited) {
      const before = last.texts.get(file);
      const after = textOf(file);
      const names = before !== undefined && after !== undefined ? editedNames(ts, file, before, after) : undefined;
      if (!names) {
        seeds.add(file);
        continue;
      }
      if (names.size === 0) continue;
      for (const user of wholeModuleUsers(graph, file, files)) seeds.add(user);
      const mentions = mentionOf(names);
      for (const other of files) {
        if (other === file || seeds.has(other)) continue;
        const text = textOf(other);
        if (text === undefined || mentions.test(text)) seeds.add(other);
      }
    }
    // What a program loads from a file: the graph's targets among the files (program.ts resolves by the graph).
    const set = new Set(files);
    const importers = new Map<string, string[]>();
    for (const file of files)
      for (const reference of graph.module(file)?.references ?? []) {
        if (reference.target === undefined || !set.has(reference.target)) continue;
        const list = importers.get(reference.target);
        if (list) list.push(file);
        else importers.set(reference.target, [file]);
      }
    const reaching = new Set([...scope.edited, ...seeds]);
    const queue = [...seeds];
    while (queue.length)
      for (const importer of importers.get(queue.pop()!) ?? [])
        if (!reaching.has(importer)) {
          reaching.add(importer);
          queue.push(importer);
        }
    const touched = [...last.sites.values()].flat().filter((site) => reaching.has(site.target.file));
    return this.widen(
      scope,
      [...last.sites.keys()].filter((caller) => reaching.has(caller)),
      touched.map((site) => site.target.service),
    );
  }

  /**
   * Adds changed callers and services to rebuild to a scope: the services a changed caller called are rebuilt,
   * and a rebuilt contract needs fresh sites from every caller it had (read again, unchanged). Returns whether
   * the scope grew.
   */
  widen(scope: Scope, changed: readonly string[], services: readonly string[] = []): boolean {
    const sites = this.last?.sites ?? new Map<string, CountedSite[]>();
    const before = scope.changed.size + scope.callers.size + scope.services.size;
    const queue = [...services];
    for (const caller of changed) {
      scope.changed.add(caller);
      scope.callers.add(caller);
      for (const site of sites.get(caller) ?? []) queue.push(site.target.service);
    }
    for (const service of queue) {
      if (scope.services.has(service)) continue;
      scope.services.add(service);
      for (const [caller, list] of sites)
        if (list.some((site) => site.target.service === service)) scope.callers.add(caller);
    }
    return scope.changed.size + scope.callers.size + scope.services.size > before;
  }

  previousNames(file: string): ReadonlySet<string> | undefined {
    return this.last?.names.get(file);
  }

  previousSites(caller: string): CountedSite[] {
    return this.last?.sites.get(caller) ?? [];
  }

  previousContract(service: string): ServiceContract | undefined {
    return this.last?.contracts.get(service);
  }

  isGlobal(file: string): boolean {
    return this.last?.global.has(file) ?? false;
  }

  remember(state: Remembered): void {
    this.last = state;
  }
}

export type { Remembered };

/** Whether a file's declarations are seen by files that do not import it. */
export function seenWithoutImport(ts: typeof TS, source: TS.SourceFile): boolean {
  if (!ts.isExternalModule(source)) return true;
  if (source.referencedFiles.length || source.typeReferenceDirectives.length || source.libReferenceDirectives.length)
    return true;
  return source.statements.some(
    (statement) =>
      ts.isModuleDeclaration(statement) && (ts.isStringLiteral(statement.name) || statement.name.text === 'global'),
  );
}
