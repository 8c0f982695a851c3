import { strict as assert } from 'node:assert';
import { projectRoots, runContextOf } from '../../../src/assistants/sql/run-context';

describe('sql run context: where a file runs, by the conventions of its project', () => {
  const kind = (file: string, roots: string[] = [], migration = false) => runContextOf(file, roots, migration).kind;

  it('application code runs per request', () => {
    assert.equal(kind('src/orders/repository.ts'), 'per-request');
    assert.equal(kind('db/queries/orders.sql'), 'per-request');
    assert.equal(kind('packages/api/src/latest.ts'), 'per-request');
  });

  it('tests, fixtures and benchmarks never run in production, by folder or by file name', () => {
    for (const file of [
      'test/orders.ts',
      'src/__tests__/orders.ts',
      'src/orders.test.ts',
      'src/orders.spec.tsx',
      'integration-tests/api/orders.ts',
      'test/fixtures/seed.sql',
      'bench/lookups.ts',
      'src/lookups.bench.ts',
      'db/test_orders.sql',
    ])
      assert.equal(kind(file), 'test', file);
  });

  it('migrations, seeds, backfills and scripts run once, and say what they are', () => {
    assert.deepEqual(runContextOf('src/migrations/Migration20240101.ts'), { kind: 'once', what: 'a migration' });
    assert.deepEqual(runContextOf('prisma/seed.ts'), { kind: 'once', what: 'a seed script' });
    assert.deepEqual(runContextOf('db/seeds/001_users.sql'), { kind: 'once', what: 'a seed script' });
    assert.deepEqual(runContextOf('scripts/fix-names.ts'), { kind: 'once', what: 'a script' });
    assert.deepEqual(runContextOf('jobs/backfill-totals.ts'), { kind: 'once', what: 'a backfill' });
    // A numbered file the engine already knows for a migration, outside any migrations folder.
    assert.deepEqual(runContextOf('db/0003_add_index.sql', [], true), { kind: 'once', what: 'a migration' });
  });

  it('a test anywhere on the path wins; otherwise the nearest folder decides', () => {
    assert.equal(kind('test/migrations/apply.ts'), 'test');
    assert.equal(kind('migrations/test/apply.ts'), 'test');
    assert.equal(runContextOf('scripts/seeds/users.sql').what, 'a seed script');
  });

  it('reads the conventions inside the project, so a checkout under a folder named test is not a test', () => {
    const roots = projectRoots(['file:///home/ana/test/shop/package.json']);
    assert.equal(kind('file:///home/ana/test/shop/src/orders.ts', roots), 'per-request');
    assert.equal(kind('file:///home/ana/test/shop/test/orders.ts', roots), 'test');
    // Without a manifest the whole path counts.
    assert.equal(kind('file:///home/ana/test/shop/src/orders.ts'), 'test');
  });

  it('in a monorepo the repository is the project: the tests of a package and a fixture project under test/ are tests', () => {
    const roots = projectRoots([
      'package.json',
      'packages/api/package.json',
      'packages/scripts-lib/package.json',
      'test/fixtures/shop/package.json',
    ]);
    assert.equal(kind('packages/api/test/orders.ts', roots), 'test');
    assert.equal(kind('packages/scripts-lib/src/run.ts', roots), 'per-request');
    assert.equal(kind('test/fixtures/shop/src/orders.ts', roots), 'test');
    // A workspace opened on one package: that package is the project.
    assert.equal(
      kind('file:///w/test/api/src/orders.ts', projectRoots(['file:///w/test/api/package.json'])),
      'per-request',
    );
    assert.equal(
      kind('C:\\work\\packages\\api\\src\\orders.ts', projectRoots(['C:\\work\\package.json'])),
      'per-request',
    );
  });
});
