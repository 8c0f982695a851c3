import { strict as assert } from 'node:assert';
import { analyzeK8s, only } from './availability-helpers';

/**
 * liveness-equals-readiness: the same check with no more patience is reported; a more patient liveness
 * probe (longer failure window or timeout — the pattern the Kubernetes docs recommend) is not.
 */

const RULE = 'liveness-equals-readiness';

function pod(readiness: string, liveness: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: api}',
    'spec:',
    '  selector: {matchLabels: {app: api}}',
    '  template:',
    '    metadata: {labels: {app: api}}',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: shop/api:1.0.0',
    `          readinessProbe: ${readiness}`,
    `          livenessProbe: ${liveness}`,
    '',
  ].join('\n');
}

describe(`k8s ${RULE}`, () => {
  const http = 'httpGet: {path: /healthz, port: 8080}';
  const cases: [string, string, string, boolean][] = [
    ['identical', `{${http}}`, `{${http}}`, true],
    [
      'defaults written out count as the same',
      `{httpGet: {path: /healthz, port: 8080, scheme: HTTP}, periodSeconds: 10, failureThreshold: 3}`,
      `{${http}}`,
      true,
    ],
    ['empty path is /', `{httpGet: {path: "", port: 8080}}`, `{httpGet: {path: /, port: 8080}}`, true],
    ['zero means the default', `{${http}, periodSeconds: 0}`, `{${http}}`, true],
    ['liveness less patient', `{${http}}`, `{${http}, failureThreshold: 1}`, true],
    ['initialDelaySeconds is not patience', `{${http}}`, `{${http}, initialDelaySeconds: 60}`, true],
    ['liveness more patient: failureThreshold', `{${http}}`, `{${http}, failureThreshold: 6}`, false],
    ['liveness more patient: period', `{${http}}`, `{${http}, periodSeconds: 20}`, false],
    ['liveness more patient: timeout', `{${http}}`, `{${http}, timeoutSeconds: 3}`, false],
    ['readiness more patient still reported', `{${http}, failureThreshold: 6}`, `{${http}}`, true],
    ['different path', `{httpGet: {path: /ready, port: 8080}}`, `{${http}}`, false],
    [
      'different header',
      `{httpGet: {path: /healthz, port: 8080, httpHeaders: [{name: X-Probe, value: ready}]}}`,
      `{${http}}`,
      false,
    ],
    ['different handler', `{tcpSocket: {port: 8080}}`, `{${http}}`, false],
    ['same exec', `{exec: {command: [check]}}`, `{exec: {command: [check]}}`, true],
    ['different exec', `{exec: {command: [check, --ready]}}`, `{exec: {command: [check]}}`, false],
    ['grpc service differs', `{grpc: {port: 9000, service: ready}}`, `{grpc: {port: 9000}}`, false],
  ];
  for (const [label, readiness, liveness, expected] of cases) {
    it(`${label}: ${expected ? 'reported' : 'silent'}`, async () => {
      assert.equal(only((await analyzeK8s(pod(readiness, liveness))).findings, RULE).length, expected ? 1 : 0);
    });
  }

  it('the fix doubles the readiness window: liveness failureThreshold = 2 × 30 s / its period', async () => {
    const [finding] = only((await analyzeK8s(pod(`{${http}}`, `{${http}, periodSeconds: 5}`))).findings, RULE);
    assert.match(finding.fixes?.[0].title ?? '', /failureThreshold to 12 \(restart after 60 s/);
  });
});
