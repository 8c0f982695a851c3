import { strict as assert } from 'node:assert';
import { analyzeFixture } from './fixtures';

/**
 * What a finding's message quotes of the code reads as the code does: a receiver in parentheses keeps them
 * (`(items || []).filter(…)` is not `items || [].filter(…)`, which would filter an empty array).
 */
describe('react finding wording', function () {
  this.timeout(20000);
  // The first analysis of the process loads TypeScript, which can take longer than an analysis' budget.
  before(() => analyzeFixture('test/fixtures/react/expensive-render-work/warm-up.tsx', 'export const a = 1;\n'));

  it('keeps the parentheses around a receiver that is not a plain name or call', async () => {
    const text = [
      'export function Ready({ pods, ids }: { pods?: { ok: boolean; id: string }[]; ids: string[] }) {',
      '  const ready = (pods || []).filter((pod) => ids.some((id) => id === pod.id)).map((pod) => pod.ok);',
      '  return <p>{ready.length}</p>;',
      '}',
    ].join('\n');
    const result = await analyzeFixture('test/fixtures/react/expensive-render-work/inline.tsx', text);
    const found = result.findings.filter((f) => f.ruleId === 'expensive-render-work');
    assert.equal(found.length, 1, JSON.stringify(result));
    assert.match(found[0].message, /`\(pods \|\| \[\]\)\.filter\(…\)\.map\(…\)`/);
  });
});
