import { strict as assert } from 'node:assert';
import type { Finding, Severity } from '../../../src/core/finding';
import { SEVERITIES, compareFindings, comparePositions, pos, range, severityRank } from '../../../src/core/finding';

function finding(file: string, line: number, character: number, ruleId: string): Finding {
  return {
    file,
    assistant: 'k8s',
    ruleId,
    severity: 'warning',
    message: '',
    range: range(line, character, line, character + 1),
    impact: 'low',
    effort: 'small',
  };
}

const key = (f: Finding) => `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.ruleId}`;

describe('core/finding', () => {
  describe('severityRank', () => {
    it('orders error > warning > info > hint', () => {
      const ranks = (['error', 'warning', 'info', 'hint'] as Severity[]).map(severityRank);
      assert.deepEqual(ranks, [4, 3, 2, 1]);
    });

    it('is positive for every severity (0 is left for "never" in --fail-on)', () => {
      for (const s of SEVERITIES) assert.ok(severityRank(s) > 0, s);
    });

    it('sorts severities most severe first', () => {
      const sorted = (['hint', 'error', 'info', 'warning'] as Severity[]).sort(
        (a, b) => severityRank(b) - severityRank(a),
      );
      assert.deepEqual(sorted, ['error', 'warning', 'info', 'hint']);
    });
  });

  describe('pos / range / comparePositions', () => {
    it('builds 0-based positions and ranges', () => {
      assert.deepEqual(pos(1, 2), { line: 1, character: 2 });
      assert.deepEqual(range(1, 2, 3, 4), { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } });
    });

    it('compares by line, then character', () => {
      assert.ok(comparePositions(pos(1, 9), pos(2, 0)) < 0);
      assert.ok(comparePositions(pos(2, 3), pos(2, 1)) > 0);
      assert.equal(comparePositions(pos(2, 3), pos(2, 3)), 0);
    });
  });

  describe('compareFindings', () => {
    it('orders by file, then start position, then rule id', () => {
      const input = [
        finding('b.yaml', 0, 0, 'a-rule'),
        finding('a.yaml', 5, 0, 'a-rule'),
        finding('a.yaml', 1, 4, 'z-rule'),
        finding('a.yaml', 1, 4, 'b-rule'),
        finding('a.yaml', 1, 2, 'z-rule'),
        finding('a.yaml', 10, 0, 'a-rule'),
      ];
      assert.deepEqual(input.sort(compareFindings).map(key), [
        'a.yaml:1:2:z-rule',
        'a.yaml:1:4:b-rule',
        'a.yaml:1:4:z-rule',
        'a.yaml:5:0:a-rule',
        'a.yaml:10:0:a-rule', // numeric, not string, line order
        'b.yaml:0:0:a-rule',
      ]);
    });

    it('is 0 for the same file, start and rule, and antisymmetric', () => {
      const a = finding('a.yaml', 1, 1, 'r');
      const b = { ...finding('a.yaml', 1, 1, 'r'), message: 'other', severity: 'error' as const };
      assert.equal(compareFindings(a, b), 0);
      const c = finding('a.yaml', 2, 0, 'r');
      assert.equal(Math.sign(compareFindings(a, c)), -Math.sign(compareFindings(c, a)));
    });

    it('compares files by code unit, independent of locale', () => {
      const sorted = [finding('b.yaml', 0, 0, 'r'), finding('B.yaml', 0, 0, 'r'), finding('a.yaml', 0, 0, 'r')].sort(
        compareFindings,
      );
      assert.deepEqual(
        sorted.map((f) => f.file),
        ['B.yaml', 'a.yaml', 'b.yaml'],
      );
    });
  });
});
