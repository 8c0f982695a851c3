import { strict as assert } from 'node:assert';
import { applyPreferredFixes } from '../helpers/apply-edits';
import { analyzeK8s, deployment, hpa, only, pdb } from './availability-helpers';

/**
 * The disruption arithmetic of pdb-blocks-disruption: percentages of minAvailable and maxUnavailable
 * both round up (as the disruption controller and the Kubernetes docs say), the count is the HPA's
 * minReplicas when an HPA scales the workload, and the pods of every covered workload add up.
 */

const RULE = 'pdb-blocks-disruption';

async function blocks(replicas: number | undefined, field: string, hpaMin?: number): Promise<boolean> {
  const text =
    deployment('api', replicas === undefined ? [] : [`replicas: ${replicas}`]) +
    (hpaMin === undefined ? '' : hpa('api', hpaMin)) +
    pdb('api', [field]);
  return only((await analyzeK8s(text)).findings, RULE).length > 0;
}

describe(`k8s ${RULE}: arithmetic`, () => {
  const cases: [number | undefined, string, number | undefined, boolean][] = [
    // replicas, PDB field, HPA minReplicas, blocks?
    [3, 'minAvailable: 3', undefined, true],
    [3, 'minAvailable: 2', undefined, false],
    [3, 'minAvailable: 4', undefined, true],
    [3, 'minAvailable: 67%', undefined, true], // 2.01 → 3
    [3, 'minAvailable: 66%', undefined, false], // 1.98 → 2
    [7, 'minAvailable: 50%', undefined, false], // 3.5 → 4 of 7 (the docs' example)
    [1, 'minAvailable: 50%', undefined, true], // 0.5 → 1 of 1
    [1, 'minAvailable: 0', undefined, false],
    [undefined, 'minAvailable: 1', undefined, true], // spec.replicas unset: 1
    [10, 'minAvailable: 100%', undefined, true],
    [10, 'maxUnavailable: 0', undefined, true],
    [10, 'maxUnavailable: "0%"', undefined, true],
    [10, 'maxUnavailable: 1%', undefined, false], // rounds up to 1
    [1, 'maxUnavailable: 1', undefined, false],
    [5, 'minAvailable: 2', 2, true], // the HPA's floor, not spec.replicas 5
    [1, 'minAvailable: 2', 3, false], // the HPA's floor 3, not spec.replicas 1
    [undefined, 'minAvailable: 1', 1, true],
  ];
  for (const [replicas, field, hpaMin, expected] of cases) {
    it(`${field} with ${replicas ?? 'no'} replicas${hpaMin ? ` and HPA minReplicas ${hpaMin}` : ''}: ${expected ? 'blocks' : 'allows a disruption'}`, async () => {
      assert.equal(await blocks(replicas, field, hpaMin), expected);
    });
  }

  it('adds up the pods of every workload the budget covers', async () => {
    const two = (name: string) =>
      deployment(name, ['replicas: 2']).replace(`labels: {app: ${name}}`, `labels: {app: ${name}, tier: web}`) +
      '---\n';
    const text =
      two('a') +
      two('b') +
      '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 3\n  selector: {matchLabels: {tier: web}}\n';
    assert.equal(only((await analyzeK8s(text)).findings, RULE).length, 0, '3 of 4 pods: one disruption allowed');
    const [finding] = only((await analyzeK8s(text.replace('minAvailable: 3', 'minAvailable: 4'))).findings, RULE);
    assert.ok(finding);
    assert.match(
      finding.message,
      /Deployment a \(spec\.replicas 2\) and Deployment b \(spec\.replicas 2\) run 4 pods together/,
    );
  });

  it('never suggests raising spec.replicas on an HPA target: raise minReplicas instead', async () => {
    const text = deployment('api', ['replicas: 5']) + hpa('api', 2) + pdb('api', ['minAvailable: 2']);
    const [finding] = only((await analyzeK8s(text)).findings, RULE);
    assert.match(finding.message, /raise minReplicas of HorizontalPodAutoscaler api above 2/);
    assert.doesNotMatch(finding.message, /replicas 5|spec\.replicas/);
    assert.equal(finding.related?.[0].message, 'Deployment api: minReplicas 2 of HorizontalPodAutoscaler api');
  });

  it('minAvailable: N of pods from outside the workspace: nothing is said (the count is unknown)', async () => {
    assert.equal(only((await analyzeK8s(pdb('elsewhere', ['minAvailable: 5']).slice(4))).findings, RULE).length, 0);
  });

  it('both fields set (invalid): no arithmetic, no finding', async () => {
    assert.equal(await blocks(3, 'minAvailable: 3\n  maxUnavailable: 0'), false);
  });

  it('JSON: the fix replaces key and value together and keeps the key quoted', async () => {
    const json = JSON.stringify(
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'x' },
        spec: { maxUnavailable: '0%', selector: { matchLabels: { app: 'x' } } },
      },
      null,
      2,
    );
    const result = await analyzeK8s(json, { file: 'k8s/pdb.json' });
    const fixed = applyPreferredFixes(json, 'k8s/pdb.json', only(result.findings, RULE));
    assert.equal((JSON.parse(fixed) as { spec: { maxUnavailable: unknown } }).spec.maxUnavailable, 1);
    const minJson = json.replace('"maxUnavailable": "0%"', '"minAvailable": "100%"');
    const minFixed = applyPreferredFixes(
      minJson,
      'k8s/pdb.json',
      only((await analyzeK8s(minJson, { file: 'k8s/pdb.json' })).findings, RULE),
    );
    const spec = (JSON.parse(minFixed) as { spec: Record<string, unknown> }).spec;
    assert.deepEqual([spec.minAvailable, spec.maxUnavailable], [undefined, 1]);
  });
});
