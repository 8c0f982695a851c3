import { strict as assert } from 'node:assert';
import { LineIndex } from '../../src/core/text';

describe('LineIndex', () => {
  it('maps offsets to positions across CRLF and LF', () => {
    const index = new LineIndex('a\r\nbc\nd');
    assert.deepEqual(index.positionAt(4), { line: 1, character: 1 });
    assert.equal(index.offsetAt({ line: 2, character: 0 }), 6);
    assert.equal(index.lineText(1), 'bc');
  });
});
