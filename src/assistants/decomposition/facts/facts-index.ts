import type { Range } from '../../../core/finding';
import type { ModuleGraph, ModuleNode } from '../../../core/module-graph';
import type { FileScan, ScannedCall, Span, Unit } from './file-scan-model';
import { rangeAt } from './lines';

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

/** What a module offers others: its export names and its re-exports. */
function shapeOf(node: ModuleNode): string {
  const exported = node.exports.map((e) => `${e.name}=${e.local ?? ''}`);
  const passed = node.references
    .filter((r) => r.kind === 're-export' || r.kind === 'export-star')
    .map((r) => `${r.kind}:${r.target ?? r.specifier}:${r.names.map((n) => `${n.name}>${n.local}`).join(',')}`);
  return [...exported, ...passed].join(';');
}

/** A file's value imports, by the graph node they were read from (a new node after an edit drops them). */
const importMaps = new WeakMap<ModuleNode, Map<string, { target: string; name: string }>>();

/**
 * Resolutions kept from one refresh to the next. Each remembers the files it passed through; when the graph
 * gives one of them a new node (it was edited, or resolved again), the resolutions through it are dropped and
 * the rest are kept, so relinking after one edit costs map lookups, not `resolveExport` walks.
 */
export class ResolutionCache {
  readonly origins = new Map<string, Origin | null>();
  private readonly through = new Map<string, Set<string>>();
  private nodes = new Map<string, ModuleNode | undefined>();

  /** Drops what files changed since the last refresh invalidate; all of it when most files changed. */
  sync(graph: ModuleGraph): void {
    const nodes = new Map<string, ModuleNode | undefined>();
    const changed: string[] = [];
    // A file that now exports other names may answer lookups that never passed through it before (an
    // `export *` probed on the way, a name that was missing): then nothing kept can be trusted.
    let shapeChanged = false;
    for (const file of graph.files) {
      const node = graph.module(file);
      nodes.set(file, node);
      const previous = this.nodes.get(file);
      if (previous === node) continue;
      changed.push(file);
      if (!previous || !node || shapeOf(previous) !== shapeOf(node)) shapeChanged = true;
    }
    for (const file of this.nodes.keys()) if (!nodes.has(file)) changed.push(file);
    this.nodes = nodes;
    if (shapeChanged || changed.length > nodes.size / 4) {
      this.origins.clear();
      this.through.clear();
      return;
    }
    for (const file of changed) {
      for (const key of this.through.get(file) ?? []) this.origins.delete(key);
      this.through.delete(file);
    }
  }

  remember(key: string, origin: Origin | undefined, files: readonly string[]): void {
    this.origins.set(key, origin ?? null);
    for (const file of files) {
      let keys = this.through.get(file);
      if (!keys) this.through.set(file, (keys = new Set()));
      keys.add(key);
    }
  }
}

/**
 * The scanned files of one refresh with the module graph: resolves a file's bindings to where they are
 * defined (through barrels with `resolveExport`) and finds the unit a call lands in. Built anew on every
 * refresh (resolution changes when another file does); its caches live as long as it does.
 */
export class FactsIndex {
  private readonly units = new WeakMap<FileScan, Map<string, Unit>>();
  private readonly importsByFile = new Map<string, Map<string, { target: string; name: string }>>();
  private readonly successors = new Map<string, { file: string; span: Span }[]>();

  constructor(
    readonly graph: ModuleGraph,
    readonly scanned: ReadonlyMap<string, ScannedFile>,
    private readonly cache: ResolutionCache = new ResolutionCache(),
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
    this.cache.remember(key, origin, passed);
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

  /** Where the calls inside `span` of `file` lead, each target once; kept for the index's life (many reaches share them). */
  targetsIn(file: string, span: Span): { file: string; span: Span }[] {
    const key = `${file}\0${span.start}\0${span.end}`;
    let targets = this.successors.get(key);
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
      this.successors.set(key, targets);
    }
    return targets;
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
