import type * as TS from 'typescript';
import type { Workspace, WorkspaceFile } from '../workspace';
import { sameListing } from '../workspace';
import { IN_NODE_MODULES, toInternal } from './paths';
import { Resolver } from './resolver';
import type { Resolution } from './resolver';
import { stronglyConnected } from './scc';
import { readModuleSyntax } from './syntax';
import type { ExportedName, ModuleReference, ModuleSyntax, Span } from './syntax';
import { loadTypeScript } from './typescript';

export type UnresolvedReason = 'external' | 'builtin' | 'missing';

export interface ResolvedReference extends ModuleReference {
  /** The workspace file it leads to (the workspace's own path). */
  target?: string;
  /** Resolved into a node_modules folder of the workspace (a dependency, not source). */
  external?: boolean;
  unresolved?: { reason: UnresolvedReason; packageName?: string };
}

export interface ModuleNode {
  file: string;
  stamp: string;
  references: ResolvedReference[];
  exports: ExportedName[];
  /** Why the file was not read or parsed; its references and exports are then empty. */
  error?: string;
}

export interface ModuleEdge {
  from: string;
  to: string;
  /** Distinct symbols `from` takes from `to` (a namespace, a default, a side effect count one each), at least 1. */
  weight: number;
  references: ResolvedReference[];
}

/** Where an exported name is defined, after following re-exports and barrels. */
export interface ExportOrigin {
  file: string;
  /** The name in `file`: `*` when the name is a namespace of the whole module. */
  name: string;
  /** The local binding behind it (`export default Foo`: Foo), when it is one. */
  local?: string;
  span?: Span;
  /** Files passed through before `file`, the first one asked first. */
  via: string[];
  /** Set when the chain leaves the workspace's source: `file` is the last module read. */
  unresolved?: { specifier: string; reason: UnresolvedReason | 'not-exported' };
}

export interface GraphUpdate {
  /** Files read and parsed again (new or changed stamp). */
  read: number;
  /** True when resolution was redone for every file (a file came or went, a config changed). */
  resolvedAll: boolean;
}

/** Modules, package.json files and TypeScript configs (`tsconfig.base.json` and the like, for `extends`). */
const GRAPH_FILE = /\.(?:[cm]?[jt]sx?)$|(?:^|[\\/])(?:[tj]sconfig[^\\/]*\.json|package\.json)$/;

interface Parsed {
  stamp: string;
  syntax: ModuleSyntax;
  error?: string;
}

/**
 * A module's syntax tree made by its user instead of the graph (the frontend optimizer's, with parent pointers,
 * which it analyses too): the graph reads imports and exports from it rather than parsing the text again.
 * Undefined: the graph parses the text itself.
 */
export type SourceProvider = (file: string, text: string) => TS.SourceFile | undefined;

/**
 * The modules of a TypeScript/JavaScript workspace and the imports between them, resolved as TypeScript
 * resolves them (resolver.ts). Parses are cached by stamp, so `update()` after an edit reads and parses the
 * edited files only and re-resolves only them, unless a file came or went or a config changed. Use the graph
 * synchronously after `build`/`update`, never across an await of another update.
 */
export class ModuleGraph {
  private ts: typeof TS | undefined;
  private readonly parsed = new Map<string, Parsed>();
  private readonly configStamps = new Map<string, string>();
  private readonly nodes = new Map<string, ModuleNode>();
  /** Internal path → the workspace's path, for every file listed (node_modules included). */
  private readonly external = new Map<string, string>();
  private readonly internal = new Map<string, string>();
  private readonly importers = new Map<string, Set<string>>();
  private resolver: Resolver | undefined;
  private fileSet = new Set<string>();
  private configTexts = new Map<string, string>();
  /**
   * resolveExport's answers by internal path and name, with the files each passed through: the planner asks the
   * same names of the same barrels over and over (a 5,000-file folder: 20,000 lookups, half a second uncached).
   */
  private readonly origins = new Map<string, { origin: ExportOrigin | undefined; files: string[]; name: string }>();
  /** Set when a lookup met a module and name it had already visited (a cycle): such an answer is not kept. */
  private cycleMet = false;
  /** The files and stamps of the last update, in listing order: the same again means nothing to do. */
  private listed: { file: string; stamp: string }[] = [];

  constructor(private readonly sourceOf?: SourceProvider) {}

  static async build(workspace: Workspace): Promise<ModuleGraph> {
    const graph = new ModuleGraph();
    await graph.update(workspace);
    return graph;
  }

  async update(workspace: Workspace): Promise<GraphUpdate> {
    this.ts ??= await loadTypeScript();
    const listed = await workspace.files(GRAPH_FILE);
    // Engines update the graph before each analysis: when no file came, went or changed, the walk over every
    // entry below (paths, stamps, configs) is skipped, or a run over n files costs n² of it.
    if (this.resolver && sameListing(this.listed, listed)) return { read: 0, resolvedAll: false };
    const modules: WorkspaceFile[] = [];
    const configs: WorkspaceFile[] = [];
    const files = new Set<string>();
    for (const entry of listed) {
      const path = toInternal(entry.file);
      this.external.set(path, entry.file);
      this.internal.set(entry.file, path);
      if (Resolver.isConfig(path)) configs.push(entry);
      else {
        files.add(path);
        if (!IN_NODE_MODULES.test(path)) modules.push(entry);
      }
    }

    let configsChanged = configs.length !== this.configStamps.size;
    const configTexts = new Map<string, string>();
    for (const entry of configs) {
      const path = this.internal.get(entry.file)!;
      if (this.configStamps.get(path) !== entry.stamp) configsChanged = true;
      this.configStamps.set(path, entry.stamp);
      const previous = this.configTexts.get(path);
      const text = !configsChanged && previous !== undefined ? previous : await entry.read().catch(() => undefined);
      if (text !== undefined) configTexts.set(path, text);
    }
    if (configsChanged)
      for (const path of this.configStamps.keys())
        if (!configs.some((c) => this.internal.get(c.file) === path)) this.configStamps.delete(path);
    const filesChanged = files.size !== this.fileSet.size || [...files].some((f) => !this.fileSet.has(f));
    const resolvedAll = !this.resolver || configsChanged || filesChanged;
    this.fileSet = files;
    this.configTexts = configTexts;
    if (resolvedAll) this.resolver = new Resolver(this.ts, { files, configs: configTexts });

    const changed: string[] = [];
    const before = new Map<string, ModuleNode | undefined>();
    for (const entry of modules) {
      const path = this.internal.get(entry.file)!;
      const cached = this.parsed.get(path);
      if (cached?.stamp === entry.stamp) continue;
      this.parsed.set(path, await this.parse(entry));
      changed.push(path);
      before.set(path, this.nodes.get(path));
    }
    const present = new Set(modules.map((entry) => this.internal.get(entry.file)!));
    for (const path of [...this.parsed.keys()]) if (!present.has(path)) this.parsed.delete(path);

    if (resolvedAll) {
      this.nodes.clear();
      this.importers.clear();
      for (const path of present) this.place(path);
      this.origins.clear();
    } else {
      for (const path of changed) this.place(path);
      this.forgetOrigins(before);
    }
    // Recorded once the graph holds this listing: an update that threw part-way is not taken for done next time.
    this.listed = listed.map((entry) => ({ file: entry.file, stamp: entry.stamp }));
    return { read: changed.length, resolvedAll };
  }

  /**
   * Another object after each update that changed something (the same while none did): what is derived from the
   * whole graph can be kept against it.
   */
  get version(): object {
    return this.listed;
  }

  /** Source modules of the workspace (node_modules files are resolution targets only), in workspace order. */
  get files(): string[] {
    return [...this.nodes.values()].map((node) => node.file);
  }

  module(file: string): ModuleNode | undefined {
    return this.nodes.get(this.internal.get(file) ?? toInternal(file));
  }

  /** Config files TypeScript could not read (the graph falls back to defaults for their folders). */
  get configErrors(): readonly { file: string; message: string }[] {
    return (this.resolver?.configErrors ?? []).map((e) => ({ ...e, file: this.external.get(e.file) ?? e.file }));
  }

  /** Files that could not be read or parsed, each with why; the rest of the graph is complete. */
  get errors(): { file: string; message: string }[] {
    return [...this.nodes.values()].flatMap((node) => (node.error ? [{ file: node.file, message: node.error }] : []));
  }

  /** What a file imports (re-exports included), one edge per target file. */
  importsOf(file: string): ModuleEdge[] {
    const node = this.module(file);
    if (!node) return [];
    const byTarget = new Map<string, ResolvedReference[]>();
    for (const reference of node.references) {
      if (!reference.target) continue;
      const list = byTarget.get(reference.target);
      if (list) list.push(reference);
      else byTarget.set(reference.target, [reference]);
    }
    return [...byTarget].map(([to, references]) => ({ from: node.file, to, weight: weightOf(references), references }));
  }

  /** The files that import (or re-export) a file. */
  importersOf(file: string): ModuleEdge[] {
    const path = this.internal.get(file) ?? toInternal(file);
    const target = this.external.get(path) ?? file;
    // Only each importer's edge to `target`, not all its edges: the frontend optimizer asks this of a shared
    // barrel for each of the hundreds of files importing it, and building every edge of every importer made
    // that quadratic (16% of a check of 400 components).
    const edges: ModuleEdge[] = [];
    for (const from of this.importers.get(path) ?? []) {
      const node = this.nodes.get(from);
      const references = node?.references.filter((reference) => reference.target === target) ?? [];
      if (node && references.length)
        edges.push({ from: node.file, to: target, weight: weightOf(references), references });
    }
    return edges;
  }

  edges(): ModuleEdge[] {
    return this.files.flatMap((file) => this.importsOf(file));
  }

  /** Groups of files that import each other (cycles): components of more than one file, or a file importing itself. */
  cycles(): string[][] {
    const successors = (file: string) => this.importsOf(file).map((edge) => edge.to);
    return stronglyConnected(this.files, successors).filter(
      (component) => component.length > 1 || successors(component[0]).includes(component[0]),
    );
  }

  /** All strongly connected components, in reverse topological order. */
  stronglyConnected(): string[][] {
    return stronglyConnected(this.files, (file) => this.importsOf(file).map((edge) => edge.to));
  }

  /**
   * The module that defines `name` as `file` exports it: through `export { a as b } from`, `export * from`
   * (never for `default`), `export * as ns from`, and `import { a } …; export { a }`. Undefined when `file`
   * does not export the name; a cycle of re-exports ends the search there.
   */
  resolveExport(file: string, name: string): ExportOrigin | undefined {
    const path = this.internal.get(file) ?? toInternal(file);
    const key = `${path}\0${name}`;
    let known = this.origins.get(key);
    if (!known) {
      this.cycleMet = false;
      const origin = this.follow(path, name, [], new Set());
      known = { origin, files: origin ? [this.external.get(path) ?? file, ...origin.via, origin.file] : [], name };
      if (this.cycleMet) return origin;
      this.origins.set(key, known);
    }
    return known.origin && { ...known.origin, via: [...known.origin.via] };
  }

  /**
   * Drops the kept answers an edit may change: those that passed through an edited module, and those for a name
   * an edited module now answers differently (it may now answer lookups that never passed through it); all of
   * them when an edited module's `export *` list changed.
   */
  private forgetOrigins(before: ReadonlyMap<string, ModuleNode | undefined>): void {
    const files = new Set<string>();
    const names = new Set<string>();
    for (const [path, previous] of before) {
      const node = this.nodes.get(path);
      files.add(this.external.get(path) ?? path);
      const old = exportSignature(previous);
      const now = exportSignature(node);
      if (old.stars !== now.stars) {
        this.origins.clear();
        return;
      }
      for (const [name, signature] of now.names) if (old.names.get(name) !== signature) names.add(name);
      for (const name of old.names.keys()) if (!now.names.has(name)) names.add(name);
    }
    for (const [key, known] of this.origins)
      if (names.has(known.name) || known.files.some((file) => files.has(file))) this.origins.delete(key);
  }

  private follow(path: string, name: string, via: string[], seen: Set<string>): ExportOrigin | undefined {
    const key = `${path}\0${name}`;
    if (seen.has(key)) {
      this.cycleMet = true;
      return undefined;
    }
    seen.add(key);
    const node = this.nodes.get(path);
    if (!node) return undefined;
    if (name === '*') return { file: node.file, name, via };
    const next = [...via, node.file];
    const own = node.exports.find((e) => e.name === name);
    if (own) {
      const imported = own.local === undefined ? undefined : importBinding(node, own.local);
      if (imported) return this.through(imported.reference, imported.name, node, next, seen);
      return { file: node.file, name, ...(own.local ? { local: own.local } : {}), span: own.span, via };
    }
    for (const reference of node.references) {
      if (reference.kind !== 're-export') continue;
      const taken = reference.names.find((n) => n.local === name);
      if (taken) return this.through(reference, taken.name, node, next, seen);
    }
    if (name === 'default') return undefined;
    for (const reference of node.references) {
      if (reference.kind !== 'export-star' || !reference.target) continue;
      const found = this.follow(this.internal.get(reference.target)!, name, next, seen);
      if (found) return found;
    }
    return undefined;
  }

  private through(
    reference: ResolvedReference,
    name: string,
    node: ModuleNode,
    via: string[],
    seen: Set<string>,
  ): ExportOrigin | undefined {
    if (!reference.target || reference.external)
      return {
        file: node.file,
        name,
        via: via.slice(0, -1),
        unresolved: { specifier: reference.specifier, reason: reference.unresolved?.reason ?? 'external' },
      };
    return (
      this.follow(this.internal.get(reference.target)!, name, via, seen) ?? {
        file: reference.target,
        name,
        via,
        unresolved: { specifier: reference.specifier, reason: 'not-exported' },
      }
    );
  }

  private async parse(entry: WorkspaceFile): Promise<Parsed> {
    const empty: ModuleSyntax = { references: [], exports: [] };
    let text: string | undefined;
    try {
      text = await entry.read();
    } catch (error) {
      return { stamp: entry.stamp, syntax: empty, error: `could not be read: ${messageOf(error)}` };
    }
    if (text === undefined) return { stamp: entry.stamp, syntax: empty, error: 'could not be read' };
    try {
      const source = this.sourceOf?.(entry.file, text);
      return { stamp: entry.stamp, syntax: readModuleSyntax(this.ts!, entry.file, text, source) };
    } catch (error) {
      return { stamp: entry.stamp, syntax: empty, error: `could not be parsed: ${messageOf(error)}` };
    }
  }

  /** Resolves a parsed file's references and swaps its node in, keeping the importer index current. */
  private place(path: string): void {
    const parsed = this.parsed.get(path)!;
    const previous = this.nodes.get(path);
    for (const reference of previous?.references ?? [])
      if (reference.target) this.importers.get(this.internal.get(reference.target)!)?.delete(path);
    const references = parsed.syntax.references.map((reference) =>
      this.resolved(reference, this.resolver!.resolve(reference.specifier, path, reference.kind)),
    );
    for (const reference of references) {
      if (!reference.target) continue;
      const target = this.internal.get(reference.target)!;
      let set = this.importers.get(target);
      if (!set) this.importers.set(target, (set = new Set()));
      set.add(path);
    }
    this.nodes.set(path, {
      file: this.external.get(path)!,
      stamp: parsed.stamp,
      references,
      exports: parsed.syntax.exports,
      ...(parsed.error ? { error: parsed.error } : {}),
    });
  }

  private resolved(reference: ModuleReference, resolution: Resolution): ResolvedReference {
    if ('file' in resolution)
      return {
        ...reference,
        target: this.external.get(resolution.file) ?? resolution.file,
        ...(resolution.external ? { external: true } : {}),
      };
    return {
      ...reference,
      unresolved: {
        reason: resolution.reason,
        ...(resolution.reason === 'external' ? { packageName: resolution.packageName } : {}),
      },
    };
  }
}

function importBinding(node: ModuleNode, local: string): { reference: ResolvedReference; name: string } | undefined {
  for (const reference of node.references) {
    if (reference.kind !== 'import' && reference.kind !== 'import-equals' && reference.kind !== 'require') continue;
    const binding = reference.names.find((n) => n.local === local);
    if (binding) return { reference, name: binding.name };
  }
  return undefined;
}

/** What a module answers for each name it exports (its own binding, an import passed on, a re-export), and its `export *` targets. */
function exportSignature(node: ModuleNode | undefined): { names: Map<string, string>; stars: string } {
  const names = new Map<string, string>();
  const add = (name: string, text: string) => names.set(name, `${names.get(name) ?? ''};${text}`);
  const stars: string[] = [];
  for (const own of node?.exports ?? []) {
    const binding = own.local === undefined ? undefined : importBinding(node!, own.local);
    add(
      own.name,
      `own:${own.local ?? ''}:${binding ? `${binding.reference.target ?? binding.reference.specifier}:${binding.name}` : ''}`,
    );
  }
  for (const reference of node?.references ?? []) {
    if (reference.kind === 're-export')
      for (const n of reference.names) add(n.local, `re:${reference.target ?? reference.specifier}:${n.name}`);
    if (reference.kind === 'export-star')
      stars.push(`${reference.target ?? reference.specifier}:${reference.names.map((n) => n.local).join(',')}`);
  }
  return { names, stars: stars.join(';') };
}

function weightOf(references: readonly ResolvedReference[]): number {
  let weight = 0;
  const names = new Set<string>();
  for (const reference of references) {
    if (reference.names.length === 0) weight++;
    for (const n of reference.names) names.add(n.name);
  }
  return Math.max(1, weight + names.size);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
