// Builds the release .vsix files: one per platform, each carrying that platform's esbuild binary beside the
// import-cost and render threads (the .vsix has no node_modules), and the universal one VS Code falls back to on a
// platform without its own package (no binary: it measures with the workspace's esbuild), then checks each
// (scripts/check-package.ts). `node scripts/package.mjs` packages this machine's platform; `--target <t>`
// (repeatable) others, `universal` among them; `--all` every platform esbuild builds for and the universal one.
// Output: dist/scaling-assistant-<target>.vsix.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { ESBUILD_PACKAGES, hostTarget, placeEsbuildBinary } from './lib/esbuild-binary.mjs';

const { vscePackage, writeUniversalPackage } = await tsImport('./lib/vsix.ts', import.meta.url);

const UNIVERSAL = 'universal';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const argv = process.argv.slice(2);
const targets = argv.includes('--all')
  ? [...Object.keys(ESBUILD_PACKAGES), UNIVERSAL]
  : argv.flatMap((arg, i) => (argv[i - 1] === '--target' ? [arg] : []));
if (!targets.length) targets.push(hostTarget());
for (const target of targets)
  if (!ESBUILD_PACKAGES[target] && target !== UNIVERSAL) throw new Error(`unknown target ${target}`);
const platforms = targets.filter((target) => target !== UNIVERSAL);
// The universal package is derived from a platform's (scripts/lib/vsix.ts): this machine's when no other is asked.
const scratch = platforms.length ? undefined : mkdtempSync(path.join(os.tmpdir(), 'scaling-assistant-vsix-'));
if (scratch) platforms.push(hostTarget());

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
run(process.execPath, ['esbuild.mjs', '--production', '--target', platforms[0]]);
const written = [];
for (const target of platforms) {
  // The build above placed the first target's binary already.
  if (target !== platforms[0]) placeEsbuildBinary(root, path.join(root, 'dist/assistants'), target);
  const out = scratch ? path.join(scratch, `${target}.vsix`) : `dist/scaling-assistant-${target}.vsix`;
  run(process.execPath, vscePackage(root, target, out));
  if (!scratch) written.push(out);
}
if (targets.includes(UNIVERSAL)) {
  const out = `dist/scaling-assistant-${UNIVERSAL}.vsix`;
  const from = scratch ? path.join(scratch, `${platforms[0]}.vsix`) : path.join(root, written[0]);
  writeUniversalPackage(from, path.join(root, out));
  written.push(out);
}
if (scratch) rmSync(scratch, { recursive: true, force: true });
run(process.execPath, ['--import', 'tsx', 'scripts/check-package.ts', ...written]);
