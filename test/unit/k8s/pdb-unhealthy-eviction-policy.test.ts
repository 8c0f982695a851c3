import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';

const RULE = 'pdb-unhealthy-eviction-policy';

describe(`k8s ${RULE}`, () => {
  it('is information, naming the pods the budget covers', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml');
    assertAtMarkers(run, RULE);
    assert.equal(run.ofRule[0].severity, 'info');
    assert.match(run.ofRule[0].message, /its pods \(the pods of Deployment web\) that are running but not Ready/);
    assert.doesNotMatch(run.ofRule[0].message, /while they start/);
  });

  it('is a warning, with the window, when the pods may stay not Ready for minutes while they start', async () => {
    const run = await analyzeWithContext(RULE, 'bad-slow-start.yaml');
    assert.equal(run.ofRule[0].severity, 'warning');
    assert.match(
      run.ofRule[0].message,
      /Deployment search's pods may also stay not Ready for up to 5 min while they start \(the startupProbe of container search allows 300 s\)/,
    );
  });

  it('is silent on clusters older than 1.27, where the field is alpha or unknown', async () => {
    const old = await analyzeWithContext(RULE, 'bad.yaml', { settings: { clusterVersion: '1.26' } });
    assert.equal(old.ofRule.length, 0);
    const beta = await analyzeWithContext(RULE, 'bad.yaml', { settings: { clusterVersion: '1.27' } });
    assert.equal(beta.ofRule.length, 1);
  });
});
