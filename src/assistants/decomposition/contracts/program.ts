import type * as TS from 'typescript';
import type { ModuleGraph } from '../../../core/module-graph';
import { toInternal } from '../../../core/module-graph/paths';
import type { Workspace } from '../../../core/workspace';
import { FALLBACK_LIB, FALLBACK_LIB_NAME } from './fallback-lib';
import { PackageTypes } from './package-types';

/** The files a contract program may hold, read: by their workspace paths and the paths the program knows. */
export interface ContractTexts {
  /** Workspace path → the path the program knows it by (absolute, forward slashes). */
  internal: ReadonlyMap<string, string>;
  /** The program's path → the workspace's path. */
  external: ReadonlyMap<string, string>;
  /** Every file's text, by the program's path. */
  texts: ReadonlyMap<string, string>;
  stamps: ReadonlyMap<string, string>;
  /** Files that could not be read; the program goes on without them. */
  unreadable: { file: string; message: string }[];
  options: TS.CompilerOptions;
  /** The program's path → where the file is on disk, for a workspace on disk (packages' types are found from it). */
  located: ReadonlyMap<string, string>;
}

/** What a contract program holds: the crossing files and what they need for types, each by its workspace path. */
export interface ContractProgram extends ContractTexts {
  program: TS.Program;
  checker: TS.TypeChecker;
  /** True when TypeScript's own lib files were not found beside the compiler and a small built-in lib stood in. */
  fallbackLib: boolean;
  /** The package a program path belongs to (`@prisma/client`), for declaration files read from node_modules. */
  packageOf(path: string): string | undefined;
}

const TSCONFIG = /(?:^|[\\/])tsconfig\.json$/;

/**
 * Parsed source files by the program's path, kept across runs while their text is unchanged: a what-if in the
 * panel re-synthesises contracts over mostly the same files, and parsing is most of a small program's cost.
 * The lib files are parsed once per process.
 */
const sourceCache = new Map<string, { text: string; stamp: string; target: number; source: TS.SourceFile }>();
const SOURCE_CACHE_LIMIT = 4000;
const libCache = new Map<string, TS.SourceFile | null>();

/**
 * The compiler options of the folder's nearest tsconfig.json (its `extends` followed), made safe for a partial
 * program: nothing emitted, no automatic `@types` (a type package is outside the source and would pull the
 * whole of node_modules in), libs without the DOM unless the config names them.
 */
export async function contractOptions(ts: typeof TS, workspace: Workspace, root: string): Promise<TS.CompilerOptions> {
  const configs = await workspace.files(/(?:^|[\\/])tsconfig[^\\/]*\.json$/);
  const texts = new Map<string, string>();
  for (const entry of configs) {
    const text = await entry.read().catch(() => undefined);
    if (text !== undefined) texts.set(toInternal(entry.file), text);
  }
  const rootDir = toInternal(root || '/').replace(/\/+$/, '') || '/';
  let config: string | undefined;
  for (let dir = rootDir; ; dir = dir.slice(0, Math.max(dir.lastIndexOf('/'), 0)) || '/') {
    const candidate = `${dir === '/' ? '' : dir}/tsconfig.json`;
    if (texts.has(candidate)) {
      config = candidate;
      break;
    }
    if (dir === '/') break;
  }
  // A tsconfig in one of the folder's packages (a monorepo root has none of its own).
  config ??= [...texts.keys()].filter((file) => TSCONFIG.test(file) && file.startsWith(rootDir)).sort()[0];
  let options: TS.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022 };
  if (config) {
    const host: TS.ParseConfigHost = {
      useCaseSensitiveFileNames: true,
      readDirectory: () => [],
      fileExists: (path) => texts.has(path),
      readFile: (path) => texts.get(path),
    };
    const parsed = ts.parseJsonSourceFileConfigFileContent(
      ts.parseJsonText(config, texts.get(config)!),
      host,
      config.slice(0, config.lastIndexOf('/')) || '/',
      undefined,
      config,
    );
    options = parsed.options;
  }
  return {
    ...options,
    noEmit: true,
    allowJs: true,
    checkJs: false,
    skipLibCheck: true,
    types: [],
    typeRoots: [],
    composite: false,
    incremental: false,
    declaration: false,
    isolatedModules: false,
    lib: options.lib ?? ['lib.es2022.d.ts'],
  };
}

/** The texts of `files` through the workspace, except where a parse of the same stamp is kept. */
export async function readContractTexts(
  workspace: Workspace,
  options: TS.CompilerOptions,
  files: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<ContractTexts> {
  const internal = new Map<string, string>();
  const external = new Map<string, string>();
  const texts = new Map<string, string>();
  const stamps = new Map<string, string>();
  const unreadable: { file: string; message: string }[] = [];
  const located = new Map<string, string>();
  const listed = await workspace.files(/\.(?:[cm]?[jt]sx?)$/);
  for (const entry of listed) {
    if (!files.has(entry.file)) continue;
    const path = toInternal(entry.file);
    try {
      const kept = sourceCache.get(path);
      const text = kept?.stamp === entry.stamp ? kept.text : await entry.read();
      if (text === undefined) throw new Error('no text');
      internal.set(entry.file, path);
      external.set(path, entry.file);
      texts.set(path, text);
      stamps.set(path, entry.stamp);
      const disk = workspace.locate?.(entry.file);
      if (disk !== undefined) located.set(path, disk.replace(/\\/g, '/'));
    } catch (error) {
      unreadable.push({ file: entry.file, message: `could not be read: ${(error as Error).message ?? error}` });
    }
    signal?.throwIfAborted();
  }
  return { internal, external, texts, stamps, unreadable, options, located };
}

/**
 * A `ts.Program` over the files read alone: imports resolve as the module graph resolved them, and only to files
 * of the set, so the program never grows past what the contracts need (a type from elsewhere is unresolved and
 * shows as such in the contract). A package the workspace imports is resolved to its installed declaration files
 * (package-types.ts) when the workspace is on disk, so `@prisma/client` models and `z.infer` types are real. With `roots`, the program starts from those files and holds only what they
 * import, directly or not: what the checker sees from them is the same as in the program of the whole set.
 */
export function contractProgram(
  ts: typeof TS,
  graph: ModuleGraph,
  read: ContractTexts,
  files: ReadonlySet<string>,
  roots?: ReadonlySet<string>,
): ContractProgram {
  const { internal, external, texts, stamps, options } = read;
  const libDir = libFolder(ts);
  let fallbackLib = false;
  const libSource = (fileName: string): TS.SourceFile | undefined => {
    const name = fileName.slice(fileName.lastIndexOf('/') + 1);
    if (fileName === `/${FALLBACK_LIB_NAME}`) {
      fallbackLib = true;
      return cachedLib(ts, fileName, () => FALLBACK_LIB);
    }
    return cachedLib(ts, fileName, () => (libDir ? ts.sys?.readFile(`${libDir}/${name}`) : undefined)) ?? undefined;
  };
  const libs = libDir === undefined ? [] : availableLibs(ts, libDir, options.lib ?? []);
  const programOptions: TS.CompilerOptions = libs.length
    ? { ...options, lib: libs }
    : { ...options, lib: undefined, noLib: true };
  const libAvailable = libs.length > 0;

  const target = programOptions.target ?? ts.ScriptTarget.ES2022;
  const packages = new PackageTypes(ts, options);
  const host: TS.CompilerHost = {
    getSourceFile: (fileName) => {
      if (fileName.startsWith('/__lib__/') || fileName === `/${FALLBACK_LIB_NAME}`) return libSource(fileName);
      if (!texts.has(fileName) && packages.has(fileName)) return packages.source(fileName, target);
      const text = texts.get(fileName);
      if (text === undefined) return undefined;
      const cached = sourceCache.get(fileName);
      if (cached && cached.text === text && cached.target === target) return cached.source;
      const source = ts.createSourceFile(fileName, text, target, true);
      sourceCache.set(fileName, { text, stamp: stamps.get(fileName) ?? '', target, source });
      return source;
    },
    getDefaultLibFileName: () => '/__lib__/lib.d.ts',
    getDefaultLibLocation: () => '/__lib__',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) =>
      texts.has(fileName) || packages.has(fileName) || (fileName.startsWith('/__lib__/') && !!libSource(fileName)),
    readFile: (fileName) => texts.get(fileName) ?? (packages.has(fileName) ? ts.sys?.readFile(fileName) : undefined),
    directoryExists: () => true,
    getDirectories: () => [],
    resolveModuleNameLiterals: (literals, containingFile) => {
      if (packages.has(containingFile))
        return literals.map((literal) => ({ resolvedModule: packages.resolve(literal.text, containingFile) }));
      const node = graph.module(external.get(containingFile) ?? containingFile);
      const disk = read.located.get(containingFile);
      return literals.map((literal) => {
        const target = node?.references.find((r) => r.specifier === literal.text && r.target)?.target;
        const path = target !== undefined && files.has(target) ? internal.get(target) : undefined;
        if (path) return { resolvedModule: { resolvedFileName: path, extension: extensionOf(ts, path) } };
        // A package the graph leaves outside the workspace: its declaration files, where they are installed.
        const bare = !literal.text.startsWith('.') && !literal.text.startsWith('/');
        return { resolvedModule: bare && disk ? packages.resolve(literal.text, disk) : undefined };
      });
    },
    // `/// <reference types>` in a package would pull in the whole of @types (Node's alone is thousands of lines).
    resolveTypeReferenceDirectiveReferences: (references) =>
      references.map(() => ({ resolvedTypeReferenceDirective: undefined })),
  };
  trimSourceCache(texts);
  const rootNames = roots ? [...roots].flatMap((file) => internal.get(file) ?? []) : [...texts.keys()];
  if (!libAvailable) rootNames.push(`/${FALLBACK_LIB_NAME}`);
  const program = ts.createProgram({ rootNames, options: programOptions, host });
  const checker = program.getTypeChecker();
  return { ...read, program, checker, fallbackLib, packageOf: (path) => packages.packageOf(path) };
}

/**
 * Drops cached sources beyond the limit, oldest first, but never one of the program about to be built: a bound
 * smaller than one program, applied while it is built, evicted each file before the next run asked for it again
 * (every plan of a 5,000-file folder re-parsed all of them: 5 s of CPU).
 */
function trimSourceCache(keep: ReadonlyMap<string, string>): void {
  for (const path of [...sourceCache.keys()]) {
    if (sourceCache.size <= SOURCE_CACHE_LIMIT) return;
    if (!keep.has(path)) sourceCache.delete(path);
  }
}

/** The ES libs the extension ships beside its compiler (esbuild.mjs), newest first. */
const SHIPPED_ES_LIBS = ['es2022', 'es2021', 'es2020', 'es2019', 'es2018', 'es2017', 'es2016', 'es2015', 'es5'].map(
  (name) => `lib.${name}.d.ts`,
);

/**
 * The libs asked for that are beside the compiler. The extension ships TypeScript with the ES5 to ES2022 libs only
 * (the DOM's and the newer ones are megabytes more), so a config's `ESNext` or `DOM` is read as the newest ES lib
 * there rather than as no lib at all, which left `Promise` and `Array` unresolved and every contract's types
 * unknown.
 */
export function availableLibs(ts: typeof TS, libDir: string, wanted: readonly string[]): string[] {
  const exists = (name: string) => ts.sys?.fileExists(`${libDir}/${name}`) ?? false;
  const found = wanted.filter(exists);
  if (found.length === wanted.length && found.length > 0) return found;
  const nearest = SHIPPED_ES_LIBS.find(exists);
  return nearest && !found.includes(nearest) ? [...found, nearest] : found;
}

function cachedLib(ts: typeof TS, fileName: string, read: () => string | undefined): TS.SourceFile | undefined {
  if (!libCache.has(fileName)) {
    const text = read();
    libCache.set(fileName, text === undefined ? null : ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest));
  }
  return libCache.get(fileName) ?? undefined;
}

/** TypeScript's lib folder, beside the compiler (absent when a bundle carries the compiler alone). */
function libFolder(ts: typeof TS): string | undefined {
  try {
    const path = ts.getDefaultLibFilePath({}).replace(/\\/g, '/');
    return path.slice(0, path.lastIndexOf('/'));
  } catch {
    return undefined;
  }
}

function extensionOf(ts: typeof TS, path: string): TS.Extension {
  const match = /\.d\.[cm]?ts$|\.[cm]?[jt]sx?$/.exec(path)?.[0] ?? '.ts';
  const byText: Record<string, TS.Extension> = {
    '.ts': ts.Extension.Ts,
    '.tsx': ts.Extension.Tsx,
    '.mts': ts.Extension.Mts,
    '.cts': ts.Extension.Cts,
    '.js': ts.Extension.Js,
    '.jsx': ts.Extension.Jsx,
    '.mjs': ts.Extension.Mjs,
    '.cjs': ts.Extension.Cjs,
    '.d.ts': ts.Extension.Dts,
    '.d.mts': ts.Extension.Dmts,
    '.d.cts': ts.Extension.Dcts,
  };
  return byText[match] ?? ts.Extension.Ts;
}
