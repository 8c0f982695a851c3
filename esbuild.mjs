// Builds the extension, the CLI and each assistant engine as separate CommonJS files in dist/.
// Engines are their own chunks so activation (dist/extension.js) and the CLI's start-up load no parser:
// the catalog's `import('./<name>/index')` is rewritten to require('./assistants/<name>.js') at run time.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { hostTarget, placeEsbuildBinary } from './scripts/lib/esbuild-binary.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
// The platform whose esbuild binary dist/ carries (a vsce target: linux-x64, darwin-arm64, win32-x64…).
const targetAt = process.argv.indexOf('--target');
const platformTarget = targetAt > 0 ? process.argv[targetAt + 1] : hostTarget();
const root = path.dirname(new URL(import.meta.url).pathname);

const engines = readdirSync(path.join(root, 'src/assistants')).filter((name) =>
  existsSync(path.join(root, 'src/assistants', name, 'index.ts')),
);

/** Keeps engines out of the bundles that import them through the catalog. */
const engineChunks = {
  name: 'engine-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w-]+\/index$/ }, (args) => {
      if (!args.importer.endsWith(path.join('src', 'assistants', 'catalog.ts'))) return undefined;
      const name = args.path.split('/')[1];
      return { path: `./assistants/${name}.js`, external: true };
    });
  },
};

/**
 * Keeps the editor features that are not needed at activation out of the main bundle: a feature's
 * `import('./chunk')` becomes require('./<feature>.js'), the chunk built below, loaded on the feature's first
 * use. The roadmap (panel host, workspace scan, plan, Markdown) on the first roadmap command; the deep review
 * (controller, facts, consent) on the first review or narrative; the workshop's checks (with the YAML parser they
 * read manifests with) on the first Check My Work; the decomposition panel (host, service-map layout, crossing marks)
 * on the first decomposition command; the frontend optimizer's measured renders (command, report) on the first
 * Optimize React Component.
 */
const EDITOR_CHUNKS = ['roadmap', 'deep-review', 'workshop', 'decomposition', 'react'];
const editorChunks = {
  name: 'editor-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/chunk$/ }, (args) => {
      const feature = EDITOR_CHUNKS.find(
        (name) =>
          args.importer.endsWith(path.join('src', 'editor', name, 'index.ts')) ||
          args.importer.endsWith(path.join('src', 'editor', name, 'loader.ts')),
      );
      return feature ? { path: `./${feature}.js`, external: true } : undefined;
    });
  },
};

/**
 * Keeps the AI layer (the Anthropic SDK, prompts, redaction, placement) out of the extension and the CLI:
 * ai/loader.ts's `import('./index')` becomes require('./ai.js'), the chunk built below, loaded on the first
 * deep review.
 */
const aiChunk = {
  name: 'ai-chunk',
  setup(build) {
    build.onResolve({ filter: /^\.\/index$/ }, (args) => {
      if (!args.importer.endsWith(path.join('src', 'ai', 'loader.ts'))) return undefined;
      return { path: './ai.js', external: true };
    });
  },
};

/**
 * Keeps the CLI's heavier subcommands out of its entry: cli/main.ts's `import('./roadmap-command')`,
 * `import('./advise-command')`, `import('./render-command')` and `import('./decompose-command')` become
 * require('./cli-roadmap.js'), require('./cli-advise.js'), require('./cli-render.js') and require('./cli-decompose.js'),
 * built below (and `workshop` likewise: the workshop's
 * report).
 */
const CLI_COMMANDS = ['roadmap', 'advise', 'render', 'decompose', 'workshop'];
const cliCommandChunks = {
  name: 'cli-command-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/(?:roadmap|advise|render|decompose|workshop)-command$/ }, (args) => {
      if (!args.importer.endsWith(path.join('src', 'cli', 'main.ts'))) return undefined;
      return { path: `./cli-${args.path.slice(2, -'-command'.length)}.js`, external: true };
    });
  },
};

/**
 * Keeps the TypeScript compiler out of the engine chunks: the SQL engine needs it only to read SQL embedded in
 * scripts, and its ~9 MB were compiled on every start of the CLI and of the engine, SQL files only or not. An
 * engine's `import('typescript')` becomes require('./typescript.js'), the chunk built below, loaded on first use.
 */
const typescriptChunk = {
  name: 'typescript-chunk',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: './typescript.js', external: true }));
    // loadTypeScript compiles the chunk itself with V8's cached code (src/core/code-cache.ts): it is told the
    // chunk's path, beside the bundle that loads it.
    build.onResolve({ filter: /^\.\/typescript-chunk$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'core', 'module-graph', 'typescript.ts'))
        ? { path: 'typescript-chunk', namespace: 'typescript-chunk' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'typescript-chunk' }, () => ({
      contents: "export const bundledTypeScriptFile = require('node:path').join(__dirname, 'typescript.js');",
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  metafile: true,
  external: ['vscode'],
  // Engines load with require() wrapped in a promise: no ESM loader inside the extension host.
  supported: { 'dynamic-import': false },
  plugins: [engineChunks, editorChunks, aiChunk, cliCommandChunks],
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    entryPoints: Object.fromEntries(EDITOR_CHUNKS.map((name) => [name, `src/editor/${name}/chunk.ts`])),
    outdir: 'dist',
  },
  {
    ...common,
    entryPoints: Object.fromEntries(CLI_COMMANDS.map((name) => [`cli-${name}`, `src/cli/${name}-command.ts`])),
    outdir: 'dist',
  },
  { ...common, entryPoints: { ai: 'src/ai/index.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: Object.fromEntries(engines.map((name) => [name, `src/assistants/${name}/index.ts`])),
    outdir: 'dist/assistants',
    plugins: [...common.plugins, typescriptChunk],
  },
  { ...common, entryPoints: { typescript: 'node_modules/typescript/lib/typescript.js' }, outdir: 'dist/assistants' },
];

/**
 * The panels' front ends: each one classic script (loaded by nonce under its panel's CSP) with its stylesheet
 * beside it, everything bundled (the roadmap's @vscode-elements/elements too). Nothing from a CDN. The roadmap
 * panel's is webview.js/webview.css, the decomposition panel's decomposition.js/decomposition.css.
 */
const WEBVIEWS = { webview: 'webview-ui/src/main.ts', decomposition: 'webview-ui/src/decomposition/main.ts' };
for (const [name, entry] of Object.entries(WEBVIEWS)) {
  if (!existsSync(path.join(root, entry))) continue;
  builds.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    external: [],
    plugins: [],
    supported: {},
    entryPoints: { [name]: entry },
    outdir: 'dist/webview',
  });
}

/**
 * Files the bundles load at run time from beside themselves, copied rather than fetched: the PostgreSQL
 * parser's WASM is located by its loader as `${__dirname}/libpg-query.wasm`, i.e. next to the engine chunk.
 */
const ASSETS = [
  { from: 'node_modules/libpg-query/wasm/libpg-query.wasm', to: 'dist/assistants/libpg-query.wasm' },
  // The codicon font for the roadmap panel's icons, served from the webview's own folder (its localResourceRoots).
  { from: 'node_modules/@vscode/codicons/dist/codicon.css', to: 'dist/webview/codicons/codicon.css' },
  { from: 'node_modules/@vscode/codicons/dist/codicon.ttf', to: 'dist/webview/codicons/codicon.ttf' },
];

// --- SQL sandbox (src/assistants/sql/sandbox) ---
// The sandbox's worker thread is its own file. PGlite is never bundled (it finds pglite.wasm, pglite.data and
// the extension tarballs beside its own module file): its CommonJS build and those assets are copied to
// dist/pglite/, and the worker loads them from there by path (sandbox/pglite-loader.ts).
builds.push({
  ...common,
  entryPoints: { 'sql-sandbox': 'src/assistants/sql/sandbox/worker.ts' },
  outdir: 'dist/assistants',
  external: ['vscode', '@electric-sql/pglite', '@electric-sql/pglite/*'],
});
for (const file of [
  'index.cjs',
  'pglite.wasm',
  'pglite.data',
  'initdb.wasm',
  'pg_trgm.tar.gz',
  'btree_gin.tar.gz',
  'contrib/pg_trgm.cjs',
  'contrib/btree_gin.cjs',
]) {
  ASSETS.push({ from: `node_modules/@electric-sql/pglite/dist/${file}`, to: `dist/pglite/${file}` });
}
// --- end SQL sandbox ---

// The frontend optimizer's import-cost thread (src/assistants/react/import-cost): the workspace's own esbuild is
// required at run time where it is installed; the extension's own is esbuild's JavaScript API bundled in, running
// the platform's binary copied beside the chunk (placeEsbuildBinary below; the .vsix has no node_modules).
// esbuild's API resolves its own package only to find a binary when ESBUILD_BINARY_PATH is not set; it always is.
const BUNDLED_ESBUILD = { 'require-resolve-not-external': 'silent' };
builds.push({
  ...common,
  entryPoints: { 'react-import-cost': 'src/assistants/react/import-cost/worker.ts' },
  outdir: 'dist/assistants',
  logOverride: BUNDLED_ESBUILD,
});

// The React Compiler's thread (src/assistants/react/compiler): the workspace's own @babel/core and
// babel-plugin-react-compiler are required at run time, never bundled.
builds.push({
  ...common,
  entryPoints: { 'react-compiler': 'src/assistants/react/compiler/worker.ts' },
  outdir: 'dist/assistants',
  external: ['vscode'],
});
// The frontend optimizer's render sandbox (src/assistants/react/render): a worker thread per measurement, with
// happy-dom bundled in (the .vsix has no node_modules) and loaded only when a component is measured; esbuild is
// found as for import cost, TypeScript (prop types) from the engines' typescript.js chunk.
builds.push({
  ...common,
  entryPoints: { 'react-render': 'src/assistants/react/render/worker.ts' },
  outdir: 'dist/assistants',
  logOverride: BUNDLED_ESBUILD,
  plugins: [...common.plugins, typescriptChunk],
});
// Prop types and the decomposition planner's contracts are read with TypeScript's checker, which finds its
// standard library beside the compiler (typescript.js): the ES5 to ES2022 declarations and their parts are copied
// there (~470 KB; contracts ask for ES2022: `Object.entries`, `Array.prototype.at`, `Promise.allSettled`), not
// the DOM's nor the `.full` libs that pull it in.
const TYPESCRIPT_LIBS = /^lib\.(?:es5|es20(?:1[5-9]|2[0-2])(?:\.(?!full\.)[\w.]+)?|decorators(?:\.legacy)?)\.d\.ts$/;
for (const file of readdirSync(path.join(root, 'node_modules/typescript/lib'))) {
  if (TYPESCRIPT_LIBS.test(file))
    ASSETS.push({ from: `node_modules/typescript/lib/${file}`, to: `dist/assistants/${file}` });
}

function copyAssets() {
  for (const { from, to } of ASSETS) {
    if (!existsSync(path.join(root, from))) continue;
    mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    copyFileSync(path.join(root, from), path.join(root, to));
  }
  try {
    placeEsbuildBinary(root, path.join(root, 'dist/assistants'), platformTarget);
  } catch (error) {
    // A development build still runs from the checkout (its node_modules has esbuild); a package must not.
    if (targetAt > 0) throw error;
    console.warn(`esbuild: no esbuild binary beside the threads (${error.message})`);
  }
}

function report(results) {
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      console.log(`  ${file.padEnd(34)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KiB`);
    }
  }
}

// A release build starts from an empty dist/ so no development leftovers (source maps) get packaged.
if (production) rmSync(path.join(root, 'dist'), { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  copyAssets();
  console.log('esbuild: watching for changes');
} else {
  const started = Date.now();
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`esbuild: built in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
  report(results);
  copyAssets();
  const cli = path.join(root, 'dist/cli.js');
  if (existsSync(cli)) (await import('node:fs')).chmodSync(cli, statSync(cli).mode | 0o111);
}
