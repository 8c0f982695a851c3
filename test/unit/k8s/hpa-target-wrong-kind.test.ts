import { strict as assert } from 'node:assert';
import { preferredFix } from '../helpers/apply-edits';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';

const RULE = 'hpa-target-wrong-kind';

describe(`k8s ${RULE}`, () => {
  it('sees the StatefulSet in another file (context/): finding on the kind, related there, fix in the HPA file', async () => {
    const run = await analyzeWithContext(RULE, 'bad-cross-file.yaml');
    assertAtMarkers(run, RULE);
    const [finding] = run.ofRule;
    assert.equal(finding.severity, 'error');
    assert.match(
      finding.message,
      /targets Deployment ledger, but namespace finance has a StatefulSet named ledger and no Deployment/,
    );
    assert.equal(finding.related?.[0].file, `test/fixtures/k8s/${RULE}/context/ledger.yaml`);
    const fix = preferredFix(finding)!;
    assert.deepEqual(
      fix.edits.map((e) => [e.file, e.newText]),
      [[run.file, 'StatefulSet']],
    );
  });

  it('is silent when the reference matches the workload in the other file', async () => {
    const run = await analyzeWithContext(RULE, 'good-cross-file.yaml');
    assert.deepEqual(run.ofRule, []);
  });

  it('a same-group, old-version reference is information only: the controller resolves targets by group', async () => {
    const run = await analyzeWithContext(RULE, 'bad-stale-version.yaml', { context: new Map() });
    assert.deepEqual(
      run.ofRule.map((f) => f.severity),
      ['info'],
    );
    assert.match(run.ofRule[0].message, /resolves targets by group only, so scaling still works/);
  });

  it('extensions/v1beta1 was a valid group for Deployments before Kubernetes 1.16', async () => {
    const at115 = await analyzeWithContext(RULE, 'bad.yaml', {
      context: new Map(),
      settings: { clusterVersion: '1.15' },
    });
    assert.ok(!at115.ofRule.some((f) => /extensions/.test(f.message)));
    const at130 = await analyzeWithContext(RULE, 'bad.yaml', { context: new Map() });
    assert.ok(
      at130.ofRule.some((f) => /with apiVersion extensions\/v1beta1, which does not serve Deployment/.test(f.message)),
    );
  });
});
