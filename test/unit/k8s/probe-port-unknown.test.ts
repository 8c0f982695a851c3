import { strict as assert } from 'node:assert';
import { analyzeK8s, only } from './availability-helpers';

/**
 * probe-port-unknown: severity follows what the kubelet really does with an unresolvable port name
 * (the errored result is discarded, so each probe keeps its initial state), and the messages say so.
 */

const RULE = 'probe-port-unknown';

function pod(probes: string, ports = '[{name: http, containerPort: 8080}]'): string {
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
    `          ports: ${ports}`,
    ...probes.split('\n').map((l) => `          ${l}`),
    '',
  ].join('\n');
}

describe(`k8s ${RULE}`, () => {
  it('readiness and startup: error (never ready); liveness: warning (never fails, so never restarts)', async () => {
    const text = pod(
      'readinessProbe: {httpGet: {path: /, port: web}}\nlivenessProbe: {tcpSocket: {port: web}}\nstartupProbe: {httpGet: {path: /, port: web}}',
    );
    const findings = only((await analyzeK8s(text)).findings, RULE);
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['error', 'warning', 'error'],
    );
    assert.match(findings[0].message, /never becomes ready/);
    assert.match(findings[1].message, /never fails: a hung container is never restarted/);
    assert.match(findings[2].message, /never counts as started/);
    for (const f of findings) assert.match(f.message, /declares only port http \(8080\)/);
  });

  it('declared names and any number: no finding', async () => {
    const text = pod('readinessProbe: {httpGet: {path: /, port: http}}\nlivenessProbe: {tcpSocket: {port: 9999}}');
    assert.deepEqual(only((await analyzeK8s(text)).findings, RULE), []);
  });

  it('names are case-sensitive', async () => {
    const text = pod('readinessProbe: {httpGet: {path: /, port: HTTP}}');
    assert.equal(only((await analyzeK8s(text)).findings, RULE).length, 1);
  });

  it('template placeholders are left alone', async () => {
    const text = pod('readinessProbe: {httpGet: {path: /, port: "${PORT_NAME}"}}');
    assert.deepEqual(only((await analyzeK8s(text)).findings, RULE), []);
  });

  it('no fix when the container has no declared port (nothing to point at)', async () => {
    const [finding] = only((await analyzeK8s(pod('readinessProbe: {tcpSocket: {port: http}}', '[]'))).findings, RULE);
    assert.match(finding.message, /declares no ports/);
    assert.equal(finding.fixes, undefined);
  });

  it('a YAML-1.1 word as the declared name is quoted by the fix (kubectl reads `on` as a boolean)', async () => {
    const text = pod('readinessProbe: {tcpSocket: {port: http}}', '[{name: "on", containerPort: 8080}]');
    const [finding] = only((await analyzeK8s(text)).findings, RULE);
    assert.equal(finding.fixes?.[0].edits[0].newText, '"on"');
  });
});
