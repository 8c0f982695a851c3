// Builds the release .vsix files: one per platform, each carrying that platform's esbuild binary beside the
// import-cost and render threads (the .vsix has no node_modules), and checks each (scripts/check-package.ts).
// `node scripts/package.mjs` packages this machine's platform; `--target <t>` (repeatable) others; `--all` every
// platform esbuild builds for. Output: dist/scaling-assistant-<target>.vsix.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESBUILD_PACKAGES, hostTarget, placeEsbuildBinary } from './lib/esbuild-binary.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const argv = process.argv.slice(2);
const targets = argv.includes('--all')
  ? Object.keys(ESBUILD_PACKAGES)
  : argv.flatMap((arg, i) => (argv[i - 1] === '--target' ? [arg] : []));
if (!targets.length) targets.push(hostTarget());
for (const target of targets) if (!ESBUILD_PACKAGES[target]) throw new Error(`unknown target ${target}`);

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
run(process.execPath, ['esbuild.mjs', '--production', '--target', targets[0]]);
const written = [];
for (const target of targets) {
  // The build above placed the first target's binary already.
  if (target !== targets[0]) placeEsbuildBinary(root, path.join(root, 'dist/assistants'), target);
  const out = `dist/scaling-assistant-${target}.vsix`;
  run(process.execPath, [
    path.join(root, 'node_modules/@vscode/vsce/vsce'),
    'package',
    '--no-dependencies',
    '--no-rewrite-relative-links',
    '--allow-missing-repository',
    // happy-dom (bundled into the render thread) carries the self-signed key its fetch() serves HTTPS with: a key
    // published in its package, not a secret of ours.
    '--allow-package-secrets',
    'privatekey',
    '--target',
    target,
    '--out',
    out,
  ]);
  written.push(out);
}
run(process.execPath, ['--import', 'tsx', 'scripts/check-package.ts', ...written]);
