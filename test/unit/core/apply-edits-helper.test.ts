import { strict as assert } from 'node:assert';
import type { Finding, TextEdit } from '../../../src/core/finding';
import { range } from '../../../src/core/finding';
import { applyEdits, applyPreferredFixes, preferredFix } from '../helpers/apply-edits';

// The fixture harness trusts this helper to apply fixes like an editor would, so it is tested too.

const edit = (sl: number, sc: number, el: number, ec: number, newText: string, file = 'f'): TextEdit => ({
  file,
  range: range(sl, sc, el, ec),
  newText,
});

describe('test helper applyEdits', () => {
  it('applies edits given in any order against the original text', () => {
    const text = 'one\ntwo\nthree\n';
    const out = applyEdits(text, [edit(2, 0, 2, 5, 'THREE'), edit(0, 0, 0, 3, '1'), edit(1, 0, 2, 0, '')]);
    assert.equal(out, '1\nTHREE\n');
  });

  it('keeps two inserts at the same point in the order given', () => {
    assert.equal(applyEdits('ab', [edit(0, 1, 0, 1, 'X'), edit(0, 1, 0, 1, 'Y')]), 'aXYb');
  });

  it('handles CRLF ranges', () => {
    const text = 'a\r\nb\r\nc';
    assert.equal(applyEdits(text, [edit(1, 0, 2, 0, '')]), 'a\r\nc');
  });

  it('rejects overlapping edits, as VS Code rejects such a WorkspaceEdit', () => {
    assert.throws(() => applyEdits('abcdef', [edit(0, 0, 0, 3, 'x'), edit(0, 2, 0, 4, 'y')]), /overlapping/);
    assert.throws(() => applyEdits('a\nb\n', [edit(0, 0, 1, 0, ''), edit(0, 0, 1, 0, '')]), /overlapping/);
  });

  it('no edits → the same text', () => {
    assert.equal(applyEdits('same', []), 'same');
  });

  describe('preferredFix / applyPreferredFixes', () => {
    const base: Finding = {
      file: 'f',
      assistant: 'k8s',
      ruleId: 'r',
      severity: 'warning',
      message: 'm',
      range: range(0, 0, 0, 1),
      impact: 'low',
      effort: 'small',
    };

    it('takes the preferred fix, or the only one', () => {
      const a = { title: 'a', edits: [edit(0, 0, 0, 1, 'A')] };
      const b = { title: 'b', isPreferred: true, edits: [edit(0, 0, 0, 1, 'B')] };
      assert.equal(preferredFix({ ...base, fixes: [a, b] }), b);
      assert.equal(preferredFix({ ...base, fixes: [a] }), a);
      assert.equal(preferredFix({ ...base, fixes: [a, { ...a, title: 'c' }] }), undefined);
      assert.equal(preferredFix(base), undefined);
    });

    it('applies the preferred fixes of several findings and refuses edits to another file', () => {
      const f1 = { ...base, fixes: [{ title: 'x', isPreferred: true, edits: [edit(0, 0, 0, 1, 'X')] }] };
      const f2 = { ...base, fixes: [{ title: 'y', isPreferred: true, edits: [edit(1, 0, 1, 1, 'Y')] }] };
      assert.equal(applyPreferredFixes('a\nb\n', 'f', [f1, f2]), 'X\nY\n');
      const foreign = { ...base, fixes: [{ title: 'z', isPreferred: true, edits: [edit(0, 0, 0, 1, 'Z', 'other')] }] };
      assert.throws(() => applyPreferredFixes('a\n', 'f', [foreign]), /another file/);
    });
  });
});
