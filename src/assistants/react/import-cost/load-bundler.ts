import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Bundler } from './bundle';

/**
 * The esbuild executable a platform's package carries beside this chunk (esbuild.mjs copies the matching
 * `@esbuild/<platform>` binary there; the .vsix has no node_modules).
 */
export const SHIPPED_BINARY = process.platform === 'win32' ? 'esbuild.exe' : 'esbuild';

/** What the user's environment says, for the workspace's esbuild: the shipped one is pointed at by this variable. */
const userBinaryPath = process.env.ESBUILD_BINARY_PATH;

const workspaceBundlers = new Map<string, Promise<Bundler | undefined>>();
let extensionBundler: Promise<Bundler> | undefined;

/**
 * The workspace's own esbuild first (Vite and most React toolchains install it: the sizes are then those of the
 * user's build), found from the importing file's folder, when the workspace is trusted; else the extension's own
 * (native: measured 25-50× faster than esbuild-wasm on lodash-es).
 */
export async function loadBundler(resolveDir: string, workspaceBundler: boolean): Promise<Bundler> {
  const own = workspaceBundler ? await workspaceEsbuild(resolveDir) : undefined;
  return own ?? (extensionBundler ??= extensionEsbuild(__dirname));
}

/** The workspace's esbuild that answers from `resolveDir`, once it has shown it runs here (its binary installed). */
function workspaceEsbuild(resolveDir: string): Promise<Bundler | undefined> {
  const load = createRequire(path.join(resolveDir, 'bundle-entry.js'));
  let file: string;
  try {
    file = load.resolve(['esbuild'].join(''));
  } catch {
    return Promise.resolve(undefined);
  }
  let found = workspaceBundlers.get(file);
  if (!found) {
    found = runs(() => withBinaryPath(userBinaryPath, () => load(file) as Bundler));
    workspaceBundlers.set(file, found);
  }
  return found;
}

/**
 * The extension's esbuild: its JavaScript API is bundled into this chunk and runs the binary beside it; from
 * source (tests, the development host) the checkout's own package.
 */
export async function extensionEsbuild(dir: string): Promise<Bundler> {
  const binary = path.join(dir, SHIPPED_BINARY);
  if (existsSync(binary)) {
    ensureExecutable(binary);
    // esbuild reads the variable once, when its API module is first evaluated: set here, before that.
    process.env.ESBUILD_BINARY_PATH = binary;
    return (await import('esbuild')) as Bundler;
  }
  try {
    return createRequire(path.join(dir, 'bundle-entry.js'))(['esbuild'].join('')) as Bundler;
  } catch {
    throw new Error(
      `esbuild is not available: this package of the extension carries none for ${process.platform}-${process.arch} ` +
        "(install the extension's package for this platform) and the workspace's node_modules has none",
    );
  }
}

/** A workspace's esbuild whose binary is missing or built for another platform fails its first call: skipped. */
async function runs(load: () => Bundler): Promise<Bundler | undefined> {
  try {
    const bundler = load();
    await bundler.transform?.('', {});
    return bundler;
  } catch {
    return undefined;
  }
}

function withBinaryPath<T>(value: string | undefined, run: () => T): T {
  const before = process.env.ESBUILD_BINARY_PATH;
  if (value === undefined) delete process.env.ESBUILD_BINARY_PATH;
  else process.env.ESBUILD_BINARY_PATH = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.ESBUILD_BINARY_PATH;
    else process.env.ESBUILD_BINARY_PATH = before;
  }
}

/** A zip extracted without file modes (some installers) leaves the binary unrunnable. */
function ensureExecutable(binary: string): void {
  if (process.platform === 'win32') return;
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    try {
      chmodSync(binary, 0o755);
    } catch {
      // Read-only install: esbuild's own error then says what is wrong.
    }
  }
}

/** The line of a bundler's error that says what failed (esbuild's first line only says that it did). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() && !/^Build failed/.test(line)) ?? text;
}
