import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as TS from 'typescript';
import type { Bundler } from '../import-cost/bundle';
import { HARNESS_GLOBAL, RESOLVE_FROM } from './harness';
import { RENDER_COUNTER_SOURCE, contextRegistration, instrumentRenders } from './instrument';
import type { LoaderStub } from './typed-inputs';

/** esbuild's plugin API, as far as the sandbox uses it. */
interface PluginBuild {
  onResolve(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string; importer: string; resolveDir: string; kind: string }) => unknown,
  ): void;
  onLoad(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string }) => Promise<unknown> | unknown,
  ): void;
  resolve(
    target: string,
    options: { resolveDir: string; kind: string },
  ): Promise<{ path: string; errors: unknown[]; external?: boolean }>;
}

export interface HarnessBundle {
  /** The harness entry (harness.ts) as JavaScript source. */
  entry: string;
  /** The folder its imports resolve from: the measured component's. */
  resolveDir: string;
  /** Absolute path → text replacing the file on disk (a candidate fix applied in memory). */
  overrides: Readonly<Record<string, string>>;
  loaders: readonly LoaderStub[];
  /** Which build of React runs: the profiling build (production timings) or the development build. */
  reactBuild: 'profiling' | 'development';
  /** The measured component's module and the contexts its render provides (`AuthContext`), registered for probes. */
  provided?: { file: string; contexts: readonly string[] };
  /** The workspace React's JSX runtime: `react/jsx-runtime`, else `React.createElement` (before 16.14). */
  jsx: 'automatic' | 'classic';
  /** The project's public variables, for `process.env` and `import.meta.env`. */
  env?: Readonly<Record<string, string>>;
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const LOADERS: Record<string, string> = {
  '.js': 'jsx',
  '.mjs': 'jsx',
  '.cjs': 'jsx',
  '.jsx': 'jsx',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
};
const ASSETS = [
  '.css',
  '.scss',
  '.sass',
  '.less',
  '.svg',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.avif',
  '.woff',
  '.woff2',
];

/**
 * Bundles the harness with the workspace's code and its own React as one script (an IIFE that sets
 * `HARNESS_GLOBAL`): workspace modules (not node_modules) are read with their overrides and every component's
 * render counted (instrument.ts); the data loaders the component imports answer generated data; styles and images
 * load as nothing. The profiling build of react-dom keeps `React.Profiler`'s timings at production speed.
 */
export async function bundleHarness(ts: typeof TS, bundler: Bundler, harness: HarnessBundle): Promise<string> {
  const mode = harness.reactBuild === 'profiling' ? 'production' : 'development';
  const plugin = {
    name: 'render-sandbox',
    setup(build: PluginBuild) {
      if (harness.reactBuild === 'profiling')
        build.onResolve({ filter: /^react-dom(?:\/client)?$/ }, async (args) => {
          // React 19's profiling build takes its shared internals from react-dom itself: not from itself again.
          if (args.importer.includes(`${path.sep}node_modules${path.sep}react-dom${path.sep}`)) return undefined;
          const resolved = await build.resolve('react-dom/profiling', { resolveDir: args.resolveDir, kind: args.kind });
          return resolved.errors.length ? undefined : { path: resolved.path };
        });
      // React 16.5 to 17's profiling build refuses to run beside scheduler/tracing's production build.
      if (harness.reactBuild === 'profiling')
        build.onResolve({ filter: /^scheduler\/tracing$/ }, async (args) => {
          const resolved = await build.resolve('scheduler/tracing-profiling', {
            resolveDir: args.resolveDir,
            kind: args.kind,
          });
          return resolved.errors.length ? undefined : { path: resolved.path };
        });
      // The harness imports a provider's value the way the call site's file does: its folder's aliases and packages.
      build.onResolve({ filter: new RegExp(`^${RESOLVE_FROM}`) }, async (args) => {
        const { dir, specifier, optional } = JSON.parse(args.path.slice(RESOLVE_FROM.length)) as {
          dir: string;
          specifier: string;
          optional?: boolean;
        };
        const resolved = await build.resolve(specifier, { resolveDir: dir, kind: args.kind });
        if (resolved.errors.length && optional) return { path: specifier, namespace: 'missing-setup' };
        if (resolved.errors.length) return { errors: [{ text: `Could not resolve "${specifier}" from ${dir}` }] };
        return { path: resolved.path, ...(resolved.external ? { external: true } : {}) };
      });
      for (const stub of harness.loaders) {
        const exact = new RegExp(`^${stub.specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        build.onResolve({ filter: exact }, (args) =>
          args.importer === stub.module || args.importer.includes(`${path.sep}node_modules${path.sep}`)
            ? undefined
            : path.resolve(args.resolveDir, args.path) === stripExtension(stub.module) ||
                path.resolve(args.resolveDir, args.path) === stub.module
              ? { path: stub.module, namespace: 'loader-stub' }
              : undefined,
        );
      }
      build.onLoad({ filter: /.*/, namespace: 'missing-setup' }, () => ({ contents: '', loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: 'loader-stub' }, (args) => {
        const stub = harness.loaders.find((s) => s.module === args.path)!;
        const lines = [`export * from ${JSON.stringify(stub.module)};`];
        for (const [name, value] of Object.entries(stub.exports)) lines.push(`export const ${name} = ${value};`);
        return { contents: lines.join('\n'), loader: 'js', resolveDir: path.dirname(stub.module) };
      });
      build.onLoad({ filter: SCRIPT }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const text = harness.overrides[args.path] ?? (await fs.readFile(args.path, 'utf8'));
        const loader = LOADERS[path.extname(args.path)] ?? 'tsx';
        const actions = serverActionStubs(ts, args.path, text);
        if (actions !== undefined) return { contents: actions, loader: 'js' };
        const instrumented = instrumentRenders(ts, args.path, text) ?? text;
        const provided = harness.provided?.file === args.path ? contextRegistration(harness.provided.contexts) : '';
        return { contents: instrumented + provided, loader };
      });
    },
  };
  const result = await bundler.build({
    // TypeScript: a provider value carried over from the app may keep its type syntax (`as const`, `!`).
    stdin: { contents: harness.entry, resolveDir: harness.resolveDir, loader: 'ts', sourcefile: 'render-harness.ts' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: HARNESS_GLOBAL,
    platform: 'browser',
    target: 'es2020',
    jsx: harness.jsx === 'automatic' ? 'automatic' : 'transform',
    define: {
      'process.env.NODE_ENV': JSON.stringify(mode),
      'import.meta.env': IMPORT_META_ENV,
    },
    loader: Object.fromEntries(ASSETS.map((ext) => [ext, 'empty'])),
    banner: { js: `${RENDER_COUNTER_SOURCE}\n${buildEnvironment(mode, harness.env ?? {})}` },
    logLevel: 'silent',
    plugins: [plugin],
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error('the bundler returned no output');
  return new TextDecoder().decode(output.contents);
}

/** The global `import.meta.env` is defined as (an identifier: every esbuild version defines those). */
const IMPORT_META_ENV = '__saImportMetaEnv';

/**
 * What the app's own bundler would have defined: `process.env` (Next, webpack, CRA) and Vite's `import.meta.env`,
 * with the project's public variables (`env`, from its .env files; one not set there reads as undefined, as when it
 * is not set). Without them a module reading `process.env.X` at load stops the render with "process is not defined".
 */
function buildEnvironment(mode: string, env: Readonly<Record<string, string>>): string {
  const production = mode === 'production';
  const variables = Object.entries(env)
    .map(([name, value]) => `, ${JSON.stringify(name)}: ${JSON.stringify(value)}`)
    .join('');
  return [
    `var process = { env: { NODE_ENV: ${JSON.stringify(mode)}${variables} }, browser: true };`,
    `var ${IMPORT_META_ENV} = { MODE: ${JSON.stringify(mode)}, DEV: ${!production}, PROD: ${production}, SSR: false, BASE_URL: '/'${variables} };`,
  ].join('\n');
}

/**
 * A module of server actions (`'use server'` first) as a client component imports it in Next.js: its exports are
 * calls to the server there, not the module's code (a database client, `node:` builtins the browser bundle cannot
 * resolve). Each export becomes an async function that does nothing; undefined for any other module.
 */
export function serverActionStubs(ts: typeof TS, file: string, text: string): string | undefined {
  if (!/^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use server['"]/.test(text)) return undefined;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const names = new Set<string>();
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    const isDefault = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
      : false;
    if (ts.isExportAssignment(statement) || (exported && isDefault)) names.add('default');
    else if (exported && ts.isFunctionDeclaration(statement) && statement.name) names.add(statement.name.text);
    else if (exported && ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause)
      if (ts.isNamedExports(statement.exportClause))
        for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.add(element.name.text);
  }
  const stub = 'async () => undefined';
  return [...names]
    .map((name) => (name === 'default' ? `export default ${stub};` : `export const ${name} = ${stub};`))
    .join('\n');
}

function stripExtension(file: string): string {
  return file.slice(0, file.length - path.extname(file).length);
}
