// The esbuild executable a platform's .vsix carries beside its import-cost and render threads
// (dist/assistants/esbuild, esbuild.exe on Windows), taken from the `@esbuild/<platform>` package of the same version
// as the esbuild whose JavaScript API the threads bundle.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Each target of `vsce package --target` and the esbuild package whose binary runs there (Go builds are static). */
export const ESBUILD_PACKAGES = {
  'win32-x64': '@esbuild/win32-x64',
  'win32-arm64': '@esbuild/win32-arm64',
  'linux-x64': '@esbuild/linux-x64',
  'linux-arm64': '@esbuild/linux-arm64',
  'linux-armhf': '@esbuild/linux-arm',
  'alpine-x64': '@esbuild/linux-x64',
  'alpine-arm64': '@esbuild/linux-arm64',
  'darwin-x64': '@esbuild/darwin-x64',
  'darwin-arm64': '@esbuild/darwin-arm64',
};

/** The target this machine is, in vsce's names. */
export function hostTarget() {
  const arch = process.arch === 'arm' ? 'armhf' : process.arch;
  return `${process.platform}-${arch}`;
}

/** The binary's name in the package (and beside the threads). */
export function shippedBinaryName(target) {
  return target.startsWith('win32-') ? 'esbuild.exe' : 'esbuild';
}

function binaryInPackage(target) {
  return target.startsWith('win32-') ? 'esbuild.exe' : 'bin/esbuild';
}

/**
 * The binary for `target`: the installed platform package when it is the host's, else the package of the same
 * version fetched once with `npm pack` into .tmp/esbuild-binaries/ (npm's own client and cache).
 */
export function esbuildBinary(root, target) {
  const name = ESBUILD_PACKAGES[target];
  if (!name) throw new Error(`no esbuild package is known for the target ${target}`);
  const version = JSON.parse(readFileSync(path.join(root, 'node_modules/esbuild/package.json'), 'utf8')).version;
  const installed = path.join(root, 'node_modules', name);
  if (existsSync(path.join(installed, 'package.json'))) {
    const installedVersion = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version;
    if (installedVersion === version) return path.join(installed, binaryInPackage(target));
  }
  const folder = path.join(root, '.tmp/esbuild-binaries', `${name.replace('/', '+')}@${version}`);
  const binary = path.join(folder, 'package', binaryInPackage(target));
  if (existsSync(binary)) return binary;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const packed = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', folder], {
    cwd: folder,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  }).trim();
  execFileSync('tar', ['-xzf', path.join(folder, packed.split('\n').pop()), '-C', folder]);
  if (!existsSync(binary)) throw new Error(`${name}@${version} holds no ${binaryInPackage(target)}`);
  return binary;
}

/** Puts the binary for `target` beside the threads in `dir`, and removes the other platforms' name. */
export function placeEsbuildBinary(root, dir, target) {
  const from = esbuildBinary(root, target);
  for (const other of ['esbuild', 'esbuild.exe']) rmSync(path.join(dir, other), { force: true });
  mkdirSync(dir, { recursive: true });
  const to = path.join(dir, shippedBinaryName(target));
  copyFileSync(from, to);
  return to;
}
