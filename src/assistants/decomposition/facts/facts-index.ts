import type { Range } from '../../../core/finding';
import type { ModuleGraph, ModuleNode } from '../../../core/module-graph';
import type { FileScan, ScannedCall, Span, Unit } from './file-scan-model';
import { LinkCache } from './link-cache';
import { rangeAt } from './lines';
import type { Reached } from './reach';
import { reachFrom } from './reach';

/** A file's scan with what turns its offsets into ranges; `sql` holds the query optimizer's table accesses. */
export interface ScannedFile {
  file: string;
  stamp: string;
  scan: FileScan;
  lines: number[];
}

/** Where a binding of a file is defined: the file, its exported name there, and the binding behind it. */
export interface Origin {
  file: string;
  /** The exported name (`default` included); for a binding of the file itself, the binding. */
  name: string;
  local: string;
  /** The member still to look up in `local` (`ordersService.create`: create). */
  member?: string;
  imported: boolean;
}

export const WHOLE_FILE: Span = { start: 0, end: Number.MAX_SAFE_INTEGER };

/** A file's value imports, by the graph node they were read from (a new node after an edit drops them). */
const importMaps = new WeakMap<ModuleNode, Map<string, { target: string; name: string }>>();

export { LinkCache };

/**
 * The scanned files of one refresh with the module graph: resolves a file's bindings to where they are
 * defined (through barrels with `resolveExport`) and finds the unit a call lands in. Built anew on every
 * refresh (resolution changes when another file does); its caches live as long as it does.
 */
export class FactsIndex {
  private readonly units = new WeakMap<FileScan, Map<string, Unit>>();
  private readonly importsByFile = new Map<string, Map<string, { target: string; name: string }>>();

  constructor(
    readonly graph: ModuleGraph,
    readonly scanned: ReadonlyMap<string, ScannedFile>,
    private readonly cache: LinkCache = new LinkCache(),
  ) {}

  scan(file: string): FileScan | undefined {
    return this.scanned.get(file)?.scan;
  }

  range(file: string, span: Span): Range {
    const lines = this.scanned.get(file)?.lines ?? [0];
    return rangeAt(lines, span.start, Math.min(span.end, Number.MAX_SAFE_INTEGER));
  }

  /** The file's own value imports: binding → the file and name it comes from. */
  importsOf(file: string): Map<string, { target: string; name: string }> {
    let map = this.importsByFile.get(file);
    if (map) return map;
    const node = this.graph.module(file);
    map = node ? importMaps.get(node) : new Map<string, { target: string; name: string }>();
    if (map || !node) {
      this.importsByFile.set(file, map ?? new Map());
      return map ?? new Map();
    }
    map = new Map();
    for (const reference of node.references) {
      if (reference.kind === 're-export' || reference.kind === 'export-star') continue;
      if (!reference.target || reference.external || reference.typeOnly) continue;
      for (const name of reference.names)
        if (!name.typeOnly) map.set(name.local, { target: reference.target, name: name.name });
    }
    importMaps.set(node, map);
    this.importsByFile.set(file, map);
    return map;
  }

  /**
   * Where `binding` (and `member`, for a namespace or a CommonJS module) of `file` is defined; a binding the
   * file does not import is its own. Undefined when the import leaves the workspace's source.
   */
  resolve(file: string, binding: string, member?: string): Origin | undefined {
    const imported = this.importsOf(file).get(binding);
    if (!imported) return { file, name: binding, local: binding, ...(member ? { member } : {}), imported: false };
    const key = `${file}\0${binding}\0${member ?? ''}`;
    const cached = this.cache.origins.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const passed: string[] = [file, imported.target];
    const origin = this.lookup(imported, member, passed);
    this.cache.rememberOrigin(key, origin, passed);
    return origin;
  }

  /** True when `binding` is a value `file` imports from another workspace file. */
  imports(file: string, binding: string): boolean {
    return this.importsOf(file).has(binding);
  }

  private lookup(
    imported: { target: string; name: string },
    member: string | undefined,
    passed: string[],
  ): Origin | undefined {
    const whole = imported.name === '*' || imported.name === 'export=';
    if (whole && member) {
      const inner =
        this.graph.resolveExport(imported.target, member) ?? this.graph.resolveExport(imported.target, 'export=');
      if (inner) passed.push(...inner.via, inner.file);
      if (!inner || inner.unresolved) return undefined;
      const named = inner.name === member;
      return {
        file: inner.file,
        name: inner.name,
        local: inner.local ?? inner.name,
        ...(named ? {} : { member }),
        imported: true,
      };
    }
    const origin = this.graph.resolveExport(imported.target, imported.name);
    if (origin) passed.push(...origin.via, origin.file);
    if (!origin || origin.unresolved) return undefined;
    return {
      file: origin.file,
      name: origin.name,
      local: origin.local ?? origin.name,
      ...(member ? { member } : {}),
      imported: true,
    };
  }

  /** The unit an origin names (`Class.method`, a function), if its file declares one. */
  unitOf(origin: Origin): Unit | undefined {
    const units = this.unitsOf(origin.file);
    return (origin.member ? units.get(`${origin.local}.${origin.member}`) : undefined) ?? units.get(origin.local);
  }

  unitsOf(file: string): Map<string, Unit> {
    const scan = this.scan(file);
    if (!scan) return new Map();
    let map = this.units.get(scan);
    if (!map) {
      map = new Map();
      for (const unit of scan.units) if (!map.has(unit.name)) map.set(unit.name, unit);
      this.units.set(scan, map);
    }
    return map;
  }

  /** Calls written inside `span` of `file` (the scan lists them by where they start). */
  callsIn(file: string, span: Span): ScannedCall[] {
    const calls = this.scan(file)?.calls ?? [];
    let low = 0;
    let high = calls.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (calls[middle].start < span.start) low = middle + 1;
      else high = middle;
    }
    const out: ScannedCall[] = [];
    for (let i = low; i < calls.length && calls[i].start < span.end; i++)
      if (calls[i].end <= span.end) out.push(calls[i]);
    return out;
  }

  /** Where the calls inside `span` of `file` lead, each target once; kept until a file they depend on changes (many reaches share them). */
  targetsIn(file: string, span: Span): { file: string; span: Span }[] {
    const key = `${span.start}\0${span.end}`;
    let targets = this.cache.successors.get(file)?.get(key);
    if (!targets) {
      const seen = new Set<string>();
      targets = [];
      for (const call of this.callsIn(file, span)) {
        const next = this.target(file, call);
        if (!next) continue;
        const id = `${next.file}\0${next.span.start}\0${next.span.end}`;
        if (seen.has(id)) continue;
        seen.add(id);
        targets.push(next);
      }
      this.cache.rememberSuccessors(file, key, targets);
    }
    return targets;
  }

  /** What `span` of `file` reaches through its calls (reach.ts), kept until a file it passes through changes. */
  reach(file: string, span: Span, maxHops = Number.POSITIVE_INFINITY): Reached[] {
    const key = `${file}\0${span.start}\0${span.end}\0${maxHops}`;
    let reached = this.cache.reaches.get(key);
    if (!reached) {
      reached = reachFrom(this, file, span, maxHops);
      this.cache.rememberReach(key, reached);
    }
    return reached;
  }

  /** Where a call leads: the unit it calls (the whole file when the target is no unit), or nowhere. */
  target(file: string, call: ScannedCall): { file: string; span: Span } | undefined {
    if (call.self) {
      const unit = this.unitsOf(file).get(`${call.binding}.${call.member}`);
      return unit ? { file, span: unit } : undefined;
    }
    const origin = this.resolve(file, call.binding, call.member);
    if (!origin) return undefined;
    const unit = this.unitOf(origin);
    if (unit) return { file: origin.file, span: unit };
    return origin.imported && this.scanned.has(origin.file) ? { file: origin.file, span: WHOLE_FILE } : undefined;
  }
}
