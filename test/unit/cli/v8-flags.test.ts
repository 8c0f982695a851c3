import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { SHORT_RUN_V8_FLAGS, shortRunFlags } from '../../../src/cli/v8-flags';

describe('CLI: V8 flags for a short run', () => {
  it('sets every flag the user did not give Node', () => {
    assert.deepEqual(shortRunFlags([]), SHORT_RUN_V8_FLAGS);
    assert.deepEqual(shortRunFlags(['--max-old-space-size=4096', '--enable-source-maps', '']), SHORT_RUN_V8_FLAGS);
  });

  it("leaves a setting the user gave, either way and in V8's spelling", () => {
    assert.deepEqual(shortRunFlags(['--turbo-inlining']), ['--interrupt-budget=135168']);
    assert.deepEqual(shortRunFlags(['--no-turbo_inlining', '--interrupt_budget=1000']), []);
    assert.deepEqual(shortRunFlags(['--interrupt-budget=1000']), ['--no-turbo-inlining']);
  });

  it('are flags this Node accepts', () => {
    const run = spawnSync(process.execPath, [...SHORT_RUN_V8_FLAGS, '-e', '0'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
  });
});
