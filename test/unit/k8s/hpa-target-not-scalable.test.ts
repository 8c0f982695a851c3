import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';

const RULE = 'hpa-target-not-scalable';

describe(`k8s ${RULE}`, () => {
  it('a DaemonSet defined in another file: finding on the kind, related to the DaemonSet, no fix', async () => {
    const run = await analyzeWithContext(RULE, 'bad-cross-file.yaml');
    assertAtMarkers(run, RULE);
    const [finding] = run.ofRule;
    assert.equal(finding.severity, 'error');
    assert.match(
      finding.message,
      /DaemonSet node-exporter, and a DaemonSet has no scale subresource: the HPA reports FailedGetScale/,
    );
    assert.match(finding.message, /cluster autoscaler/);
    assert.equal(finding.related?.[0].file, `test/fixtures/k8s/${RULE}/context/node-exporter.yaml`);
    assert.equal(finding.fixes, undefined);
  });

  it('a DaemonSet target is reported even when the DaemonSet is not in the workspace (and not as missing)', async () => {
    const run = await analyzeWithContext(RULE, 'bad-cross-file.yaml', { context: new Map() });
    assert.equal(run.ofRule.length, 1);
    assert.equal(run.result.findings.filter((f) => f.ruleId === 'hpa-target-missing').length, 0);
  });

  it('a Service target names the workload behind it, and the fix retargets kind, name and apiVersion together', async () => {
    const run = await analyzeWithContext(RULE, 'bad-service.yaml', { context: new Map() });
    const [finding] = run.ofRule;
    assert.match(finding.message, /Behind this Service: Deployment storefront-web\./);
    assert.deepEqual(finding.fixes?.[0].edits.map((e) => e.newText).sort(), [
      'Deployment',
      'apps/v1',
      'storefront-web',
    ]);
  });
});
