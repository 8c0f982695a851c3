import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_GITIGNORE_BYTES } from '../../../src/cli/gitignore';
import { walk } from '../../../src/cli/walk';
import { main } from '../../../src/cli/main';
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

  describe('a .gitignore that is not a small regular file is not read, and the walk finishes', function () {
    let dir: string;
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-ignore-'));
      await fs.mkdir(path.join(dir, 'k8s'));
      await fs.writeFile(path.join(dir, 'k8s/app.yaml'), 'a: 1\n');
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    /** The walk, or a failure after 5 s: a blocked read of a FIFO never settles. */
    async function walkWithin(paths: string[], cwd: string) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the walk hung on the .gitignore')), 5000);
      });
      try {
        return await Promise.race([walk(paths, cwd), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }

    it('a FIFO (a real one, made with mkfifo), in the walked folder and in a folder above it', async function () {
      if (process.platform === 'win32') this.skip();
      execFileSync('mkfifo', [path.join(dir, '.gitignore')]);
      execFileSync('mkfifo', [path.join(dir, 'k8s/.gitignore')]);
      const result = await walkWithin(['.'], dir);
      assert.deepEqual(
        result.files.map((f) => f.display),
        ['k8s/app.yaml'],
      );
      assert.deepEqual(result.errors, [
        { file: '.gitignore', kind: 'read', message: '.gitignore not applied: not a regular file' },
        { file: 'k8s/.gitignore', kind: 'read', message: '.gitignore not applied: not a regular file' },
      ]);
      const above = await walkWithin(['k8s'], dir);
      assert.deepEqual(
        above.errors.map((e) => e.file),
        ['.gitignore', 'k8s/.gitignore'],
      );
    });

    it('a symbolic link to /dev/stdin, and one to an ordinary file (git follows neither)', async function () {
      if (process.platform === 'win32') this.skip();
      await fs.symlink('/dev/stdin', path.join(dir, '.gitignore'));
      await fs.writeFile(path.join(dir, 'patterns'), 'app.yaml\n');
      await fs.symlink('../patterns', path.join(dir, 'k8s/.gitignore'));
      const result = await walkWithin(['.'], dir);
      // A link to a file is listed like a file; the walk never reads /dev/stdin.
      assert.deepEqual(
        result.files.map((f) => f.display),
        ['k8s/.gitignore', 'k8s/app.yaml', 'patterns'],
      );
      assert.deepEqual(
        result.errors.map((e) => [e.file, e.message]),
        [
          ['.gitignore', '.gitignore not applied: a symbolic link (git does not follow it either)'],
          ['k8s/.gitignore', '.gitignore not applied: a symbolic link (git does not follow it either)'],
        ],
      );
    });

    it('one over the size limit', async () => {
      await fs.writeFile(path.join(dir, '.gitignore'), `${'#'.repeat(MAX_GITIGNORE_BYTES)}\napp.yaml\n`);
      const result = await walkWithin(['.'], dir);
      assert.deepEqual(
        result.files.map((f) => f.display),
        ['.gitignore', 'k8s/app.yaml'],
      );
      assert.match(result.errors[0].message, /^\.gitignore not applied: \d+ bytes, over the 1048576-byte limit$/);
    });

    it('check names the .gitignore and still analyses the files', async function () {
      if (process.platform === 'win32') this.skip();
      execFileSync('mkfifo', [path.join(dir, '.gitignore')]);
      let stdout = '';
      let stderr = '';
      const code = await Promise.race([
        main(['check', '.'], {
          cwd: dir,
          stdout: (t) => void (stdout += t),
          stderr: (t) => void (stderr += t),
          version: '0.0.0',
        }),
        new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000).unref()),
      ]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^\.gitignore: error read \.gitignore not applied: not a regular file$/m);
      assert.match(stderr, /in 1 file, 1 analysis error/);
    });
  });
});
