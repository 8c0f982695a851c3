import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Bundler } from './bundle';
import { NO_BUNDLER } from './protocol';

/**
 * The esbuild executable a platform's package carries beside this chunk (esbuild.mjs copies the matching
 * `@esbuild/<platform>` binary there; the .vsix has no node_modules).
 */
export const SHIPPED_BINARY = process.platform === 'win32' ? 'esbuild.exe' : 'esbuild';

/** What the user's environment says, for the workspace's esbuild: the shipped one is pointed at by this variable. */
const userBinaryPath = process.env.ESBUILD_BINARY_PATH;

const workspaceBundlers = new Map<string, Promise<WorkspaceEsbuild>>();
const extensionBundlers = new Map<string, Promise<Bundler | undefined>>();

/** The workspace's esbuild package as found from a folder, and the bundler when it runs here. */
interface WorkspaceEsbuild {
  /** Its main module. */
  file: string;
  bundler?: Bundler;
  /** Why it did not start (its binary missing or built for another platform). */
  failure?: string;
}

/**
 * The workspace's own esbuild first (Vite and most React toolchains install it: the sizes are then those of the
 * user's build), found from the importing file's folder, when the workspace is trusted; else the extension's own
 * (native: measured 25-50× faster than esbuild-wasm on lodash-es), which the universal package lacks: then the
 * error says what to install or allow. `extensionDir`: where the shipped binary would be (tests name another).
 */
export async function loadBundler(
  resolveDir: string,
  workspaceBundler: boolean,
  extensionDir = __dirname,
): Promise<Bundler> {
  const workspace = workspaceBundler ? await workspaceEsbuild(resolveDir) : undefined;
  if (workspace?.bundler) return workspace.bundler;
  let shipped = extensionBundlers.get(extensionDir);
  if (!shipped) extensionBundlers.set(extensionDir, (shipped = extensionEsbuild(extensionDir)));
  const bundler = await shipped;
  if (bundler) return bundler;
  throw new Error(noBundler(resolveDir, workspaceBundler, workspace ?? installedEsbuild(resolveDir)));
}

/**
 * Why nothing can bundle, in one line (the threads pass on an error's first line) that names the fix: the platform
 * package, the project's own esbuild (installed, or allowed by trusting the workspace), or its binary reinstalled.
 */
function noBundler(resolveDir: string, trusted: boolean, workspace: WorkspaceEsbuild | string | undefined): string {
  const platform = `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
  const own = `${NO_BUNDLER}: this installation of the extension carries none (the universal package)`;
  const platformPackage = `or install the extension's package for ${platform} where one is published`;
  if (workspace === undefined)
    return (
      `${own}, and none is installed in a node_modules above ${resolveDir}. Install esbuild in the project ` +
      `(\`npm install --save-dev esbuild\`)${trusted ? '' : ' and trust the workspace'}, ${platformPackage}`
    );
  const file = typeof workspace === 'string' ? workspace : workspace.file;
  if (!trusted)
    return `${own}, and the project's esbuild (${file}) is not run in Restricted Mode. Trust the workspace to measure with it, ${platformPackage}`;
  const failure = typeof workspace === 'string' ? undefined : workspace.failure;
  return (
    `${own}, and the project's esbuild (${file}) did not start here${failure ? ` (${failure})` : ''}. ` +
    `Reinstall it on this machine (\`npm rebuild esbuild\`), ${platformPackage}`
  );
}

/** The main module of the esbuild package that answers from `resolveDir`, found without running it. */
function installedEsbuild(resolveDir: string): string | undefined {
  try {
    return createRequire(path.join(resolveDir, 'bundle-entry.js')).resolve(['esbuild'].join(''));
  } catch {
    return undefined;
  }
}

/** The workspace's esbuild that answers from `resolveDir`, loaded once per package; `bundler` once it has run here. */
function workspaceEsbuild(resolveDir: string): Promise<WorkspaceEsbuild | undefined> {
  const file = installedEsbuild(resolveDir);
  if (file === undefined) return Promise.resolve(undefined);
  let found = workspaceBundlers.get(file);
  if (!found) {
    const load = createRequire(file);
    found = runs(() => withBinaryPath(userBinaryPath, () => load(file) as Bundler)).then((outcome) => ({
      file,
      ...outcome,
    }));
    workspaceBundlers.set(file, found);
  }
  return found;
}

/**
 * The extension's esbuild: its JavaScript API is bundled into this chunk and runs the binary beside it; from
 * source (tests, the development host) the checkout's own package; undefined in the universal package.
 */
async function extensionEsbuild(dir: string): Promise<Bundler | undefined> {
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
    return undefined;
  }
}

/** A workspace's esbuild whose binary is missing or built for another platform fails its first call: skipped. */
async function runs(load: () => Bundler): Promise<{ bundler?: Bundler; failure?: string }> {
  try {
    const bundler = load();
    await bundler.transform?.('', {});
    return { bundler };
  } catch (error) {
    return { failure: firstLine(error) };
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
