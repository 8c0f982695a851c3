import { strict as assert } from 'node:assert';
import { reusedFor } from '../../../src/core/reused-answers';

describe('core/reused-answers', () => {
  it('asks once per key while the answer is recent, again once it is not', async () => {
    const asked: string[] = [];
    const answer = reusedFor(40, async (key) => {
      asked.push(key);
      return key.length;
    });
    assert.deepEqual(await Promise.all([answer('a'), answer('a'), answer('bb')]), [1, 1, 2]);
    assert.deepEqual(asked, ['a', 'bb']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await answer('a');
    assert.deepEqual(asked, ['a', 'bb', 'a']);
  });

  it('reuses only the answers `keep` accepts, and never a rejection', async () => {
    let calls = 0;
    const found = reusedFor(
      10_000,
      async (key) => {
        calls++;
        if (key === 'broken') throw new Error('unreadable');
        return key === 'missing' ? undefined : calls;
      },
      (value) => value === undefined,
    );
    assert.equal(await found('missing'), undefined);
    assert.equal(await found('missing'), undefined);
    assert.equal(calls, 1, 'a failed look-up answers again');
    assert.equal(await found('here'), 2);
    assert.equal(await found('here'), 3, 'a found one is read again');
    await assert.rejects(found('broken'), /unreadable/);
    await assert.rejects(found('broken'), /unreadable/);
    assert.equal(calls, 5);
  });
});
