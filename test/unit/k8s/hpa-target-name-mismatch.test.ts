import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';
import { deploymentYaml } from './manifests';

const RULE = 'hpa-target-name-mismatch';
const DIR = 'test/fixtures/k8s/hpa-target-name-mismatch';

const scaledObject = [
  'apiVersion: keda.sh/v1alpha1',
  'kind: ScaledObject',
  'metadata:',
  '  name: mailer',
  'spec:',
  '  scaleTargetRef:',
  '    name: notifier',
  '  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]',
  '',
].join('\n');

describe(`k8s ${RULE}`, () => {
  it('says the other workload has two autoscalers, and points at the workload nothing scales', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml');
    assertAtMarkers(run, RULE);
    const [finding] = run.ofRule;
    assert.match(finding.message, /Deployment checkout is also scaled by HorizontalPodAutoscaler checkout/);
    assert.equal(finding.related?.[0].message, 'Deployment checkout-worker: nothing scales it');
    assert.equal(finding.related?.[0].range.start.line, 21);
  });

  it('reads KEDA ScaledObjects the same way (their kind defaults to Deployment)', async () => {
    const run = await analyzeWithContext(RULE, 'mailer.yaml', {
      text: scaledObject,
      context: new Map([[`${DIR}/deployments.yaml`, `${deploymentYaml('mailer')}---\n${deploymentYaml('notifier')}`]]),
    });
    assert.equal(run.ofRule.length, 1);
    assert.match(run.ofRule[0].message, /^ScaledObject mailer scales Deployment notifier, while Deployment mailer/);
    assert.equal(run.ofRule[0].fixes?.[0].edits[0].newText, 'mailer');
  });

  it('a workload of that name in a sibling folder (another environment) does not count', async () => {
    const run = await analyzeWithContext(RULE, 'prod/mailer.yaml', {
      text: scaledObject,
      context: new Map([
        [`${DIR}/prod/notifier.yaml`, deploymentYaml('notifier')],
        [`${DIR}/staging/mailer.yaml`, deploymentYaml('mailer')],
      ]),
    });
    assert.equal(run.ofRule.length, 0);
  });
});
