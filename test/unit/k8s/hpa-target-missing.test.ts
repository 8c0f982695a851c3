import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';

const RULE = 'hpa-target-missing';

describe(`k8s ${RULE}`, () => {
  it('finds a target defined in another file of the workspace (context/)', async () => {
    const run = await analyzeWithContext(RULE, 'good-cross-file.yaml');
    assertAtMarkers(run, RULE);
    assert.equal(run.ofRule.length, 0);
  });

  it('reports a name no file defines, and a target that only exists in another namespace (related: that file)', async () => {
    const run = await analyzeWithContext(RULE, 'bad-cross-file.yaml');
    assertAtMarkers(run, RULE);
    const [typo, otherNamespace] = run.ofRule;
    assert.equal(typo.severity, 'warning');
    assert.match(typo.message, /Deployment order, which is not found in this workspace \(namespace shop\)/);
    assert.match(typo.message, /FailedGetScale/);
    assert.equal(typo.related, undefined);
    assert.match(
      otherNamespace.message,
      /exists in namespace shop, but an HPA only scales targets in its own namespace/,
    );
    assert.equal(otherNamespace.related?.[0].file, 'test/fixtures/k8s/hpa-target-missing/context/orders.yaml');
    assert.equal(otherNamespace.related?.[0].range.start.line, 4);
  });

  it('without the context file, the same HPA is "not found in this workspace"', async () => {
    const run = await analyzeWithContext(RULE, 'good-cross-file.yaml', { context: new Map() });
    assert.equal(run.ofRule.length, 1);
    assert.match(run.ofRule[0].message, /not found in this workspace/);
  });
});
