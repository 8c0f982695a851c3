import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cacheFileOf, codeCacheFolder, loadWithCodeCache, setCodeCacheFolder } from '../../../src/core/code-cache';

const plainRequire = createRequire(__filename);

describe('core/code-cache', () => {
  let root: string;
  let chunk: string;
  let folder: string;

  /** A fresh chunk each time: `require.cache` would otherwise answer for it. */
  function writeChunk(body: string): void {
    delete plainRequire.cache[chunk];
    writeFileSync(chunk, body);
  }

  const cacheFiles = () => readdirSync(path.join(folder, 'v8')).filter((f) => f.startsWith('chunk.js-'));

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'code-cache-'));
    chunk = path.join(root, 'chunk.js');
    folder = path.join(root, 'cache');
    writeChunk("const path = require('node:path');\nmodule.exports = { answer: 42, sep: path.sep, dir: __dirname };\n");
  });

  afterEach(() => {
    delete plainRequire.cache[chunk];
    rmSync(root, { recursive: true, force: true });
  });

  it('loads a chunk as require would, with its own require and __dirname, and caches its code', () => {
    const first = loadWithCodeCache(chunk, folder);
    assert.equal(first.cache, 'written');
    assert.deepEqual(first.exports, { answer: 42, sep: path.sep, dir: root });
    assert.equal(cacheFiles().length, 1);
    assert.equal(plainRequire(chunk), first.exports, 'a later plain require shares the module');
    delete plainRequire.cache[chunk];
    const second = loadWithCodeCache(chunk, folder);
    assert.equal(second.cache, 'used');
    assert.deepEqual(second.exports, first.exports);
  });

  it('returns a module already required as it is', () => {
    const required = plainRequire(chunk);
    const loaded = loadWithCodeCache(chunk, folder);
    assert.equal(loaded.exports, required);
    assert.equal(loaded.cache, 'none');
  });

  it('without a folder, loads plainly and writes nothing', () => {
    const loaded = loadWithCodeCache(chunk, undefined);
    assert.equal(loaded.cache, 'none');
    assert.equal((loaded.exports as { answer: number }).answer, 42);
    assert.deepEqual(readdirSync(root), ['chunk.js']);
  });

  it('a cache V8 rejects (damaged) loads the chunk normally and is written again', () => {
    // A source this process never compiled: V8 would otherwise take its own in-memory copy before the file.
    const source = Buffer.from(`module.exports = { answer: 42, made: ${Date.now()}.${process.hrtime()[1]} };\n`);
    writeChunk(source.toString());
    const { dir, name } = cacheFileOf(folder, chunk, source);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), Buffer.from('not V8 code at all'));
    const loaded = loadWithCodeCache(chunk, folder);
    assert.equal(loaded.cache, 'rejected');
    assert.equal((loaded.exports as { answer: number }).answer, 42);
    delete plainRequire.cache[chunk];
    assert.equal(loadWithCodeCache(chunk, folder).cache, 'used', 'loads again with the code cached');
  });

  it('a changed chunk of the same length is not run from the old cache, which is removed', () => {
    loadWithCodeCache(chunk, folder);
    const [old] = cacheFiles();
    // Same length: V8's own check (the source's length) would take the old code.
    writeChunk("const path = require('node:path');\nmodule.exports = { answer: 43, sep: path.sep, dir: __dirname };\n");
    const loaded = loadWithCodeCache(chunk, folder);
    assert.equal(loaded.cache, 'written');
    assert.equal((loaded.exports as { answer: number }).answer, 43);
    assert.equal(cacheFiles().length, 1);
    assert.notEqual(cacheFiles()[0], old);
  });

  it('a folder that cannot be written loses only the cache', () => {
    const blocked = path.join(root, 'a-file');
    writeFileSync(blocked, '');
    const loaded = loadWithCodeCache(chunk, blocked);
    assert.equal((loaded.exports as { answer: number }).answer, 42);
    delete plainRequire.cache[chunk];
    assert.equal(loadWithCodeCache(chunk, blocked).cache, 'written', 'still nothing cached, nothing thrown');
  });

  it('a missing chunk fails as require does', () => {
    assert.throws(() => loadWithCodeCache(path.join(root, 'gone.js'), folder), { code: 'MODULE_NOT_FOUND' });
  });

  it('a chunk that throws while it loads throws the same error', () => {
    writeChunk("throw new Error('broken chunk');\n");
    assert.throws(() => loadWithCodeCache(chunk, folder), /broken chunk/);
    assert.equal(plainRequire.cache[chunk], undefined, 'not kept half-loaded');
  });

  it('the folder is one per thread, shared by every bundle through the global object', () => {
    const before = codeCacheFolder();
    try {
      setCodeCacheFolder(folder);
      assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for('scalingAssistant.codeCacheFolder')], folder);
      assert.equal(codeCacheFolder(), folder);
    } finally {
      setCodeCacheFolder(before);
    }
  });
});
