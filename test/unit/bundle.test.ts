import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as AiLayer from '../../src/ai/index';

/**
 * Activation stays cheap: the extension's main bundle and the CLI's entry hold registrations and
 * plumbing only; parsers live in the per-assistant chunks, loaded on the first document of their kind.
 */
describe('bundles', () => {
  const root = path.resolve(__dirname, '../..');
  const dist = (file: string) => path.join(root, 'dist', file);

  before(function () {
    this.timeout(60_000);
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
  });

  for (const entry of ['extension.js', 'cli.js']) {
    it(`${entry} bundles no parser and stays small`, () => {
      const text = readFileSync(dist(entry), 'utf8');
      for (const parser of ['yaml', 'typescript', 'libpg-query'])
        assert.ok(!text.includes(`node_modules/${parser}/`), `${entry} must not bundle the ${parser} parser`);
      assert.ok(
        !text.includes('node_modules/@anthropic-ai/sdk/'),
        `${entry} must not bundle the Anthropic SDK (it is dist/ai.js)`,
      );
      assert.ok(text.includes('./assistants/k8s.js'), `${entry} loads the HPA reviewer from its chunk`);
      // A parser would add hundreds of KiB; plumbing grows by a few (the CLI's symlink check is about one).
      const kib = statSync(dist(entry)).size / 1024;
      assert.ok(kib < 150, `${entry} is ${kib.toFixed(1)} KiB`);
    });
  }

  it('the AI chunk carries the SDK, and the CLI loads it lazily', () => {
    assert.ok(readFileSync(dist('ai.js'), 'utf8').includes('node_modules/@anthropic-ai/sdk/'));
    assert.ok(readFileSync(dist('cli.js'), 'utf8').includes('require("./ai.js")'));
  });

  it("the AI chunk carries no parser: redaction reads SQL and TypeScript with the query optimizer's", async () => {
    const text = readFileSync(dist('ai.js'), 'utf8');
    assert.ok(!text.includes('node_modules/typescript/'), 'no second TypeScript compiler');
    assert.ok(!text.includes('node_modules/libpg-query/'), 'no second PostgreSQL parser');
    const ai = (await import(dist('ai.js'))) as typeof AiLayer;
    await ai.loadRedactionParsers();
    // Only the SQL grammar sees that this literal is a secret column's default.
    const sql = ai.redact("ALTER TABLE t ALTER COLUMN api_key SET DEFAULT 'bundledDefault1';\n", 'db/x.sql');
    assert.equal(sql.text, "ALTER TABLE t ALTER COLUMN api_key SET DEFAULT '«redacted:sql-secret»';\n");
    // Only the TypeScript parser sees the fallback of an environment variable.
    const code = ai.redact("const key = process.env.API_KEY ?? 'fallbackSecret1';\n", 'src/x.ts');
    assert.ok(!code.text.includes('fallbackSecret1'), code.text);
  });

  it('the .vsix takes every built chunk (vsce ls, through .vscodeignore)', function () {
    this.timeout(60_000);
    const listed = new Set(
      execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls', '--no-dependencies'], {
        cwd: root,
        encoding: 'utf8',
      })
        .split('\n')
        .map((line) => line.trim()),
    );
    const chunks = readdirSync(dist('.')).filter((f) => /\.(?:js|wasm)$/.test(f));
    assert.ok(chunks.includes('deep-review.js') && chunks.includes('cli-advise.js'), chunks.join());
    for (const file of chunks) assert.ok(listed.has(`dist/${file}`), `dist/${file} is packaged`);
    for (const file of readdirSync(dist('assistants')).filter((f) => !f.endsWith('.map')))
      assert.ok(listed.has(`dist/assistants/${file}`), `dist/assistants/${file} is packaged`);
  });

  it('the SQL engine chunk loads the TypeScript compiler from a chunk of its own, only for scripts', () => {
    const sql = readFileSync(dist('assistants/sql.js'), 'utf8');
    assert.ok(sql.includes('node_modules/libpg-query/'), 'the PostgreSQL parser is bundled');
    assert.ok(!sql.includes('node_modules/typescript/'), 'the TypeScript compiler is not');
    assert.ok(sql.includes('require("./typescript.js")'));
    assert.ok(readFileSync(dist('assistants/typescript.js'), 'utf8').includes('node_modules/typescript/'));
  });

  it("engines that read TypeScript compile its chunk from beside themselves, with V8's cached code", () => {
    for (const engine of ['sql', 'react', 'decomposition', 'react-render']) {
      const text = readFileSync(dist(`assistants/${engine}.js`), 'utf8');
      assert.ok(text.includes('join(__dirname, "typescript.js")'), `${engine}.js is told where the chunk is`);
      assert.ok(text.includes('createCachedData'), `${engine}.js caches the compiled code`);
    }
  });

  it('the HPA reviewer chunk carries the parser', () => {
    assert.ok(readFileSync(dist('assistants/k8s.js'), 'utf8').includes('node_modules/yaml/'));
  });

  it('the CLI is executable with a shebang', () => {
    const text = readFileSync(dist('cli.js'), 'utf8');
    assert.ok(text.startsWith('#!/usr/bin/env node'));
    assert.ok((statSync(dist('cli.js')).mode & 0o111) !== 0);
  });
});
