import { strict as assert } from 'node:assert';
import * as ts from 'typescript';
import { SourceCache } from '../../../src/assistants/react/source-cache';

/** The trees kept between the workspace's read and each file's analysis: by file and exact text, within a budget. */
describe('source cache', () => {
  const tree = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

  it('answers for the same file and text only, and once when taken', () => {
    const cache = new SourceCache(100);
    const a = tree('a.tsx', 'const a = 1;');
    cache.keep('a.tsx', 'const a = 1;', a);
    assert.equal(cache.peek('a.tsx', 'const a = 2;'), undefined);
    assert.equal(cache.peek('b.tsx', 'const a = 1;'), undefined);
    assert.equal(cache.peek('a.tsx', 'const a = 1;'), a);
    assert.equal(cache.take('a.tsx', 'const a = 1;'), a);
    assert.equal(cache.take('a.tsx', 'const a = 1;'), undefined);
    assert.equal(cache.size, 0);
  });

  it('keeps the first trees within its budget of text and frees room as trees are taken or replaced', () => {
    const cache = new SourceCache(25);
    const text = (n: number) => `const v${n} = ${n};`; // 13 characters each (n < 10)
    cache.keep('1.tsx', text(1), tree('1.tsx', text(1)));
    assert.equal(cache.hasRoom(text(2)), false);
    cache.keep('2.tsx', text(2), tree('2.tsx', text(2)));
    assert.equal(cache.size, 1, 'no room: the later tree is not kept');
    assert.ok(cache.peek('1.tsx', text(1)));
    // Asked with another text (an editor's unsaved buffer), the file's tree stays for its other users.
    assert.equal(cache.take('1.tsx', text(3)), undefined);
    assert.equal(cache.size, 1);
    assert.ok(cache.take('1.tsx', text(1)));
    assert.equal(cache.size, 0);
    cache.keep('2.tsx', text(2), tree('2.tsx', text(2)));
    // A file kept again replaces its tree, and its room.
    cache.keep('2.tsx', text(4), tree('2.tsx', text(4)));
    assert.equal(cache.size, 1);
    assert.equal(cache.peek('2.tsx', text(2)), undefined);
    assert.ok(cache.peek('2.tsx', text(4)));
    assert.ok(cache.hasRoom('x'.repeat(12)));
    assert.equal(cache.hasRoom('x'.repeat(13)), false);
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
