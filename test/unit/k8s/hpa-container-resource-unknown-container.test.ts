import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';

const RULE = 'hpa-container-resource-unknown-container';

describe(`k8s ${RULE}`, () => {
  it('checks the container name against a Deployment in another file, listing its containers', async () => {
    const run = await analyzeWithContext(RULE, 'bad-cross-file.yaml');
    assertAtMarkers(run, RULE);
    const [finding] = run.ofRule;
    assert.match(finding.message, /names container payment, which Deployment payments does not have/);
    assert.match(finding.message, /Containers in the pod template: payments, istio-proxy\./);
    assert.equal(finding.related?.[0].file, `test/fixtures/k8s/${RULE}/context/payments.yaml`);
    assert.equal(finding.fixes, undefined, 'two containers: no guess');
  });

  it('is silent when the container exists there', async () => {
    assert.deepEqual((await analyzeWithContext(RULE, 'good-cross-file.yaml')).ofRule, []);
  });

  it('an absent container field is an API rejection, not a runtime failure', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml', { context: new Map() });
    const missing = run.ofRule.find((f) => /names no container/.test(f.message))!;
    assert.match(missing.message, /the API server rejects the HPA/);
    assert.equal(missing.fixes?.[0].edits[0].newText.trim(), 'container: ledger');
  });

  it('does not also report hpa-utilization-without-requests for the unknown container', async () => {
    const run = await analyzeWithContext(RULE, 'bad-no-fix.yaml', { context: new Map() });
    assert.equal(run.result.findings.filter((f) => f.ruleId === 'hpa-utilization-without-requests').length, 0);
  });
});
