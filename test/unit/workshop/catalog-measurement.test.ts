import assert from 'node:assert/strict';
import { disposeLoadedAssistants } from '../../../src/assistants/catalog';
import { checkExercise } from '../../../src/workshop/check';
import { english } from '../../../src/core/translate';
import { participant } from './sample-workspace';

// The sandbox's real measurement (PGlite in a worker, EXPLAIN ANALYZE on synthetic rows): slow, so few rows, and
// verdicts far from the 10× line either way (the untouched query ~1×, a solution with its indexes ~100×+).
const settings = { sql: { rows: 20_000 } };

describe('workshop checks: the catalogue query measured in the sandbox', function () {
  this.timeout(600_000);
  after(() => disposeLoadedAssistants());

  it('passes a solution measured at least 10× faster, with the figures for the report', async () => {
    const result = await checkExercise('queries', {
      workspace: participant(['solved']),
      original: participant(),
      t: english,
      settings,
    });
    const measured = result.criteria.find((c) => c.id === 'catalog-query-faster');
    assert.equal(measured?.passed, true, measured?.hint);
    assert.deepEqual(
      measured?.figures?.map((f) => f.label),
      ['Original', 'Yours', 'Speedup'],
    );
    assert.equal(result.status, 'passed');
  });

  it('fails the untouched query, saying how much faster it measured', async () => {
    const progress: string[] = [];
    const result = await checkExercise('queries', {
      workspace: participant(),
      original: participant(),
      t: english,
      settings,
      onProgress: (m) => progress.push(m),
    });
    const measured = result.criteria.find((c) => c.id === 'catalog-query-faster');
    assert.equal(measured?.passed, false);
    assert.match(measured?.hint ?? '', /only [\d.]+× faster/);
    assert.ok(progress.includes('Measuring your catalogue query in the sandbox…'));
  });
});
