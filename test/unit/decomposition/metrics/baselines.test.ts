import { strict as assert } from 'node:assert';
import { TOP_LEVEL, folderAssignment } from '../../../../src/assistants/decomposition/metrics/baselines';

const services = (root: string, files: string[]) => Object.fromEntries(folderAssignment(root, files));

describe('decomposition folder baseline', () => {
  it('one service per folder under src/ when src/ is the only folder', () => {
    assert.deepEqual(services('shop', ['shop/src/a/x.ts', 'shop/src/a/y.ts', 'shop/src/b/z.ts', 'shop/src/main.ts']), {
      'shop/src/a/x.ts': 'a',
      'shop/src/a/y.ts': 'a',
      'shop/src/b/z.ts': 'b',
      'shop/src/main.ts': TOP_LEVEL,
    });
  });

  it('descends through folders holding almost all the files, the few beside them left over', () => {
    // A Nest-style API: the features under src/app/, configuration beside src/ and beside app/.
    const files = [
      'api/jest.config.js',
      'api/src/main.ts',
      ...['users', 'orders', 'billing'].flatMap((f) => [`api/src/app/${f}/${f}.service.ts`, `api/src/app/${f}/dto.ts`]),
      ...['a', 'b', 'c', 'd'].map((n) => `api/src/app/orders/${n}.ts`),
    ];
    const assignment = folderAssignment('api', files);
    assert.equal(assignment.get('api/jest.config.js'), TOP_LEVEL);
    assert.equal(assignment.get('api/src/main.ts'), TOP_LEVEL);
    assert.equal(assignment.get('api/src/app/users/dto.ts'), 'users');
    assert.equal(assignment.get('api/src/app/orders/a.ts'), 'orders');
    assert.deepEqual(new Set(assignment.values()), new Set([TOP_LEVEL, 'users', 'orders', 'billing']));
  });

  it('stops where no folder holds most of the files', () => {
    // 3 of 5 files under src/ (60%): the top-level folders are the services.
    const files = ['lib/a.js', 'bin/cli.js', 'src/x/a.ts', 'src/x/b.ts', 'src/y/c.ts'];
    assert.deepEqual(services('', files), {
      'lib/a.js': 'lib',
      'bin/cli.js': 'bin',
      'src/x/a.ts': 'src',
      'src/x/b.ts': 'src',
      'src/y/c.ts': 'src',
    });
  });

  it('a folder whose files all sit directly in it is one service', () => {
    assert.deepEqual(new Set(folderAssignment('', ['src/a.ts', 'src/b.ts']).values()), new Set([TOP_LEVEL]));
  });
});
