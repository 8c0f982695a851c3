import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSource, readSourceSync } from '../../../src/cli/read-source';

describe('CLI: reading a source file, asynchronously and synchronously alike', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'read-source-'));
    writeFileSync(path.join(folder, 'text.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(folder, 'bom.ts'), '\uFEFFexport const b = 2;\n');
    writeFileSync(path.join(folder, 'binary.bin'), Buffer.from([0x47, 0x00, 0x01]));
    writeFileSync(path.join(folder, 'large.ts'), 'x'.repeat(64));
    // One NUL written raw inside a string literal of a long source file: still text.
    writeFileSync(path.join(folder, 'nul-in-string.ts'), `const KEY = '\0loading';\n${'// text\n'.repeat(400)}`);
    // The same NUL among bytes that are not UTF-8: binary.
    writeFileSync(
      path.join(folder, 'nul-latin1.bin'),
      Buffer.concat([Buffer.alloc(3000, 0x61), Buffer.from([0x00, 0xff, 0xfe])]),
    );
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const cases: [string, number, RegExp][] = [
    ['text.ts', 1024, /^ok$/],
    ['bom.ts', 1024, /^ok$/],
    ['binary.bin', 1024, /^skipped: binary file$/],
    ['nul-in-string.ts', 1024 * 1024, /^ok$/],
    ['nul-latin1.bin', 1024 * 1024, /^skipped: binary file$/],
    ['large.ts', 16, /^skipped: .* is over the .* limit$/],
    ['missing.ts', 1024, /^cannot read: /],
  ];
  for (const [name, limit, expected] of cases)
    it(`gives the same answer for ${name}`, async () => {
      const file = path.join(folder, name);
      const sync = readSourceSync(file, limit);
      assert.deepEqual(sync, await readSource(file, limit));
      assert.match(sync.ok ? 'ok' : sync.message, expected);
    });

  it('drops a leading byte order mark, as the editor does', () => {
    assert.deepEqual(readSourceSync(path.join(folder, 'bom.ts')), { ok: true, text: 'export const b = 2;\n' });
  });
});
