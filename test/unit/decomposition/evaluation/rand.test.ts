import { strict as assert } from 'node:assert';
import { adjustedRand, type Partition } from '../../../../src/assistants/decomposition/evaluation';

/** Labels by position, as scikit-learn's examples write them: `labels(0, 0, 1)`. */
function labels(...values: number[]): Partition {
  return new Map(values.map((value, i) => [`e${i}`, String(value)]));
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual}`);

describe('decomposition evaluation: adjusted Rand index', () => {
  it('matches the published example [0,0,1,1] against [0,0,1,2] (scikit-learn: 0.57)', () => {
    // n = 4, C(4,2) = 6 pairs. Contingency cells 2, 1, 1 → Σ C(nij,2) = 1. Rows (2,2) → 1 + 1 = 2; columns
    // (2,1,1) → 1. Expected = 2·1/6 = 1/3; maximum = (2 + 1)/2 = 3/2. ARI = (1 − 1/3)/(3/2 − 1/3) = 4/7.
    close(adjustedRand(labels(0, 0, 1, 1), labels(0, 0, 1, 2)), 4 / 7);
    close(adjustedRand(labels(0, 0, 1, 2), labels(0, 0, 1, 1)), 4 / 7);
  });

  it('goes below zero for a partition that splits every pair the other keeps', () => {
    // [0,0,1,1] against [0,1,0,1]: every cell is 1 → Σ C(nij,2) = 0. Rows 2, columns 2, expected 4/6 = 2/3,
    // maximum 2. ARI = (0 − 2/3)/(2 − 2/3) = −1/2.
    close(adjustedRand(labels(0, 0, 1, 1), labels(0, 1, 0, 1)), -0.5);
  });

  it('works a six-element example by hand', () => {
    // A = {1,2,3} {4,5,6}, B = {1,2} {3,4} {5,6}. Cells 2,1,1,2 → Σ C(nij,2) = 2. Rows 3 + 3 = 6, columns 1+1+1
    // = 3, C(6,2) = 15. Expected = 18/15 = 6/5; maximum = 9/2. ARI = (2 − 6/5)/(9/2 − 6/5) = (4/5)/(33/10) = 8/33.
    close(adjustedRand(labels(0, 0, 0, 1, 1, 1), labels(0, 0, 1, 1, 2, 2)), 8 / 33);
  });

  it('scores identical partitions 1 and a trivial one against a real one 0', () => {
    close(adjustedRand(labels(5, 5, 7, 7), labels(1, 1, 0, 0)), 1);
    // One cluster against four singletons: both trivial, not the same.
    close(adjustedRand(labels(0, 0, 0, 0), labels(0, 1, 2, 3)), 0);
    close(adjustedRand(labels(0, 1, 2, 3), labels(3, 2, 1, 0)), 1);
    // Everything in one service against a real split: no better than chance.
    close(adjustedRand(labels(0, 0, 0, 0, 0, 0), labels(0, 0, 1, 1, 2, 2)), 0);
  });
});
