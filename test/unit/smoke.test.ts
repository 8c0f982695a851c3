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

describe('assistant catalog', () => {
  it("derives one workspace glob from the available assistants' file patterns", async () => {
    const { workspaceGlob, ASSISTANTS } = await import('../../src/assistants/catalog');
    const glob = workspaceGlob();
    for (const ext of ['yaml', 'yml', 'json', 'sql', 'ts', 'tsx']) assert.ok(glob.includes(ext), `${ext} in ${glob}`);
    const extensions = glob.slice('**/*.{'.length, -1).split(',');
    // The decomposition planner plans folders: no file is routed to it (its pattern matches nothing).
    for (const assistant of ASSISTANTS.filter((a) => a.available && a.filePattern.source !== '$^')) {
      assert.ok(
        extensions.some((ext) => assistant.filePattern.test(`x.${ext}`)),
        `no extension of ${glob} matches ${assistant.id}`,
      );
    }
    // And nothing beyond them: every extension belongs to some available assistant.
    for (const ext of extensions)
      assert.ok(
        ASSISTANTS.some((a) => a.available && a.filePattern.test(`x.${ext}`)),
        ext,
      );
  });
});
