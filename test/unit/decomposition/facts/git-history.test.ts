import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseGitLog, readGitHistory } from '../../../../src/assistants/decomposition/facts/git-history';

const MARK = '\u001e';

describe('decomposition facts: change coupling from git history', () => {
  it('counts the commits each pair of files changed in together', () => {
    const log = [
      `${MARK}a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2`,
      'src/orders/service.ts',
      'src/orders/routes.ts',
      '',
      `${MARK}b1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2`,
      'src/orders/service.ts',
      'src/payments/service.ts',
      'src/orders/routes.ts',
      '',
      `${MARK}c1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2`,
      'README.md',
      '',
    ].join('\n');
    assert.deepEqual(parseGitLog(log), {
      commits: 3,
      pairs: [
        { a: 'src/orders/routes.ts', b: 'src/orders/service.ts', commits: 2 },
        { a: 'src/orders/routes.ts', b: 'src/payments/service.ts', commits: 1 },
        { a: 'src/orders/service.ts', b: 'src/payments/service.ts', commits: 1 },
      ],
    });
  });

  it('skips bulk commits and puts the folder’s path before each file', () => {
    const bulk = Array.from({ length: 51 }, (_, i) => `src/f${i}.ts`);
    const log = [`${MARK}aaaaaaa`, ...bulk, `${MARK}bbbbbbb`, 'a.ts', 'b.ts'].join('\n');
    assert.deepEqual(parseGitLog(log, { prefix: 'shop/' }), {
      commits: 1,
      pairs: [{ a: 'shop/a.ts', b: 'shop/b.ts', commits: 1 }],
    });
  });

  it('reads a repository’s log, relative to the folder asked for', async function () {
    this.timeout(20_000);
    const repo = mkdtempSync(path.join(tmpdir(), 'facts-git-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
          cwd: repo,
          stdio: 'pipe',
        });
      try {
        git('init', '-q');
      } catch {
        this.skip();
      }
      mkdirSync(path.join(repo, 'app'));
      writeFileSync(path.join(repo, 'app/a.ts'), '1');
      writeFileSync(path.join(repo, 'app/b.ts'), '1');
      writeFileSync(path.join(repo, 'other.ts'), '1');
      git('add', '.');
      git('commit', '-q', '-m', 'one');
      writeFileSync(path.join(repo, 'app/a.ts'), '2');
      writeFileSync(path.join(repo, 'other.ts'), '2');
      git('commit', '-q', '-am', 'two');
      const history = await readGitHistory(path.join(repo, 'app'), { prefix: 'app' });
      // Two commits touched the folder; only the first changed two of its files (other.ts is outside it).
      assert.deepEqual(history, { commits: 2, pairs: [{ a: 'app/a.ts', b: 'app/b.ts', commits: 1 }] });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('is undefined outside a repository, with no error', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'facts-nogit-'));
    try {
      assert.equal(await readGitHistory(folder, { timeoutMs: 5000 }), undefined);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
