import type * as TS from 'typescript';

/** A declaration file installed in a package: what a contract program may read outside the workspace's sources. */
const DECLARATION_IN_PACKAGE = /\/node_modules\/.+\.d\.[cm]?ts$/;

/**
 * Parsed declaration files of packages by path, kept while their text is unchanged: a generated Prisma client is
 * megabytes of types, and each what-if builds a program again.
 */
const parsed = new Map<string, { text: string; target: number; source: TS.SourceFile }>();
const PARSED_LIMIT = 500;

/**
 * The types of the packages a contract program's files import (`@prisma/client`, `zod`), read from the
 * workspace's node_modules as TypeScript resolves them (package.json `types` and `exports`, `@types/…`), and only
 * their declaration files: no package source is read, nothing runs. Resolved per program; what the resolver
 * finds is the only thing served from disk.
 */
export class PackageTypes {
  private readonly files = new Set<string>();
  private readonly options: TS.CompilerOptions;
  private readonly cache: TS.ModuleResolutionCache;

  constructor(
    private readonly ts: typeof TS,
    options: TS.CompilerOptions,
  ) {
    // Classic resolution (TypeScript's default without a `module` option) never looks in node_modules; a bundler's
    // does, package.json `exports` included, as the code's own build most likely resolves them.
    const classic =
      options.moduleResolution === undefined || options.moduleResolution === ts.ModuleResolutionKind.Classic;
    this.options = classic ? { ...options, moduleResolution: ts.ModuleResolutionKind.Bundler } : options;
    this.cache = ts.createModuleResolutionCache('/', (name) => name, this.options);
  }

  /** Whether a path is a package's declaration file this program resolved. */
  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Where `specifier`, imported from the file at `from` (on disk), has its declarations, if it is a package's. */
  resolve(specifier: string, from: string): TS.ResolvedModuleFull | undefined {
    const sys = this.ts.sys;
    if (!sys) return undefined;
    const resolved = this.ts.resolveModuleName(specifier, from, this.options, sys, this.cache).resolvedModule;
    const path = resolved?.resolvedFileName.replace(/\\/g, '/');
    if (!resolved || !path || !DECLARATION_IN_PACKAGE.test(path)) return undefined;
    this.files.add(path);
    return { ...resolved, resolvedFileName: path, isExternalLibraryImport: true };
  }

  source(path: string, target: TS.ScriptTarget): TS.SourceFile | undefined {
    const text = this.ts.sys?.readFile(path);
    if (text === undefined) return undefined;
    const kept = parsed.get(path);
    if (kept && kept.text === text && kept.target === target) return kept.source;
    const source = this.ts.createSourceFile(path, text, target, true);
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
    parsed.set(path, { text, target, source });
    return source;
  }

  /** `@prisma/client` for `/app/node_modules/@prisma/client/index.d.ts`; `.prisma/client` for Prisma's output. */
  packageOf(path: string): string | undefined {
    if (!this.files.has(path)) return undefined;
    const inside = path.slice(path.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
    // A scope, or a folder of generated code beside the packages, names one level further down.
    return /^[@.]/.test(inside[0]) ? inside.slice(0, 2).join('/') : inside[0];
  }
}

/**
 * What package managers rewrite on every install, in a node_modules folder: npm's hidden lockfile, pnpm's state
 * and lockfile, yarn's install state. A change to any means the installed packages (and their types) may have.
 */
export const INSTALL_STATE_FILES = ['.package-lock.json', '.modules.yaml', '.pnpm/lock.yaml', '.yarn-state.yml'];

/**
 * The stamps of the install state files in every node_modules a package import of `files` (paths on disk) can
 * resolve to: the folders themselves and each one above, as Node and TypeScript look. An install changes it, so a
 * contract synthesis keyed by it re-reads the packages' types after an `npm install` with no source edited.
 */
export function installedStamp(ts: typeof TS, files: Iterable<string>): string {
  const sys = ts.sys;
  if (!sys?.getModifiedTime) return '';
  const folders = new Set<string>();
  for (const file of files) {
    let dir = file.replace(/\\/g, '/');
    for (let at = dir.lastIndexOf('/'); at > 0; at = dir.lastIndexOf('/')) {
      dir = dir.slice(0, at);
      if (folders.has(dir)) break;
      folders.add(dir);
    }
  }
  const stamps: string[] = [];
  for (const dir of [...folders].sort())
    for (const name of INSTALL_STATE_FILES) {
      const file = `${dir}/node_modules/${name}`;
      if (!sys.fileExists(file)) continue;
      stamps.push(`${file}:${sys.getModifiedTime(file)?.getTime() ?? 0}:${sys.getFileSize?.(file) ?? 0}`);
    }
  return stamps.join('\n');
}
