import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileWorkspace } from '../../../src/cli/file-workspace';
import { MAX_FILE_BYTES } from '../../../src/cli/read-source';
import { walk } from '../../../src/cli/walk';

/** The listing reads files ahead of the loop: it must still give every file once, in walk order, with its text. */
describe('cli: FileWorkspace listing', () => {
  let root: string;
  before(async () => {
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'sa-file-workspace-')));
    await fs.mkdir(path.join(root, 'src'));
    for (let i = 0; i < 100; i++)
      await fs.writeFile(path.join(root, 'src', `m${i}.ts`), `export const v${i} = ${i};\n`);
    // Unreadable for the listing (binary): skipped without holding back the files after it.
    await fs.writeFile(path.join(root, 'src', 'm50b.ts'), Buffer.from([0x65, 0, 0x66]));
    await fs.writeFile(path.join(root, 'notes.md'), '# not listed\n');
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  it('lists more files than it reads at once, in walk order, each with its own text and stamp', async () => {
    const walked = await walk([root], root);
    const workspace = new FileWorkspace(walked.files, MAX_FILE_BYTES);
    const listed = await workspace.files(/\.ts$/);
    const expected = walked.files.map((f) => f.display).filter((f) => f.endsWith('.ts') && f !== 'src/m50b.ts');
    assert.deepEqual(
      listed.map((entry) => entry.file),
      expected,
    );
    assert.equal(listed.length, 100);
    for (const entry of listed) {
      const n = /m(\d+)\.ts$/.exec(entry.file)![1];
      assert.equal(await entry.read(), `export const v${n} = ${n};\n`);
    }
    assert.equal(new Set(listed.map((entry) => entry.stamp)).size, 100);
    assert.equal(await workspace.files(/\.ts$/), await workspace.files(/\.ts$/), 'one listing per pattern');
  });
});
