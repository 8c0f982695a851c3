import { strict as assert } from 'node:assert';
import { analyzeWithContext } from './context-fixtures';

const RULE = 'hpa-metric-target-invalid';

describe(`k8s ${RULE}`, () => {
  it('severity follows what really happens: rejected or never scaling is an error, a type the controller ignores a warning', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml', { context: new Map() });
    const lines = run.text.split('\n');
    const got = run.ofRule.map((f) => `${f.severity} ${lines[f.range.start.line].trim()}`);
    assert.deepEqual(got, [
      'error averageValue: 500m # left over from the load test',
      'warning type: Utilization',
      'error target:',
      'error type: averagevalue',
      'warning type: Utilization',
      'error type: Value',
      'warning target: {type: Value, averageValue: "30"}',
    ]);
  });

  it('says why, with the metric and the HPA by name', async () => {
    const run = await analyzeWithContext(RULE, 'bad-no-fix.yaml', { context: new Map() });
    assert.match(
      run.ofRule[0].message,
      /^External metric queue_depth of HorizontalPodAutoscaler api has target type Utilization: Utilization \(a percentage of requests\) exists only for Resource and ContainerResource metrics; the API server rejects the HPA/,
    );
    assert.ok(run.ofRule.every((f) => f.severity === 'error'));
  });
});
