// Builds the extension, the CLI and each assistant engine as separate CommonJS files in dist/.
// Engines are their own chunks so activation (dist/extension.js) and the CLI's start-up load no parser:
// the catalog's `import('./<name>/index')` is rewritten to require('./assistants/<name>.js') at run time.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);

const engines = readdirSync(path.join(root, 'src/assistants'))
  .filter((name) => existsSync(path.join(root, 'src/assistants', name, 'index.ts')));

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
  plugins: [engineChunks],
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    entryPoints: Object.fromEntries(engines.map((name) => [name, `src/assistants/${name}/index.ts`])),
    outdir: 'dist/assistants',
  },
];

const webviewEntry = 'webview-ui/src/main.ts';
if (existsSync(path.join(root, webviewEntry))) {
  builds.push({
    ...common,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    external: [],
    plugins: [],
    supported: {},
    entryPoints: { webview: webviewEntry },
    outdir: 'dist/webview',
    loader: { '.css': 'text' },
  });
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
  console.log('esbuild: watching for changes');
} else {
  const started = Date.now();
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`esbuild: built in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
  report(results);
  const cli = path.join(root, 'dist/cli.js');
  if (existsSync(cli)) (await import('node:fs')).chmodSync(cli, statSync(cli).mode | 0o111);
}
