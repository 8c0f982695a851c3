import type { ModuleGraph, ResolvedReference } from '../../../core/module-graph';
import type { AppEntry } from './app-entry';
import type { ImportEntry } from './entry';
import { ExternalList } from './entry';
import { packageNameOf } from './resolve';

/** References that put the target in the importer's chunk (a dynamic `import()` starts a chunk of its own). */
export const STATIC = new Set(['import', 're-export', 'export-star', 'require', 'import-equals']);

/** Next.js files under `pages/` that are no page of their own: the custom App and Document, API routes. */
const NOT_A_PAGE = /^(?:_app|_document)\.[cm]?[jt]sx?$|^api\//;
/** Next.js app router files each of which the framework loads as a chunk of its own (a route segment's parts). */
const SEGMENT_FILE = /(?:^|\/)(?:page|layout|template|default|loading|error|not-found)\.[cm]?[jt]sx?$/;

/** What some modules load statically: workspace modules, and per package what they import of it. */
interface Reach {
  /** Graph names. */
  files: Set<string>;
  /** Package name → specifier (`lodash`, `lodash/debounce`) → the names imported (`*` the whole namespace). */
  packages: Map<string, Map<string, Set<string>>>;
}

/**
 * What the browser has loaded whenever the analysed file runs: the app entry's static imports, those of the chunk
 * the file sits in (a route module, a page, the target of a dynamic `import()`: every such chunk the file is
 * reached from, their common part) and the file's own, with the file's imports of some specifiers made lazy.
 */
export interface PageLoads {
  /** The app's entry, when one was found. */
  entry?: AppEntry;
  /** The file is in the entry's own bundle (reached from it by static imports alone). */
  inEntry: boolean;
  /** The chunks the file is loaded with, by graph name: the modules a bundler splits that reach it. */
  chunks: string[];
  /** Workspace modules loaded, on disk (absolute), sorted. */
  files: string[];
  /** Packages loaded, by name, sorted. */
  packages: string[];
  /**
   * How to measure what a lazy chunk of `specifier` (one of the file's imports) adds to the page: the list to leave
   * out of the bundle, and the part of the packages it shares with the page that the page imports (`base`: to be
   * measured with and without the chunk, the difference being what the chunk adds; empty when it shares none).
   */
  lazyChunk(specifier: string): { external: ExternalList; base: ImportEntry[] };
}

/**
 * What loads with `file` (graph name) when its imports of `skip` are lazy; undefined when the file is not in the
 * graph. `onDisk` places a graph name on disk.
 */
export function pageLoads(
  graph: ModuleGraph,
  file: string,
  entry: AppEntry | undefined,
  skip: readonly string[],
  onDisk: (name: string) => string | undefined,
): PageLoads | undefined {
  const self = graph.module(file)?.file;
  if (self === undefined) return undefined;
  const skipped = (from: string, r: ResolvedReference) => from === self && skip.includes(r.specifier);
  const start = entry && graph.module(entry.file)?.file;
  const isSplit = splitRouteTest(entry);
  const roots = chunkRootsOf(graph, entry, start);
  const { inEntry, chunks } = chunksOf(graph, self, start, roots);
  const parts: Reach[] = [reach(graph, [self], skipped)];
  // A route module the bundler splits: the entry reaches it, but its imports load with its own chunk.
  if (start !== undefined) parts.push(reach(graph, [start], skipped, isSplit));
  if (!inEntry && chunks.length) parts.push(common(chunks.map((root) => reach(graph, [root], skipped))));
  const loaded = union(parts);
  const files = [...loaded.files].map(onDisk).filter((f): f is string => f !== undefined);
  files.sort();
  const packages = [...loaded.packages.keys()].sort();
  const lists = new Map<string, ExternalList>();
  return {
    ...(entry ? { entry } : {}),
    inEntry,
    chunks,
    files,
    packages,
    lazyChunk(specifier) {
      const reference = graph.module(self)?.references.find((r) => r.specifier === specifier && STATIC.has(r.kind));
      // The packages the page imports too, but not every name the chunk takes of them: the page's part is measured.
      const own: Reach['packages'] =
        reference?.target && !reference.external
          ? reach(
              graph,
              [reference.target],
              () => false,
              (name) => loaded.files.has(name),
            ).packages
          : new Map([
              [packageNameOf(specifier) ?? '', new Map([[specifier, new Set(reference ? namesOf(reference) : ['*'])]])],
            ]);
      const shared = new Set<string>();
      for (const [name, uses] of own) {
        const page = loaded.packages.get(name);
        if (page && !covers(page, uses)) shared.add(name);
      }
      const key = [...shared].sort().join('\0');
      let external = lists.get(key);
      if (!external) {
        external = new ExternalList([...packages.filter((name) => !shared.has(name)), ...files]);
        lists.set(key, external);
      }
      const base: ImportEntry[] = [];
      for (const name of [...shared].sort())
        for (const [module, names] of loaded.packages.get(name)!)
          base.push({ module, names: names.has('*') ? ['*'] : [...names].sort(), asChunk: true, external });
      return { external, base };
    },
  };
}

// Every analysed file asks, and the answer depends only on the graph and the app's entry: one walk over the whole
// graph per file made a check quadratic in the workspace's size.
const ROOTS = new WeakMap<object, Map<string, Set<string>>>();

function chunkRootsOf(graph: ModuleGraph, entry: AppEntry | undefined, start: string | undefined): Set<string> {
  let byEntry = ROOTS.get(graph.version);
  if (!byEntry) ROOTS.set(graph.version, (byEntry = new Map()));
  const key = entry ? `${entry.file}\0${entry.how}\0${entry.splitRoutes ?? ''}` : '';
  let roots = byEntry.get(key);
  if (!roots) byEntry.set(key, (roots = chunkRoots(graph, entry, start)));
  return roots;
}

/**
 * The modules a bundler makes chunks of their own, by graph name: every target of a dynamic `import()` (React
 * Router's `lazy`, `React.lazy`), TanStack Router's split route modules, Next.js's pages and app router segments.
 * The entry is none of them.
 */
function chunkRoots(graph: ModuleGraph, entry: AppEntry | undefined, start: string | undefined): Set<string> {
  const roots = new Set<string>();
  const isSplit = splitRouteTest(entry);
  const next = entry?.how.startsWith('Next.js') ? /^(.*?\/)?(?:src\/)?(?:pages|app)\/[^/]+$/.exec(entry.file) : null;
  const project = next ? (next[1] ?? '') : undefined;
  for (const name of graph.files) {
    const node = graph.module(name);
    if (!node) continue;
    for (const r of node.references) if (r.kind === 'dynamic' && r.target && !r.external) roots.add(r.target);
    const slashed = name.replace(/\\/g, '/');
    if (isSplit(name)) roots.add(node.file);
    if (project !== undefined && slashed.startsWith(project)) {
      const inProject = slashed.slice(project.length).replace(/^src\//, '');
      if (inProject.startsWith('pages/') && !NOT_A_PAGE.test(inProject.slice('pages/'.length))) roots.add(node.file);
      if (inProject.startsWith('app/') && SEGMENT_FILE.test(inProject)) roots.add(node.file);
    }
  }
  if (start !== undefined) roots.delete(start);
  return roots;
}

/** Whether a graph name is one of the route modules TanStack Router splits (under the entry's `splitRoutes`). */
function splitRouteTest(entry: AppEntry | undefined): (name: string) => boolean {
  const split = entry?.splitRoutes === undefined ? undefined : `${entry.splitRoutes}/`;
  return (name) => split !== undefined && name.replace(/\\/g, '/').startsWith(split);
}

/**
 * The chunk roots `self` is reached from by static imports (walking its importers up, stopping at a root), and
 * whether the entry reaches it without passing one.
 */
function chunksOf(
  graph: ModuleGraph,
  self: string,
  start: string | undefined,
  roots: ReadonlySet<string>,
): { inEntry: boolean; chunks: string[] } {
  if (self === start) return { inEntry: true, chunks: [] };
  if (roots.has(self)) return { inEntry: false, chunks: [self] };
  const chunks = new Set<string>();
  const seen = new Set([self]);
  for (const queue = [self]; queue.length;) {
    for (const edge of graph.importersOf(queue.pop()!)) {
      if (seen.has(edge.from) || !edge.references.some((r) => STATIC.has(r.kind) && !r.typeOnly)) continue;
      seen.add(edge.from);
      if (edge.from === start) return { inEntry: true, chunks: [] };
      if (roots.has(edge.from)) chunks.add(edge.from);
      else queue.push(edge.from);
    }
  }
  return { inEntry: false, chunks: [...chunks].sort() };
}

/**
 * The modules and package imports `from` loads statically (themselves included), not following a reference
 * `skipped` names nor the imports of a module `stop` names.
 */
function reach(
  graph: ModuleGraph,
  from: readonly string[],
  skipped: (from: string, reference: ResolvedReference) => boolean,
  stop: (name: string) => boolean = () => false,
): Reach {
  const out: Reach = { files: new Set(from), packages: new Map() };
  for (const queue = [...from]; queue.length;) {
    const at = queue.pop()!;
    if (stop(at)) continue;
    for (const r of graph.module(at)?.references ?? []) {
      if (!STATIC.has(r.kind) || r.typeOnly || skipped(at, r)) continue;
      if (r.target && !r.external) {
        if (out.files.has(r.target)) continue;
        out.files.add(r.target);
        queue.push(r.target);
      } else if (r.external || r.unresolved?.reason === 'external') {
        const name = packageNameOf(r.specifier);
        if (name) addNames(out, name, r.specifier, namesOf(r));
      }
    }
  }
  return out;
}

/** What a static reference takes of a package: its names; the whole namespace for `export *` and `require`. */
function namesOf(reference: ResolvedReference): string[] {
  if (reference.kind === 'export-star' || reference.kind === 'require' || reference.kind === 'import-equals')
    return ['*'];
  return reference.names.filter((n) => !n.typeOnly).map((n) => n.name);
}

/** The page imports of a package every name the chunk takes of it (or its whole namespace). */
function covers(page: ReadonlyMap<string, ReadonlySet<string>>, chunk: ReadonlyMap<string, ReadonlySet<string>>) {
  for (const [specifier, names] of chunk) {
    const loaded = page.get(specifier);
    if (!loaded || (!loaded.has('*') && [...names].some((name) => !loaded.has(name)))) return false;
  }
  return true;
}

/** Records that `reach` takes `names` of package `name` through `specifier`. */
function addNames(reach: Reach, name: string, specifier: string, names: Iterable<string>): void {
  let specifiers = reach.packages.get(name);
  if (!specifiers) reach.packages.set(name, (specifiers = new Map()));
  let taken = specifiers.get(specifier);
  if (!taken) specifiers.set(specifier, (taken = new Set()));
  for (const one of names) taken.add(one);
}

function union(parts: readonly Reach[]): Reach {
  const out: Reach = { files: new Set(), packages: new Map() };
  for (const part of parts) {
    for (const file of part.files) out.files.add(file);
    for (const [name, specifiers] of part.packages) {
      for (const [specifier, names] of specifiers) addNames(out, name, specifier, names);
    }
  }
  return out;
}

/** What every one of `parts` loads: a module shared by the chunks is loaded whichever of them brings the file. */
function common(parts: readonly Reach[]): Reach {
  const [first, ...rest] = parts;
  const files = new Set([...first.files].filter((file) => rest.every((part) => part.files.has(file))));
  const packages = new Map<string, Map<string, Set<string>>>();
  for (const [name, specifiers] of first.packages) {
    const kept = new Map<string, Set<string>>();
    for (const [specifier, names] of specifiers) {
      const everywhere = rest.map((part) => part.packages.get(name)?.get(specifier));
      if (everywhere.some((other) => other === undefined)) continue;
      kept.set(specifier, new Set([...names].filter((n) => everywhere.every((other) => other!.has(n)))));
    }
    if (kept.size) packages.set(name, kept);
  }
  return { files, packages };
}
