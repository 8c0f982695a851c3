import { strict as assert } from 'node:assert';
import { analyzeWithContext } from './context-fixtures';

const RULE = 'hpa-external-metric-incomplete';

describe(`k8s ${RULE}`, () => {
  it('names what is missing and where, in both the v2 and the v2beta1 spelling', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml', { context: new Map() });
    const messages = run.ofRule.map((f) => f.message);
    assert.match(
      messages[0],
      /^External metric of HorizontalPodAutoscaler orders-worker has no metric\.name: the API server rejects the whole HPA/,
    );
    assert.match(messages[1], /^Pods metric jobs_in_flight .* has no target:/);
    assert.match(messages[2], /^Object metric requests_per_second .* has no describedObject/);
    assert.match(messages[3], /has a describedObject without name:/);
    assert.match(messages[5], /has no targetValue or targetAverageValue/);
    assert.match(messages[6], /has no metricName, and no target \(the object the metric describes\)/);
    assert.ok(run.ofRule.every((f) => f.severity === 'error' && f.fixes === undefined));
  });
});
