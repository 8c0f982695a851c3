import { strict as assert } from 'node:assert';
import { range } from '../../../src/core/finding';
import {
  offsetAt,
  shiftRange,
  shiftRangeThrough,
  textOf,
  withoutTrailingSemicolon,
} from '../../../src/editor/deep-review/common/ranges';

/** Applies a change to a text the way an editor does, to check shifted ranges against the real result. */
function apply(text: string, change: { range: ReturnType<typeof range>; text: string }): string {
  const start = offsetAt(text, change.range.start);
  const end = offsetAt(text, change.range.end);
  if (start === undefined || end === undefined) throw new Error('change outside the text');
  return text.slice(0, start) + change.text + text.slice(end);
}

describe('Claude finding ranges across edits (ai-ranges)', () => {
  const text = ['SELECT *', 'FROM orders', 'WHERE lower(email) = $1', 'ORDER BY id;'].join('\n');
  const flagged = range(2, 6, 2, 18); // lower(email)

  it('reads the text a range covers, and refuses a range outside the text', () => {
    assert.equal(textOf(text, flagged), 'lower(email)');
    assert.equal(textOf(text, range(9, 0, 9, 1)), undefined);
    assert.equal(textOf(text, range(0, 0, 0, 99)), undefined);
  });

  it('moves the range with lines inserted above and characters inserted before it on its line', () => {
    const changes = [
      { range: range(0, 0, 0, 0), text: '-- top\n-- more\n' },
      { range: range(4, 0, 4, 0), text: '  ' }, // the WHERE line, now line 4
    ];
    let current = text;
    for (const change of changes) current = apply(current, change);
    const moved = shiftRangeThrough(flagged, changes);
    assert.deepEqual(moved, range(4, 8, 4, 20));
    assert.equal(textOf(current, moved as NonNullable<typeof moved>), 'lower(email)');
  });

  it('moves it when a multi-line change before it on the same line joins lines', () => {
    const change = { range: range(1, 5, 2, 5), text: 'x\ny ' };
    const after = apply(text, change);
    const moved = shiftRange(flagged, change);
    assert.ok(moved);
    assert.equal(textOf(after, moved), 'lower(email)');
  });

  it('keeps it where it is for changes after it', () => {
    assert.deepEqual(shiftRange(flagged, { range: range(3, 0, 3, 5), text: 'GROUP' }), flagged);
    assert.deepEqual(shiftRange(flagged, { range: range(2, 19, 2, 20), text: '==' }), flagged);
  });

  it('ends it when an edit overlaps or touches it', () => {
    assert.equal(shiftRange(flagged, { range: range(2, 10, 2, 10), text: 'x' }), undefined);
    assert.equal(shiftRange(flagged, { range: range(2, 6, 2, 6), text: 'x' }), undefined);
    assert.equal(shiftRange(flagged, { range: range(2, 18, 2, 18), text: 'x' }), undefined);
    assert.equal(shiftRange(flagged, { range: range(0, 0, 3, 0), text: '' }), undefined);
    assert.equal(
      shiftRangeThrough(flagged, [
        { range: range(0, 0, 0, 0), text: '\n' },
        { range: range(3, 7, 3, 8), text: '' },
      ]),
      undefined,
    );
  });
});

describe('whole-line SQL edits narrowed to the statement (withoutTrailingSemicolon)', () => {
  const text = 'SELECT 1;\nSELECT id FROM t WHERE a AND true;\n';
  it('drops the semicolon from both sides when both end with one', () => {
    const narrowed = withoutTrailingSemicolon(text, range(1, 0, 1, 34), 'SELECT id FROM t WHERE a;');
    assert.deepEqual(narrowed, { range: range(1, 0, 1, 33), newText: 'SELECT id FROM t WHERE a' });
    assert.equal(textOf(text, narrowed.range), 'SELECT id FROM t WHERE a AND true');
  });
  it('leaves an edit alone when either side has no semicolon', () => {
    assert.deepEqual(withoutTrailingSemicolon(text, range(1, 0, 1, 34), 'SELECT id FROM t WHERE a'), {
      range: range(1, 0, 1, 34),
      newText: 'SELECT id FROM t WHERE a',
    });
    assert.deepEqual(withoutTrailingSemicolon(text, range(1, 0, 1, 10), 'x;'), {
      range: range(1, 0, 1, 10),
      newText: 'x;',
    });
  });
});
