import { strict as assert } from 'node:assert';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { kustomizeCases } from './kustomize-fixtures';

/**
 * Findings on kustomize builds land in the file and on the field that set the value: the base, the patch or
 * the kustomization. A base several overlays build reports a finding once, naming the builds it holds in.
 * Files used only as patches are never read as objects.
 */

const overlays = kustomizeCases().find((c) => c.name === 'overlays');
if (!overlays) throw new Error('fixture case "overlays" is missing');

async function analyze(file: string, texts: ReadonlyMap<string, string> = overlays!.texts) {
  const text = texts.get(file);
  assert.ok(text !== undefined, file);
  return analyzeDocument(k8sAssistant, { file, text }, DEFAULT_CONFIG, undefined, {
    workspace: memoryWorkspace(texts),
  });
}

const where = (f: Finding) => `${f.ruleId}@${f.range.start.line + 1}`;
const lineOf = (file: string, needle: string, texts: ReadonlyMap<string, string> = overlays!.texts) =>
  (texts.get(file) ?? '').split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('k8s findings on kustomize builds', () => {
  it('a replica count set by the overlay is reported on its `count:` line, without a fix that cannot apply', async () => {
    const { findings, errors } = await analyze('overlays/prod/kustomization.yaml');
    assert.deepEqual(errors, []);
    assert.deepEqual(findings.map(where), [
      `workload-replicas-with-hpa@${lineOf('overlays/prod/kustomization.yaml', 'count: 3')}`,
    ]);
    assert.match(
      findings[0].message,
      /Deployment prod-web sets spec\.replicas: 3 while HorizontalPodAutoscaler prod-web/,
    );
    // Deleting "count: 3" would leave an invalid replicas entry: the key is the build's, so no edit is offered.
    assert.equal(findings[0].fixes, undefined);
  });

  it('a value an inline patch sets is reported on the patch line inside the kustomization', async () => {
    const { findings } = await analyze('overlays/staging/kustomization.yaml');
    assert.deepEqual(findings.map(where), [
      `hpa-min-replicas-below-two@${lineOf('overlays/staging/kustomization.yaml', 'minReplicas: 1')}`,
    ]);
  });

  it('a base two overlays build: each finding once, naming the builds where it holds', async () => {
    const { findings, errors } = await analyze('base/deployment.yaml');
    assert.deepEqual(errors, []);
    const byRule = new Map(findings.map((f) => [f.ruleId, f]));
    // Only staging's build leaves the image untagged and removes the readiness probe (prod sets 1.4.2, keeps it).
    assert.match(byRule.get('image-tag-latest')?.message ?? '', /\(in the kustomize build of overlays\/staging\)$/);
    assert.match(
      byRule.get('readiness-probe-missing')?.message ?? '',
      /\(in the kustomize build of overlays\/staging\)$/,
    );
    // Staging keeps the base's replicas: 2 (prod's comes from its kustomization, reported there).
    const replicas = byRule.get('workload-replicas-with-hpa');
    assert.equal(replicas?.range.start.line, lineOf('base/deployment.yaml', 'replicas: 2') - 1);
    assert.match(replicas?.message ?? '', /overlays\/staging\)$/);
    assert.equal(findings.length, new Set(findings.map((f) => `${f.ruleId}@${f.range.start.line}`)).size);
  });

  it('a finding that holds in both builds is one finding naming both', async () => {
    const texts = new Map(overlays!.texts);
    // A second container that serves on a port and has no readiness probe, in both builds.
    const sidecar =
      '        - name: metrics\n          image: shop/metrics:2.1\n          ports: [{containerPort: 9090}]\n';
    texts.set('base/deployment.yaml', `${texts.get('base/deployment.yaml')}${sidecar}`);
    const { findings } = await analyze('base/deployment.yaml', texts);
    const metrics = findings.filter((f) => f.ruleId === 'readiness-probe-missing' && /metrics/.test(f.message));
    assert.equal(metrics.length, 1, JSON.stringify(findings.map((f) => f.message)));
    // The builds name the Deployment prod-web and web-stg: the words are prod's, and the message says so.
    assert.match(metrics[0].message, /Deployment prod-web/);
    assert.match(
      metrics[0].message,
      /\(in the kustomize builds of overlays\/prod, overlays\/staging; as built by overlays\/prod\)$/,
    );
  });

  it("the template's labels come from commonLabels: no PodDisruptionBudget or Service selects nothing", async () => {
    for (const file of ['base/pdb.yaml', 'base/service.yaml', 'base/deployment.yaml', 'base/kustomization.yaml']) {
      const { findings } = await analyze(file);
      const wrong = findings.filter((f) => ['pdb-selector-matches-nothing', 'pdb-missing'].includes(f.ruleId));
      assert.deepEqual(wrong, [], file);
    }
  });

  it('a file used only as a patch is never read as an object', async () => {
    const { findings, errors } = await analyze('overlays/prod/resources.yaml');
    assert.deepEqual(errors, []);
    // It sets requests and limits on the prod build's container: nothing there to report, and no
    // "no PDB covers it" or "no selector" for the patch's partial Deployment.
    assert.deepEqual(findings, []);
  });

  it('a JSON 6902 patch that sets a value: the finding lands on its `value:` line', async () => {
    const texts = new Map(overlays!.texts);
    texts.set(
      'overlays/staging/probe-patch.yaml',
      `${texts.get('overlays/staging/probe-patch.yaml')}- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: shop/web:latest\n`,
    );
    const { findings } = await analyze('overlays/staging/probe-patch.yaml', texts);
    assert.deepEqual(findings.map(where), [
      `image-tag-latest@${lineOf('overlays/staging/probe-patch.yaml', 'value: shop/web:latest', texts)}`,
    ]);
  });

  it('an image tag set by an `images:` entry is reported on that entry', async () => {
    const texts = new Map(overlays!.texts);
    texts.set(
      'overlays/prod/kustomization.yaml',
      texts.get('overlays/prod/kustomization.yaml')!.replace('"1.4.2"', 'latest'),
    );
    const { findings } = await analyze('overlays/prod/kustomization.yaml', texts);
    assert.ok(
      findings
        .map(where)
        .includes(`image-tag-latest@${lineOf('overlays/prod/kustomization.yaml', 'newTag: latest', texts)}`),
      JSON.stringify(findings.map(where)),
    );
  });

  it("a fix written into a base uses the base's own names: the build adds its prefix and namespace again", async () => {
    const texts = new Map<string, string>([
      ['app/kustomization.yaml', 'resources:\n  - web.yaml\n'],
      [
        'app/web.yaml',
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: web',
          'spec:',
          '  replicas: 3',
          '  selector: {matchLabels: {app: web}}',
          '  template:',
          '    metadata: {labels: {app: web}}',
          '    spec:',
          '      containers:',
          '        - name: web',
          '          image: shop/web:1.0',
          '',
        ].join('\n'),
      ],
      ['prod/kustomization.yaml', 'resources:\n  - ../app\nnamePrefix: prod-\nnamespace: shop\n'],
    ]);
    const { findings } = await analyze('app/web.yaml', texts);
    const missing = findings.find((f) => f.ruleId === 'pdb-missing');
    assert.match(missing?.message ?? '', /^Deployment prod-web runs at least 3 pods/);
    const [edit] = missing?.fixes?.[0].edits ?? [];
    assert.equal(edit?.file, 'app/web.yaml');
    assert.match(edit?.newText ?? '', /\n {2}name: web-pdb\n/);
    assert.doesNotMatch(edit?.newText ?? '', /namespace|prod-/);
  });

  it('a missing resource is an error on the kustomization line, and absence checks hold back for that build', async () => {
    const texts = new Map(overlays!.texts);
    texts.set(
      'overlays/prod/kustomization.yaml',
      texts.get('overlays/prod/kustomization.yaml')!.replace('  - ../../base\n', '  - ../../base\n  - ../../queue\n'),
    );
    const { errors } = await analyze('overlays/prod/kustomization.yaml', texts);
    const [error] = errors.filter((e) => e.kind === 'parse');
    assert.ok(error, JSON.stringify(errors));
    assert.match(error.message, /\.\.\/\.\.\/queue is not a folder with a kustomization/);
    assert.equal(error.range?.start.line, lineOf('overlays/prod/kustomization.yaml', '../../queue', texts) - 1);
  });
});
