import { strict as assert } from 'node:assert';
import { analyzeWithContext } from './context-fixtures';

const RULE = 'hpa-memory-utilization';

describe(`k8s ${RULE}`, () => {
  it('explains the ratchet, its cost, the largest-proposal rule when other metrics exist, and what to use instead', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml', { context: new Map() });
    const [api, raw] = run.ofRule;
    assert.equal(api.severity, 'warning');
    assert.match(api.message, /scales on 80% memory utilisation/);
    assert.match(api.message, /keeps the extra replicas up to maxReplicas 50: you pay for idle pods/);
    assert.match(api.message, /the largest proposal wins/);
    assert.match(api.message, /Scale on CPU or a request-rate metric instead/);
    assert.match(raw.message, /scales on memory \(1Gi per pod\)/);
    assert.doesNotMatch(raw.message, /largest proposal/);
  });
});
