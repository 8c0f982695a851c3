import { strict as assert } from 'node:assert';
import { analyzeK8s, deployment, hpa, only } from './availability-helpers';

/**
 * The Deployment rollout arithmetic of rollout-unavailable, case by case, against what the Deployment
 * controller does (ResolveFenceposts): maxSurge rounds up, maxUnavailable rounds down, both default 25%,
 * both 0 after rounding → maxUnavailable 1, both written as 0 → rejected by the API server.
 */

const RULE = 'rollout-unavailable';

async function verdict(
  replicas: number | undefined,
  surge: string | undefined,
  unavailable: string | undefined,
  hpaMin?: number,
) {
  const rolling = [
    surge !== undefined ? `maxSurge: ${surge}` : '',
    unavailable !== undefined ? `maxUnavailable: ${unavailable}` : '',
  ].filter(Boolean);
  const spec = [
    ...(replicas === undefined ? [] : [`replicas: ${replicas}`]),
    ...(rolling.length ? ['strategy:', '  rollingUpdate:', ...rolling.map((l) => `    ${l}`)] : []),
  ];
  const text = deployment('api', spec) + (hpaMin === undefined ? '' : hpa('api', hpaMin));
  const findings = only((await analyzeK8s(text)).findings, RULE);
  assert.ok(findings.length <= 1, JSON.stringify(findings.map((f) => f.message)));
  return findings[0];
}

describe(`k8s ${RULE}: Deployment arithmetic`, () => {
  const cases: [
    string,
    number | undefined,
    string | undefined,
    string | undefined,
    number | undefined,
    'error' | 'warning' | undefined,
  ][] = [
    // label, replicas, maxSurge, maxUnavailable, HPA minReplicas, expected severity
    ['defaults at 1 replica: 0 unavailable, 1 surge', 1, undefined, undefined, undefined, undefined],
    ['defaults at 4 replicas: 1 unavailable', 4, undefined, undefined, undefined, undefined],
    ['100% of 3 rounds down to 3', 3, undefined, '100%', undefined, 'error'],
    ['75% of 3 rounds down to 2: 1 stays', 3, undefined, '75%', undefined, undefined],
    ['67% of 3 rounds down to 2', 3, undefined, '67%', undefined, undefined],
    ['maxUnavailable 5 of 3 is capped at 3: all go', 3, '1', '5', undefined, 'error'],
    ['both written 0: the API rejects it', 3, '0', '0', undefined, 'error'],
    ['"0%" and 0 are both zero to validation', 3, '0%', '0', undefined, 'error'],
    [
      'maxSurge 0, 25% of 1 rounds to 0: the controller lets 1 go (stop-then-start, deliberate)',
      1,
      '0',
      '25%',
      undefined,
      undefined,
    ],
    ['maxSurge 0, 10% of 2 → fallback 1: 1 of 2 stays', 2, '0', '10%', undefined, undefined],
    ['1 replica, maxUnavailable 1 with surge: avoidable outage', 1, '1', '1', undefined, 'warning'],
    ['1 replica, maxUnavailable 100% with default surge', 1, undefined, '100%', undefined, 'warning'],
    ['spec.replicas unset means 1', undefined, '1', '1', undefined, 'warning'],
    ['HPA min 3 owns the count, not spec.replicas 1', 1, '1', '1', 3, undefined],
    ['HPA min 2 with maxUnavailable 2: all go', 5, '0', '2', 2, 'error'],
    ['HPA without minReplicas: 1, maxUnavailable 1 with surge', undefined, '1', '1', undefined, 'warning'],
  ];
  for (const [label, replicas, surge, unavailable, hpaMin, expected] of cases) {
    it(label, async () => {
      const finding = await verdict(replicas, surge, unavailable, hpaMin);
      assert.equal(finding?.severity, expected, finding?.message);
    });
  }

  it('explains the rounding and the count it reasons at', async () => {
    const finding = await verdict(undefined, '1', '100%', 2);
    assert.ok(finding);
    assert.match(finding.message, /maxUnavailable 100% of 2 pods rounds down to 2/);
    assert.match(finding.message, /minReplicas 2 of HorizontalPodAutoscaler api/);
    assert.doesNotMatch(finding.message, /spec\.replicas/, 'never reasons from or suggests spec.replicas under an HPA');
  });

  it('the both-round-to-0 fallback (maxUnavailable 1) keeps 2 of 3 pods: silent', async () => {
    assert.equal(await verdict(3, '0', '30%'), undefined);
  });

  it('a value the API would reject (a quoted number) is not reasoned from', async () => {
    assert.equal(await verdict(3, '1', '"3"'), undefined);
  });

  it('Recreate: warning from 2 replicas or with any HPA, silent on 1 replica without one', async () => {
    const recreate = (replicas: number) =>
      deployment('worker', [`replicas: ${replicas}`, 'strategy:', '  type: Recreate']);
    assert.equal(only((await analyzeK8s(recreate(1))).findings, RULE).length, 0);
    assert.deepEqual(
      only((await analyzeK8s(recreate(2))).findings, RULE).map((f) => f.severity),
      ['warning'],
    );
    const withHpa = deployment('worker', ['strategy:', '  type: Recreate']) + hpa('worker');
    assert.deepEqual(
      only((await analyzeK8s(withHpa)).findings, RULE).map((f) => f.severity),
      ['warning'],
    );
  });

  it('StatefulSet maxUnavailable: warning before 1.35, error from 1.35 (MaxUnavailableStatefulSet on by default)', async () => {
    const sts = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: db}',
      'spec:',
      '  replicas: 2',
      '  serviceName: db',
      '  updateStrategy: {rollingUpdate: {maxUnavailable: 2}}',
      '  selector: {matchLabels: {app: db}}',
      '  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: "db:1"}]}}',
      '',
    ].join('\n');
    const old = only((await analyzeK8s(sts)).findings, RULE);
    assert.deepEqual(
      old.map((f) => f.severity),
      ['warning'],
    );
    assert.match(old[0].message, /MaxUnavailableStatefulSet/);
    const recent = only((await analyzeK8s(sts, { settings: { clusterVersion: '1.35' } })).findings, RULE);
    assert.deepEqual(
      recent.map((f) => f.severity),
      ['error'],
    );
    // 10% of 2 rounds up to 1: one at a time.
    assert.deepEqual(
      only((await analyzeK8s(sts.replace('maxUnavailable: 2', 'maxUnavailable: 10%'))).findings, RULE),
      [],
    );
  });
});
