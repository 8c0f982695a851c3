import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';

const RULE = 'spread-selector-misses-own-pods';

describe(`k8s ${RULE}`, () => {
  it('names the workload a copied selector selects, and says a missing labelSelector counts no pods', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml');
    assertAtMarkers(run, RULE);
    const [copied, missing] = run.ofRule;
    assert.match(copied.message, /selects app=frontend, which its own pods \(app=backend, tier=api\) do not match/);
    assert.match(copied.message, /It selects the pods of Deployment frontend: copied from there\?/);
    assert.equal(copied.related?.[0].message, 'the pods of Deployment frontend, which the selector selects');
    assert.match(missing.message, /has no labelSelector, which selects no pod at all .*it counts no pods/);
  });

  it('offers the anti-affinity fix without preferring it: keeping away from another app may be the intent', async () => {
    const run = await analyzeWithContext(RULE, 'bad-anti-affinity.yaml');
    const [finding] = run.ofRule;
    assert.match(finding.message, /nothing spreads its own replicas/);
    assert.equal(finding.fixes?.[0].isPreferred, false);
    assert.match(finding.fixes?.[0].detail ?? '', /add a new term for the own pods instead/);
  });

  it('without the kustomization that adds the label, the selector asking for it is reported', async () => {
    const run = await analyzeWithContext(RULE, 'good-kustomize.yaml', { context: new Map() });
    assert.equal(run.ofRule.length, 1);
    assert.match(run.ofRule[0].message, /selects app=cart, app\.kubernetes\.io\/part-of=shop/);
  });
});
