import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';

const RULE = 'workload-without-requests';

describe(`k8s ${RULE}`, () => {
  it('says what scales the workload and when its pods are BestEffort', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml');
    assertAtMarkers(run, RULE);
    const [sidecar, api, consumer] = run.ofRule;
    assert.match(sidecar.message, /^Sidecar container log-shipper of Deployment api \(spec\.replicas 3\)/);
    // The init container has no request either, so the pod is not reported as BestEffort.
    assert.doesNotMatch(api.message, /BestEffort/);
    assert.match(consumer.message, /scaled by HorizontalPodAutoscaler consumer, up to 12 pods/);
    assert.match(consumer.message, /the pods are BestEffort/);
  });

  it('inserts the configured placeholders', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml', {
      settings: { defaultCpuRequest: '250m', defaultMemoryRequest: '512Mi' },
    });
    assert.match(run.ofRule[1].fixes?.[0].title ?? '', /cpu: 250m, memory: 512Mi to container api/);
    assert.match(run.ofRule[1].fixes?.[0].edits[0].newText ?? '', /cpu: 250m\n\s+memory: 512Mi/);
  });
});
