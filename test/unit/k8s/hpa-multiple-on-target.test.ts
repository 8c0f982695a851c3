import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers } from './context-fixtures';
import { deploymentYaml, hpaYaml } from './manifests';

const RULE = 'hpa-multiple-on-target';
const DIR = 'test/fixtures/k8s/hpa-multiple-on-target';

describe(`k8s ${RULE}`, () => {
  it('says both HPAs are disabled (AmbiguousSelector) and points at the other one', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml');
    assertAtMarkers(run, RULE);
    const [cpu, memory] = run.ofRule;
    assert.equal(cpu.severity, 'error');
    assert.match(cpu.message, /HorizontalPodAutoscaler web-memory scales Deployment web too/);
    assert.match(cpu.message, /disables all of them \(ScalingActive=False, AmbiguousSelector\)/);
    assert.deepEqual(
      cpu.related?.map((r) => [r.file, r.range.start.line]),
      [[`${DIR}/bad.yaml`, memory.range.start.line]],
    );
  });

  it('names the ScaledObject as an autoscaler of its own, and the selector that overlaps', async () => {
    const keda = await analyzeWithContext(RULE, 'bad-keda.yaml');
    assert.match(keda.ofRule[0].message, /a KEDA ScaledObject runs an HPA of its own/);
    const overlap = await analyzeWithContext(RULE, 'bad-overlap.yaml');
    assert.match(overlap.ofRule[0].message, /whose pods Deployment shop's selector \(app=shop\) also selects/);
    assert.match(
      overlap.ofRule[1].message,
      /whose selector \(app=shop\) also selects the pods of Deployment shop-canary/,
    );
  });

  it('before Kubernetes 1.26 the HPAs fight instead of being disabled', async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml', { settings: { clusterVersion: '1.25' } });
    assert.equal(run.ofRule.length, 2);
    assert.match(run.ofRule[0].message, /overwrite each other’s replica count on every sync; from Kubernetes 1\.26/);
  });

  it('HPAs in sibling folders (one overlay per environment) are not taken to meet; in one folder they are', async () => {
    const file = `${DIR}/overlays/prod/hpa.yaml`;
    const siblings = new Map([
      [`${DIR}/base/web.yaml`, deploymentYaml('web')],
      [`${DIR}/overlays/staging/hpa.yaml`, hpaYaml('web-staging', 'web')],
    ]);
    const apart = await analyzeWithContext(RULE, 'overlays/prod/hpa.yaml', {
      text: hpaYaml('web-prod', 'web'),
      context: siblings,
    });
    assert.equal(apart.file, file);
    assert.equal(apart.ofRule.length, 0);
    const together = await analyzeWithContext(RULE, 'overlays/prod/hpa.yaml', {
      text: hpaYaml('web-prod', 'web'),
      context: new Map([...siblings, [`${DIR}/overlays/prod/hpa-memory.yaml`, hpaYaml('web-memory', 'web')]]),
    });
    assert.equal(together.ofRule.length, 1);
    assert.match(together.ofRule[0].message, /HorizontalPodAutoscaler web-memory scales Deployment web too/);
  });

  it('copies of one HPA (the same name in two files) are one HPA', async () => {
    const run = await analyzeWithContext(RULE, 'copy.yaml', {
      text: hpaYaml('web', 'web'),
      context: new Map([
        [`${DIR}/web.yaml`, deploymentYaml('web')],
        [`${DIR}/web-hpa.yaml`, hpaYaml('web', 'web')],
      ]),
    });
    assert.equal(run.ofRule.length, 0);
  });
});
