import { strict as assert } from 'node:assert';
import { parseDocument } from 'yaml';
import { readLabelSelector, selectorMatchesLabels } from '../../../src/assistants/k8s/label-selector';
import { analyzeK8s, deployment, only } from './availability-helpers';

/** Label selector evaluation (matchLabels and matchExpressions) and the workspace rule built on it. */

const RULE = 'pdb-selector-matches-nothing';

function matches(selector: string, labels: Record<string, string>): boolean | undefined {
  const doc = parseDocument(selector);
  const parsed = readLabelSelector(doc.contents, doc as never);
  assert.ok(parsed);
  return selectorMatchesLabels(parsed, new Map(Object.entries(labels)));
}

describe(`k8s ${RULE}: selectors`, () => {
  const pod = { app: 'api', tier: 'web' };
  const cases: [string, boolean | undefined][] = [
    ['{matchLabels: {app: api}}', true],
    ['{matchLabels: {app: api, tier: db}}', false],
    ['{}', true],
    ['{matchExpressions: [{key: tier, operator: In, values: [web, db]}]}', true],
    ['{matchExpressions: [{key: tier, operator: In, values: [db]}]}', false],
    ['{matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}', true],
    ['{matchExpressions: [{key: track, operator: NotIn, values: [canary]}]}', true],
    ['{matchExpressions: [{key: app, operator: Exists}]}', true],
    ['{matchExpressions: [{key: app, operator: DoesNotExist}]}', false],
    ['{matchLabels: {app: api}, matchExpressions: [{key: tier, operator: In, values: [db]}]}', false],
    ['{matchExpressions: [{key: app, operator: Like, values: [a]}]}', undefined],
    ['{matchLabels: {app: [api]}}', undefined],
  ];
  for (const [selector, expected] of cases) {
    it(`${selector} → ${String(expected)}`, () => assert.equal(matches(selector, pod), expected));
  }
});

describe(`k8s ${RULE}: workspace`, () => {
  const budget = (labels: string, namespace = 'default') =>
    `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b, namespace: ${namespace}}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {${labels}}}\n`;

  it('a workload in another file of the same namespace: matched, or named when missed', async () => {
    const others = { 'k8s/api.yaml': deployment('api') };
    assert.deepEqual(only((await analyzeK8s(budget('app: api'), { file: 'k8s/pdb.yaml', others })).findings, RULE), []);
    const [finding] = only((await analyzeK8s(budget('app: apii'), { file: 'k8s/pdb.yaml', others })).findings, RULE);
    assert.match(
      finding.message,
      /does not match the pod labels of Deployment api \(app=api\), the only workload in namespace default/,
    );
    assert.equal(finding.related?.[0].file, 'k8s/api.yaml');
  });

  it('no workload of its namespace in the workspace: nothing is said (the pods may come from elsewhere)', async () => {
    const others = { 'k8s/api.yaml': deployment('api') };
    assert.deepEqual(
      only((await analyzeK8s(budget('app: apii', 'other'), { file: 'k8s/pdb.yaml', others })).findings, RULE),
      [],
    );
  });
});
