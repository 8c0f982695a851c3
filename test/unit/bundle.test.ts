import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
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

  it("the AI chunk reads SQL for redaction with the parser's WASM copied beside it", async () => {
    const ai = (await import(dist('ai.js'))) as typeof AiLayer;
    await ai.loadRedactionParsers();
    // Only the SQL grammar sees that this literal is a secret column's default.
    const { text } = ai.redact("ALTER TABLE t ALTER COLUMN api_key SET DEFAULT 'bundledDefault1';\n", 'db/x.sql');
    assert.equal(text, "ALTER TABLE t ALTER COLUMN api_key SET DEFAULT '«redacted:sql-secret»';\n");
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
