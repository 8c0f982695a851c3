import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeK8s } from './availability-helpers';

/**
 * The availability rules together on one well-made service (HPA-owned replicas, limits-only requests,
 * LimitRange defaults, sidecar, probes, budget, spread): silent as a whole, and each single defect
 * brings exactly the rule that is about it — no rule piles onto another's defect.
 */

const AVAILABILITY = [
  'readiness-probe-missing',
  'probe-port-unknown',
  'liveness-equals-readiness',
  'pdb-missing',
  'pdb-blocks-disruption',
  'pdb-selector-matches-nothing',
  'rollout-unavailable',
  'image-tag-latest',
  'no-spread-constraints',
];

const base = fs.readFileSync(
  path.resolve(__dirname, '../../fixtures/k8s/no-spread-constraints/good-well-made.yaml'),
  'utf8',
);

async function availabilityFindings(text: string): Promise<string[]> {
  const result = await analyzeK8s(text);
  assert.deepEqual(result.errors, []);
  return result.findings
    .filter((f) => AVAILABILITY.includes(f.ruleId))
    .map((f) => f.ruleId)
    .sort();
}

function mutate(from: string | RegExp, to: string): string {
  const out = base.replace(from, to);
  assert.notEqual(out, base, `mutation ${String(from)} did not apply`);
  return out;
}

describe('k8s availability rules on a well-made service', () => {
  it('no availability finding (no finding at all)', async () => {
    assert.deepEqual(
      (await analyzeK8s(base)).findings.map((f) => f.ruleId),
      [],
    );
  });

  const defects: [string, () => string, string[]][] = [
    ['no readinessProbe', () => mutate(/ {10}readinessProbe:\n( {12}.*\n)+/, ''), ['readiness-probe-missing']],
    [
      'readiness probe names an undeclared port',
      () =>
        mutate(
          '              path: /ready\n              port: http',
          '              path: /ready\n              port: web',
        ),
      ['probe-port-unknown'],
    ],
    [
      'liveness is the readiness check',
      () =>
        mutate(
          '              path: /livez\n              port: http\n            failureThreshold: 6',
          '              path: /ready\n              port: http\n            periodSeconds: 5',
        ),
      ['liveness-equals-readiness'],
    ],
    ['no budget', () => base.slice(0, base.lastIndexOf('---\napiVersion: policy/v1')), ['pdb-missing']],
    [
      'a budget that blocks drains at minReplicas 3',
      () => mutate('  maxUnavailable: 1\n  selector:', '  minAvailable: 3\n  selector:'),
      ['pdb-blocks-disruption'],
    ],
    [
      'a budget with a typo in its selector',
      () => mutate(/matchLabels:\n {6}app: storefront\n$/, 'matchLabels:\n      app: store-front\n'),
      ['pdb-missing', 'pdb-selector-matches-nothing'],
    ],
    [
      'a rollout that may stop all 3 pods',
      () => mutate('maxUnavailable: 0', 'maxUnavailable: 100%'),
      ['rollout-unavailable'],
    ],
    ['a floating image', () => mutate('storefront:4.2.0', 'storefront:latest'), ['image-tag-latest']],
    ['no spread', () => mutate(/ {6}topologySpreadConstraints:\n( {8}.*\n)+/, ''), ['no-spread-constraints']],
  ];
  for (const [label, text, expected] of defects) {
    it(`${label}: ${expected.join(' + ')}`, async () => {
      assert.deepEqual(await availabilityFindings(text()), expected);
    });
  }
});
