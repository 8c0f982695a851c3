import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../src/core/text';

/** Every offset of `text` → position → offset must round-trip (except inside a CRLF pair). */
function assertRoundTrip(text: string): void {
  const index = new LineIndex(text);
  for (let offset = 0; offset <= text.length; offset++) {
    if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // between \r and \n: not a real position
    const position = index.positionAt(offset);
    assert.equal(
      index.offsetAt(position),
      offset,
      `offset ${offset} → ${JSON.stringify(position)} in ${JSON.stringify(text)}`,
    );
  }
}

describe('core/text LineIndex', () => {
  describe('line breaks', () => {
    it('LF', () => {
      const index = new LineIndex('ab\ncd\n');
      assert.equal(index.lineCount, 3);
      assert.deepEqual(
        [0, 1, 2].map((l) => index.lineText(l)),
        ['ab', 'cd', ''],
      );
      assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
      assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
      assert.equal(index.lineStart(1), 3);
      assert.equal(index.lineEnd(1), 5);
      assert.equal(index.nextLineStart(1), 6);
      assertRoundTrip('ab\ncd\n');
    });

    it('CRLF counts as one break', () => {
      const index = new LineIndex('ab\r\ncd\r\nef');
      assert.equal(index.lineCount, 3);
      assert.deepEqual(
        [0, 1, 2].map((l) => index.lineText(l)),
        ['ab', 'cd', 'ef'],
      );
      assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
      assert.equal(index.offsetAt({ line: 2, character: 1 }), 9);
      assert.equal(index.lineEnd(0), 2, 'line end is before \\r');
      assert.equal(index.nextLineStart(0), 4, 'next line starts after \\n');
      assertRoundTrip('ab\r\ncd\r\nef');
    });

    it('a lone CR is a line break', () => {
      const index = new LineIndex('ab\rcd\ref');
      assert.equal(index.lineCount, 3);
      assert.deepEqual(
        [0, 1, 2].map((l) => index.lineText(l)),
        ['ab', 'cd', 'ef'],
      );
      assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
      assertRoundTrip('ab\rcd\ref');
    });

    it('mixed breaks, and CR CR LF is two lines', () => {
      const text = 'a\nb\r\nc\rd\r\r\ne';
      const index = new LineIndex(text);
      assert.deepEqual(
        Array.from({ length: index.lineCount }, (_, l) => index.lineText(l)),
        ['a', 'b', 'c', 'd', '', 'e'],
      );
      assertRoundTrip(text);
    });

    it('empty text has one empty line', () => {
      const index = new LineIndex('');
      assert.equal(index.lineCount, 1);
      assert.equal(index.lineText(0), '');
      assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
      assert.equal(index.offsetAt({ line: 0, character: 5 }), 0);
      assert.deepEqual(index.fullLineRange(0), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      assert.equal(index.eol, '\n');
    });

    it('last line without a newline', () => {
      const index = new LineIndex('a\nlast');
      assert.equal(index.lineCount, 2);
      assert.equal(index.lineText(1), 'last');
      assert.equal(index.lineEnd(1), 6);
      assert.equal(index.nextLineStart(1), 6);
      assert.deepEqual(index.positionAt(6), { line: 1, character: 4 });
    });

    it('a trailing newline opens an empty last line', () => {
      const index = new LineIndex('a\n');
      assert.equal(index.lineCount, 2);
      assert.deepEqual(index.positionAt(2), { line: 1, character: 0 });
    });

    it('characters are UTF-16 code units, like VS Code and LSP', () => {
      const index = new LineIndex('é😀x\ny');
      assert.deepEqual(index.positionAt(4), { line: 0, character: 4 }, 'the emoji is two code units');
      assert.equal(index.offsetAt({ line: 1, character: 0 }), 5);
    });
  });

  describe('clamping', () => {
    const index = new LineIndex('ab\ncd');

    it('positionAt clamps below 0 and past the end', () => {
      assert.deepEqual(index.positionAt(-10), { line: 0, character: 0 });
      assert.deepEqual(index.positionAt(999), { line: 1, character: 2 });
    });

    it('offsetAt clamps a character past the line end to the line end (not into the next line)', () => {
      assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
      assert.equal(index.offsetAt({ line: 0, character: -3 }), 0);
    });

    it('offsetAt clamps lines outside the text', () => {
      assert.equal(index.offsetAt({ line: -1, character: 4 }), 0);
      assert.equal(index.offsetAt({ line: 7, character: 0 }), 5);
    });

    it('offsetAt never lands between \\r and \\n', () => {
      const crlf = new LineIndex('ab\r\ncd');
      assert.equal(crlf.offsetAt({ line: 0, character: 3 }), 2);
    });

    it('lineStart / lineText clamp the line number', () => {
      assert.equal(index.lineStart(-1), 0);
      assert.equal(index.lineStart(50), 3);
      assert.equal(index.lineText(50), 'cd');
    });
  });

  describe('ranges', () => {
    it('rangeOf maps both ends', () => {
      const index = new LineIndex('ab\ncd');
      assert.deepEqual(index.rangeOf(1, 4), { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } });
    });

    it('fullLineRange includes the line break (LF)', () => {
      const index = new LineIndex('a\nbb\nc');
      assert.deepEqual(index.fullLineRange(1), { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
    });

    it('fullLineRange includes the whole CRLF', () => {
      const text = 'a\r\nbb\r\nc';
      const index = new LineIndex(text);
      const r = index.fullLineRange(1);
      assert.deepEqual(r, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
      assert.equal(text.slice(index.offsetAt(r.start), index.offsetAt(r.end)), 'bb\r\n');
    });

    it('fullLineRange of the last line without newline ends at the end of text', () => {
      const index = new LineIndex('a\nbb');
      assert.deepEqual(index.fullLineRange(1), { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
    });
  });

  describe('eol', () => {
    it('LF text → \\n', () => assert.equal(new LineIndex('a\nb\n').eol, '\n'));
    it('CRLF text → \\r\\n', () => assert.equal(new LineIndex('a\r\nb\r\n').eol, '\r\n'));
    it('no line break → \\n', () => assert.equal(new LineIndex('abc').eol, '\n'));
    it('CR-only text → \\r', () => assert.equal(new LineIndex('a\rb\rc').eol, '\r'));
    it('the break the text mostly uses wins', () => {
      assert.equal(new LineIndex('a\nb\nc\nd\r\ne').eol, '\n', 'one stray CRLF in an LF file');
      assert.equal(new LineIndex('a\r\nb\r\nc\r\nd\ne').eol, '\r\n', 'one stray LF in a CRLF file');
    });
    it('a tie between CRLF and LF goes to CRLF', () => assert.equal(new LineIndex('a\r\nb\nc').eol, '\r\n'));
  });

  it('exposes the text it indexes', () => {
    assert.equal(new LineIndex('xyz').text, 'xyz');
  });
});
