import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ImportEntry } from './entry';
import { entrySource, externalsOf } from './entry';

/** The part of esbuild's API a measurement uses (the native package and esbuild-wasm both have it). */
export interface Bundler {
  build(options: Record<string, unknown>): Promise<{
    outputFiles?: Array<{ path: string; contents: Uint8Array }>;
    metafile?: { inputs: Record<string, { imports?: Array<{ path: string; external?: boolean }> }> };
  }>;
  /** Asked once of a workspace's esbuild to see that its binary runs here (load-bundler.ts). */
  transform?(input: string, options: Record<string, unknown>): Promise<unknown>;
}

export interface BundleSizes {
  minifiedBytes: number;
  gzipBytes: number;
}

/** A workspace module's bundle: its sizes, the files it read (for the cache's stamps) and what it left out. */
export interface LocalBundleSizes extends BundleSizes {
  /** Absolute paths of every file the bundle read. */
  inputs: string[];
  /** Imports no file on disk answers (a bundler plugin's virtual module, `./icon.svg?react`): not counted. */
  unresolved: string[];
}

/** React is the page's already: a component library's cost is what it adds beside it. */
const EXTERNALS = ['react', 'react-dom', 'react/*', 'react-dom/*'];

/**
 * Styles, images, fonts and media a workspace module imports: the lazy chunk's JavaScript is what is measured,
 * so they count as empty (the app's bundler emits them as files of their own).
 */
const ASSETS = [
  ...['.css', '.scss', '.sass', '.less', '.styl', '.pcss'],
  ...['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.ico', '.bmp'],
  ...['.woff', '.woff2', '.ttf', '.otf', '.eot', '.mp3', '.mp4', '.webm', '.wav', '.ogg', '.pdf'],
];

/** The entry's name as esbuild reports it (it is no file: never stamped). */
const ENTRY_FILE = 'import-cost-entry.js';

export function commonOptions(entries: readonly ImportEntry[], resolveDir: string): Record<string, unknown> {
  return {
    stdin: { contents: entrySource(entries), resolveDir, loader: 'js', sourcefile: ENTRY_FILE },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: EXTERNALS,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    legalComments: 'none',
  };
}

export function sizesOf(contents: Uint8Array | undefined): BundleSizes {
  const output = contents ?? new Uint8Array();
  return { minifiedBytes: output.byteLength, gzipBytes: gzipSync(output).byteLength };
}

/**
 * Bundles exactly `entries` as a browser build would (minified, production, React external) and returns the
 * output's size, raw and gzipped. `resolveDir` is where the imports are resolved from: the importing file's folder.
 */
export async function bundleSizes(
  bundler: Bundler,
  entries: readonly ImportEntry[],
  resolveDir: string,
): Promise<BundleSizes> {
  const result = await bundler.build(commonOptions(entries, resolveDir));
  return sizesOf(result.outputFiles?.[0]?.contents);
}

/**
 * Bundles workspace modules (entries named by absolute path) as a lazy chunk would hold them: their own
 * imports, packages included, tsconfig `paths` as esbuild reads them beside each file. An import that resolves
 * to no file is left out and listed rather than failing the measurement; assets count as empty.
 */
export async function localBundleSizes(
  bundler: Bundler,
  entries: readonly ImportEntry[],
  resolveDir: string,
): Promise<LocalBundleSizes> {
  const local = localOptions(externalsOf(entries));
  const result = await bundler.build({ ...commonOptions(entries, resolveDir), ...local.options });
  // The metafile names inputs relative to esbuild's working folder (the process's).
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .filter((input) => path.basename(input) !== ENTRY_FILE && !/^[a-z-]+:/.test(input))
    .map((input) => path.resolve(input));
  const unresolved = new Set([...local.unresolved.values()].flatMap((specifiers) => [...specifiers]));
  return { ...sizesOf(result.outputFiles?.[0]?.contents), inputs, unresolved: [...unresolved].sort() };
}

/**
 * The options a workspace module's bundle adds to the common ones, for `leftOut` (what the page already loads:
 * package names and absolute paths): those left out, assets empty, and a plugin that leaves out an import no file
 * answers, recording it in `unresolved` by its importer (an absolute path, or `namespace:path` for a virtual one).
 */
export function localOptions(leftOut: readonly string[]): {
  options: Record<string, unknown>;
  unresolved: Map<string, Set<string>>;
} {
  const unresolved = new Map<string, Set<string>>();
  // What the app's entry already loads: its packages (and their subpaths) and its workspace modules stay out.
  const externalPackages = leftOut.filter((name) => !path.isAbsolute(name));
  const externalFiles = new Set(leftOut.filter((name) => path.isAbsolute(name)));
  const external = (specifier: string) =>
    EXTERNALS.some((e) => matches(e, specifier)) ||
    externalPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`));
  // Marks esbuild's own resolution of a path this plugin asks about, so the plugin does not answer itself.
  const probe = { probe: true };
  const leaveOut = {
    name: 'leave-out-unresolved',
    setup(build: {
      onResolve(
        options: { filter: RegExp },
        callback: (args: ResolveArgs) => Promise<ResolveResult | undefined> | ResolveResult | undefined,
      ): void;
      resolve(
        path: string,
        options: { kind: string; resolveDir: string; importer: string; pluginData: unknown },
      ): Promise<{ errors: unknown[] } & ResolveResult>;
    }) {
      // Bare specifiers (packages, aliases) and suffixed ones (`?react`) are what may resolve to nothing; a
      // relative path without a suffix names a file, and asking about each one would double the resolving work.
      const resolve = (args: ResolveArgs) =>
        build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: probe,
        });
      build.onResolve({ filter: /^[^./]|\?/ }, async (args) => {
        if (args.pluginData === probe) return undefined;
        if (external(args.path)) return { path: args.path, external: true };
        const found = await resolve(args);
        if (found.errors.length) {
          const importer = args.namespace === 'file' ? args.importer : `${args.namespace}:${args.importer}`;
          const specifiers = unresolved.get(importer) ?? new Set<string>();
          specifiers.add(args.path);
          unresolved.set(importer, specifiers);
          return { path: args.path, external: true };
        }
        return externalFiles.has(found.path) ? { path: found.path, external: true } : found;
      });
      // A relative path may name one of the entry's modules. esbuild matches absolute POSIX paths in `external`
      // against each resolved path itself (below), with no round trip to this thread per import; only paths it
      // would read as package names (a Windows drive) are looked up here, by their path without extension.
      const byStem = new Map<string, string>();
      for (const file of externalFiles) {
        if (file.startsWith('/')) continue;
        const stem = file.slice(0, file.length - path.extname(file).length);
        byStem.set(stem, file);
        if (path.basename(stem) === 'index') byStem.set(path.dirname(stem), file);
      }
      if (byStem.size)
        build.onResolve({ filter: /^[./]/ }, (args) => {
          if (args.pluginData === probe) return undefined;
          const target = path.resolve(args.resolveDir, args.path);
          const file = externalFiles.has(target) ? target : byStem.get(target.replace(/\.[cm]?[jt]sx?$/, ''));
          return file ? { path: file, external: true } : undefined;
        });
    },
  };
  return {
    options: {
      metafile: true,
      loader: Object.fromEntries(ASSETS.map((ext) => [ext, 'empty'])),
      // The runtime React 17+ toolchains compile JSX to (`react/jsx-runtime`, external like React).
      jsx: 'automatic',
      external: [...EXTERNALS, ...[...externalFiles].filter((file) => file.startsWith('/'))],
      plugins: [leaveOut],
    },
    unresolved,
  };
}

interface ResolveArgs {
  path: string;
  namespace: string;
  kind: string;
  resolveDir: string;
  importer: string;
  pluginData?: unknown;
}

interface ResolveResult {
  path: string;
  external?: boolean;
}

function matches(pattern: string, specifier: string): boolean {
  return pattern.endsWith('/*') ? specifier.startsWith(pattern.slice(0, -1)) : specifier === pattern;
}
