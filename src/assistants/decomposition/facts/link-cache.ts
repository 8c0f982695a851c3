import type { ModuleGraph, ModuleNode } from '../../../core/module-graph';
import type { Span } from './file-scan-model';
import type { Origin } from './facts-index';
import type { Reached } from './reach';

/** What a module offers others: its export names and its re-exports. */
function shapeOf(node: ModuleNode): string {
  const exported = node.exports.map((e) => `${e.name}=${e.local ?? ''}`);
  const passed = node.references
    .filter((r) => r.kind === 're-export' || r.kind === 'export-star')
    .map((r) => `${r.kind}:${r.target ?? r.specifier}:${r.names.map((n) => `${n.name}>${n.local}`).join(',')}`);
  return [...exported, ...passed].join(';');
}

function add(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

/**
 * What linking found, kept from one refresh to the next: resolutions of bindings, where the calls of each
 * function lead, and what each use case or transaction reaches. Each entry remembers the files it depends on;
 * when a file is edited (a new graph node, a new scan), only the entries that depend on it are dropped, so
 * relinking after one edit redoes the links of that file and of the reaches through it, not of the folder.
 */
export class LinkCache {
  readonly origins = new Map<string, Origin | null>();
  /** File → spans of it (by offsets) → where the calls inside lead. */
  readonly successors = new Map<string, Map<string, { file: string; span: Span }[]>>();
  readonly reaches = new Map<string, Reached[]>();
  private readonly originsThrough = new Map<string, Set<string>>();
  /** Target file → files with successors landing in it. */
  private readonly landsIn = new Map<string, Set<string>>();
  /** File → reaches that pass through it. */
  private readonly reachesThrough = new Map<string, Set<string>>();
  private nodes = new Map<string, ModuleNode | undefined>();

  /**
   * Drops what the files changed since the last refresh invalidate (`rescanned`: files scanned again or no
   * longer scanned); all of it when a file's exports changed (it may now answer lookups that never passed
   * through it: a name that was missing, an `export *` probed on the way) or most files changed.
   */
  sync(graph: ModuleGraph, rescanned: Iterable<string>): void {
    const nodes = new Map<string, ModuleNode | undefined>();
    const changed = new Set<string>(rescanned);
    let shapeChanged = false;
    for (const file of graph.files) {
      const node = graph.module(file);
      nodes.set(file, node);
      const previous = this.nodes.get(file);
      if (previous === node) continue;
      changed.add(file);
      if (!previous || !node || shapeOf(previous) !== shapeOf(node)) shapeChanged = true;
    }
    for (const file of this.nodes.keys()) if (!nodes.has(file)) changed.add(file);
    this.nodes = nodes;
    if (shapeChanged || changed.size > nodes.size / 4) {
      this.clear();
      return;
    }
    // Files whose own links may now be wrong: the changed ones, those that resolved through them, and those
    // whose calls led into them (the unit spans there are new objects).
    const stale = new Set(changed);
    for (const file of changed) {
      for (const key of this.originsThrough.get(file) ?? []) {
        this.origins.delete(key);
        stale.add(key.slice(0, key.indexOf('\0')));
      }
      this.originsThrough.delete(file);
      for (const source of this.landsIn.get(file) ?? []) stale.add(source);
      this.landsIn.delete(file);
    }
    for (const file of stale) {
      this.successors.delete(file);
      for (const key of this.reachesThrough.get(file) ?? []) this.reaches.delete(key);
      this.reachesThrough.delete(file);
    }
  }

  rememberOrigin(key: string, origin: Origin | undefined, files: readonly string[]): void {
    this.origins.set(key, origin ?? null);
    for (const file of files) add(this.originsThrough, file, key);
  }

  successorsOf(file: string): Map<string, { file: string; span: Span }[]> {
    let spans = this.successors.get(file);
    if (!spans) this.successors.set(file, (spans = new Map()));
    return spans;
  }

  rememberSuccessors(file: string, key: string, targets: { file: string; span: Span }[]): void {
    this.successorsOf(file).set(key, targets);
    for (const target of targets) add(this.landsIn, target.file, file);
  }

  rememberReach(key: string, reached: Reached[]): void {
    this.reaches.set(key, reached);
    for (const r of reached) add(this.reachesThrough, r.file, key);
  }

  private clear(): void {
    this.origins.clear();
    this.originsThrough.clear();
    this.successors.clear();
    this.landsIn.clear();
    this.reaches.clear();
    this.reachesThrough.clear();
  }
}
