import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * V8's compiled code for large CommonJS chunks (TypeScript's 9 MB), kept on disk between runs: Node 20 compiles
 * a required file from scratch on every start (about 130 ms of CPU for TypeScript), and `vm.Script` with cached
 * data skips most of it. A cache that is missing, stale or rejected by V8 only costs the normal load; nothing
 * here ever fails a load the plain `require` would have done.
 */

// The engines are separate bundles, each with its own copy of this module: the folder lives on the global object
// so the CLI or the editor sets it once for every engine of the thread.
const FOLDER = Symbol.for('scalingAssistant.codeCacheFolder');

/** Where compiled code is cached for this thread (undefined: nothing is cached, files load as plain requires). */
export function setCodeCacheFolder(folder: string | undefined): void {
  (globalThis as { [FOLDER]?: string })[FOLDER] = folder;
}

export function codeCacheFolder(): string | undefined {
  return (globalThis as { [FOLDER]?: string })[FOLDER];
}

/** `$XDG_CACHE_HOME/scaling-assistant` (or `~/.cache/scaling-assistant`): the CLI's caches; the editor uses its storage. */
export function userCacheFolder(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'scaling-assistant');
}

/** The cache file of a source: its content's hash and the V8 that compiled it (V8 checks only the length). */
export function cacheFileOf(
  folder: string,
  file: string,
  source: Buffer,
): { dir: string; name: string; prefix: string } {
  const prefix = `${path.basename(file)}-`;
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 20);
  const v8 = process.versions.v8.replace(/[^\w.-]/g, '_');
  return { dir: path.join(folder, 'v8'), name: `${prefix}${hash}-${v8}-${process.arch}.bin`, prefix };
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written beside under a name of its own, then renamed: a reader in another process sees the old file or the whole
 * new one. Older caches of the same chunk (another version of it, another V8) are removed.
 */
function writeCache(dir: string, name: string, prefix: string, data: Buffer): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = path.join(dir, `${name}.${process.pid}.${Date.now()}.tmp`);
    writeFileSync(temporary, data);
    renameSync(temporary, path.join(dir, name));
    for (const other of readdirSync(dir))
      if (other.startsWith(prefix) && other !== name && !other.endsWith('.tmp'))
        rmSync(path.join(dir, other), { force: true });
  } catch {
    // A read-only or full disk: the next run compiles again, as it would without a cache.
  }
}

/** How a load used the cache: compiled from it, or compiled afresh and cached (none yet, or V8 rejected it). */
export type CodeCacheUse = 'used' | 'written' | 'rejected' | 'none';

/**
 * `require(file)` for a CommonJS file, compiled with the code V8 cached for it under `folder` by an earlier run
 * (and caching it when there was none or V8 rejected it). The module is registered in `require.cache`, so a later
 * plain `require` of the same file (another engine's) shares it; one already there is returned as it is.
 */
export function requireWithCodeCache(file: string, folder: string | undefined = codeCacheFolder()): unknown {
  return loadWithCodeCache(file, folder).exports;
}

export function loadWithCodeCache(file: string, folder: string | undefined): { exports: unknown; cache: CodeCacheUse } {
  const plainRequire = createRequire(file);
  const known = plainRequire.cache[file];
  if (known) return { exports: known.exports, cache: 'none' };
  let source: Buffer | undefined;
  try {
    if (folder) source = readFileSync(file);
  } catch {
    // Unreadable here: the plain require says why.
  }
  if (!folder || !source) return { exports: plainRequire(file), cache: 'none' };
  const { dir, name, prefix } = cacheFileOf(folder, file, source);
  const cachedData = readCache(path.join(dir, name));
  const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, plainRequire, module, file, path.dirname(file));
  module.loaded = true;
  plainRequire.cache[file] = module;
  if (cachedData && !script.cachedDataRejected) return { exports: module.exports, cache: 'used' };
  writeCache(dir, name, prefix, script.createCachedData());
  return { exports: module.exports, cache: cachedData ? 'rejected' : 'written' };
}
