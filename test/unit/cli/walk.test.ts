import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { walk } from '../../../src/cli/walk';
import { makeWorkspace, removeWorkspace } from './workspace';

describe('cli walk', () => {
  let root: string;
  before(async () => {
    root = await makeWorkspace();
  });
  after(() => removeWorkspace(root));

  const displays = async (paths: string[], cwd = root) => (await walk(paths, cwd)).files.map((f) => f.display);

  it('lists files sorted, skipping node_modules, .git and what root and nested .gitignore files ignore', async () => {
    await fs.mkdir(path.join(root, '.git'), { recursive: true });
    await fs.writeFile(path.join(root, '.git/config.yaml'), 'a: 1\n');
    try {
      assert.deepEqual(await displays(['.']), [
        '.github/workflows/ci.yml',
        '.gitignore',
        'README.md',
        'binary.yaml',
        'broken/broken.yaml',
        'k8s/.gitignore',
        'k8s/app.yaml',
        'k8s/good.yaml',
        'k8s/keep.local.yaml', // root ignores *.local.yaml, k8s/.gitignore re-includes it
        'k8s/sub/only-here.yaml', // "/only-here.yaml" is anchored to k8s/
        'k8s/suppressed.yaml',
      ]);
    } finally {
      await fs.rm(path.join(root, '.git'), { recursive: true, force: true });
    }
  });

  it('does not enter symlinked folders, so a link to a parent ends instead of looping', async () => {
    const files = await displays(['k8s']);
    assert.ok(!files.some((f) => f.includes('loop')), files.join('\n'));
  });

  it('always takes files named explicitly, even ignored ones or ones in node_modules', async () => {
    const result = await walk(['node_modules/chart/deploy.yaml', 'generated/app.yaml', 'k8s/dev.local.yaml'], root);
    assert.deepEqual(
      result.files.map((f) => [f.display, f.explicit]),
      [
        ['generated/app.yaml', true],
        ['k8s/dev.local.yaml', true],
        ['node_modules/chart/deploy.yaml', true],
      ],
    );
  });

  it('walks a folder named explicitly even when a .gitignore ignores it', async () => {
    assert.deepEqual(await displays(['generated']), ['generated/app.yaml']);
  });

  it('lists a file once when paths overlap, and names files relative to the cwd with forward slashes', async () => {
    assert.deepEqual(await displays(['../k8s/app.yaml', '../k8s', '.././k8s/app.yaml'], path.join(root, 'broken')), [
      '../k8s/.gitignore',
      '../k8s/app.yaml',
      '../k8s/dev.local.yaml', // the root .gitignore is above the cwd and there is no repository: not in force
      '../k8s/good.yaml',
      '../k8s/keep.local.yaml',
      '../k8s/sub/only-here.yaml',
      '../k8s/suppressed.yaml',
    ]);
  });

  it('reports a missing path as a read error and counts it', async () => {
    const result = await walk(['nope.yaml', 'k8s/app.yaml'], root);
    assert.deepEqual(result.errors, [{ file: 'nope.yaml', kind: 'read', message: 'no such file or folder' }]);
    assert.equal(result.missing, 1);
    assert.deepEqual(
      result.files.map((f) => f.display),
      ['k8s/app.yaml'],
    );
  });

  it("honours the .gitignore files above a walked subfolder up to the repository's root, else up to the cwd", async () => {
    const repo = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-repo-'));
    try {
      await fs.mkdir(path.join(repo, 'deploy/prod'), { recursive: true });
      await fs.writeFile(path.join(repo, '.gitignore'), 'deploy/prod/rendered.yaml\n');
      await fs.writeFile(path.join(repo, 'deploy/prod/rendered.yaml'), 'a: 1\n');
      await fs.writeFile(path.join(repo, 'deploy/prod/app.yaml'), 'a: 1\n');
      const walkProd = async (cwd: string) =>
        (await walk([path.join(repo, 'deploy/prod')], cwd)).files.map((f) => f.display);
      assert.deepEqual(await walkProd(repo), ['deploy/prod/app.yaml']);
      assert.deepEqual(await walkProd(path.join(repo, 'deploy')), ['prod/app.yaml', 'prod/rendered.yaml']);
      await fs.mkdir(path.join(repo, '.git'));
      assert.deepEqual(await walkProd(path.join(repo, 'deploy')), ['prod/app.yaml']);
    } finally {
      await fs.rm(repo, { recursive: true, force: true });
    }
  });

  it('reads a symlinked file like a file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-link-'));
    try {
      await fs.writeFile(path.join(dir, 'real.yaml'), 'a: 1\n');
      await fs.symlink('real.yaml', path.join(dir, 'alias.yaml'));
      await fs.symlink('missing.yaml', path.join(dir, 'dangling.yaml'));
      assert.deepEqual(await displays(['.'], dir), ['alias.yaml', 'real.yaml']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
