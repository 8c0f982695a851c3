import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileWorkspace, LINK_LEAVES_WORKSPACE } from '../../../src/cli/file-workspace';
import { MAX_FILE_BYTES } from '../../../src/cli/read-source';
import { walk } from '../../../src/cli/walk';
import { isInside, staysInWorkspace } from '../../../src/core/workspace-paths';
import { run } from './workspace';

const CREDENTIALS = 'host:5432:*:postgres:linkedOutsidePw1\n';

/**
 * Symbolic links and the workspace: a file reached through a link is read only when its real path stays inside
 * the workspace, so a `.sql` link to a credentials file elsewhere is never analysed, printed or sent.
 */
describe('cli: symbolic links that leave the workspace', () => {
  let base: string;
  let root: string;
  let outside: string;
  before(async () => {
    base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'sa-links-')));
    // A repository of its own: the temporary folder may sit inside another one.
    root = path.join(base, 'project');
    outside = path.join(base, 'home');
    await fs.mkdir(path.join(root, 'db/migrations'), { recursive: true });
    await fs.mkdir(path.join(root, '.git'));
    await fs.mkdir(path.join(outside, 'secrets'), { recursive: true });
    await fs.writeFile(path.join(outside, '.pgpass'), CREDENTIALS);
    await fs.writeFile(path.join(outside, 'secrets/schema.sql'), "CREATE ROLE x PASSWORD 'outsideFolderPw2';\n");
    await fs.writeFile(path.join(root, 'db/orders.sql'), 'SELECT * FROM orders OFFSET 5000 LIMIT 20;\n');
    await fs.symlink(path.join(outside, '.pgpass'), path.join(root, 'db/creds.sql'));
    await fs.symlink('../../outside-relative.sql', path.join(root, 'db/relative.sql'));
    await fs.writeFile(path.join(base, 'outside-relative.sql'), '-- password: relativeLinkPw3\nSELECT 1;\n');
    await fs.symlink('orders.sql', path.join(root, 'db/alias.sql'));
    await fs.symlink(path.join(outside, 'secrets'), path.join(root, 'db/linked-folder'));
  });
  after(() => fs.rm(base, { recursive: true, force: true }));

  it('isInside compares paths, not prefixes', () => {
    assert.equal(isInside('/a/b/c', '/a/b'), true);
    assert.equal(isInside('/a/b', '/a/b'), true);
    assert.equal(isInside('/a/bc', '/a/b'), false);
    assert.equal(isInside('/a', '/a/b'), false);
  });

  it('a link is read when it resolves inside one of the roots, a plain file always', async () => {
    assert.equal(await staysInWorkspace(path.join(root, 'db/alias.sql'), [root]), true);
    assert.equal(await staysInWorkspace(path.join(root, 'db/orders.sql'), []), true, 'no link: nothing to check');
    assert.equal(await staysInWorkspace(path.join(root, 'db/creds.sql'), [root]), false);
    assert.equal(await staysInWorkspace(path.join(root, 'db/relative.sql'), [root]), false);
    assert.equal(await staysInWorkspace(path.join(root, 'db/linked-folder/schema.sql'), [root]), false);
    assert.equal(await staysInWorkspace(path.join(root, 'db/creds.sql'), [root, outside]), true, 'a second folder');
  });

  it('FileWorkspace never reads such a link, for analysis or as a neighbour', async () => {
    const walked = await walk(['db', 'db/linked-folder/schema.sql'], root);
    const workspace = new FileWorkspace(walked.files, MAX_FILE_BYTES);
    const byName = new Map(walked.files.map((f) => [f.display, f]));
    for (const name of ['db/creds.sql', 'db/relative.sql', 'db/linked-folder/schema.sql'])
      assert.deepEqual(await workspace.read(byName.get(name)!), { ok: false, message: LINK_LEAVES_WORKSPACE }, name);
    assert.ok((await workspace.read(byName.get('db/alias.sql')!)).ok, 'a link inside the workspace is read');
    const listed = await workspace.files(/\.sql$/);
    assert.deepEqual(await Promise.all(listed.map(async (f) => [f.file, (await f.read())?.length ?? 0])), [
      ['db/alias.sql', 43],
      ['db/orders.sql', 43],
    ]);
  });

  it('check reports each such file as not read and prints nothing of it', async () => {
    const { stdout, stderr } = await run(['check', 'db', '--format', 'json'], root);
    const report = JSON.parse(stdout) as { errors: Array<{ file: string; message: string }> };
    assert.deepEqual(
      report.errors.filter((e) => e.message === LINK_LEAVES_WORKSPACE).map((e) => e.file),
      ['db/creds.sql', 'db/relative.sql'],
    );
    for (const secret of ['linkedOutsidePw1', 'relativeLinkPw3'])
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `${secret} printed`);
  });

  it('also when the link is named on the command line, or a linked folder is', async () => {
    const { stdout } = await run(['check', 'db/creds.sql', 'db/linked-folder', '--format', 'json'], root);
    const report = JSON.parse(stdout) as { errors: Array<{ file: string; message: string }> };
    assert.deepEqual(
      report.errors.map((e) => [e.file, e.message]),
      [
        ['db/creds.sql', LINK_LEAVES_WORKSPACE],
        ['db/linked-folder/schema.sql', LINK_LEAVES_WORKSPACE],
      ],
    );
    assert.ok(!stdout.includes('outsideFolderPw2'));
  });

  it('the workspace is the folder named, even when the cwd holds the link targets too', async () => {
    const { stdout } = await run(['check', root, '--format', 'json'], base);
    const report = JSON.parse(stdout) as { errors: Array<{ file: string; message: string }> };
    assert.deepEqual(
      report.errors.filter((e) => e.message === LINK_LEAVES_WORKSPACE).map((e) => e.file),
      ['project/db/creds.sql', 'project/db/relative.sql'],
    );
  });

  it('outside a repository too', async () => {
    const plain = path.join(base, 'plain');
    await fs.mkdir(plain);
    await fs.symlink(path.join(outside, '.pgpass'), path.join(plain, 'creds.sql'));
    const { stdout } = await run(['check', 'plain', '--format', 'json'], base);
    const report = JSON.parse(stdout) as { errors: Array<{ file: string; message: string }> };
    assert.deepEqual(report.errors, [{ file: 'plain/creds.sql', kind: 'read', message: LINK_LEAVES_WORKSPACE }]);
  });
});
