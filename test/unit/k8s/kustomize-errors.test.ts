import { strict as assert } from 'node:assert';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { toPlain } from '../../../src/assistants/k8s/kustomize/tree';
import { buildWorkspace } from '../../../src/assistants/k8s/kustomize/workspace-builds';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * What kustomize refuses (a cycle, a patch whose object is missing, a failing JSON patch) and what this build
 * cannot do (remote bases, Helm charts, plugins) is an error on the kustomization line at fault; the rest of
 * the build still stands, and checks that conclude from an absence hold back for an incomplete build.
 */

const deployment = (name: string, replicas = 2) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    '          image: shop/app:1.0',
  ].join('\n');

function build(texts: Record<string, string>) {
  const manifests = Object.entries(texts).map(([file, text]) => parseManifest(file, text));
  return buildWorkspace(manifests);
}

describe('k8s kustomize build errors', () => {
  it('a cycle is refused and reported on the kustomization that closes it', () => {
    const result = build({
      'a/kustomization.yaml': 'resources:\n  - ../b\n',
      'b/kustomization.yaml': 'resources:\n  - ../a\n  - app.yaml\n',
      'b/app.yaml': deployment('web'),
    });
    const errors = [...result.errorsByFile.values()].flat();
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, /includes itself \(a cycle\)/);
    assert.ok(result.consumed.has('b/app.yaml'));
  });

  it('a remote base is not fetched: one unsupported error on its line, the local resources still build', () => {
    const texts = {
      'k/kustomization.yaml': 'resources:\n  - github.com/example/base?ref=v1\n  - app.yaml\nnamespace: shop\n',
      'k/app.yaml': deployment('web'),
    };
    const result = build(texts);
    const [only] = result.builds;
    assert.deepEqual(
      only.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`),
      ['Deployment/shop/web'],
    );
    const [error] = only.result.errors;
    assert.equal(error.kind, 'unsupported');
    assert.match(error.message, /remote resource github\.com\/example\/base\?ref=v1/);
    assert.equal(error.range?.start.line, 1);
    assert.equal(only.result.incomplete.length, 1);
  });

  it('an incomplete build holds back "no PodDisruptionBudget covers it" in its namespace, and says why', async () => {
    const texts = {
      'k/kustomization.yaml': 'resources:\n  - https://example.org/pdbs.yaml\n  - app.yaml\nnamespace: shop\n',
      'k/app.yaml': deployment('web', 3),
    };
    const result = await analyzeDocument(
      k8sAssistant,
      { file: 'k/app.yaml', text: texts['k/app.yaml'] },
      DEFAULT_CONFIG,
      undefined,
      {
        workspace: memoryWorkspace(texts),
      },
    );
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'pdb-missing'),
      [],
    );
    assert.match(
      result.errors.map((e) => e.message).join('\n'),
      /held back for Deployment web: the kustomize build of k\/kustomization\.yaml does not apply the remote resource/,
    );
  });

  it('Helm charts, plugins and replacements are named as not applied', () => {
    const result = build({
      'k/kustomization.yaml': 'resources:\n  - app.yaml\nhelmCharts:\n  - name: redis\nreplacements: []\n',
      'k/app.yaml': deployment('web'),
    });
    const messages = result.builds[0].result.errors.map((e) => `${e.kind}: ${e.message}`);
    assert.equal(messages.length, 2);
    assert.match(messages[0], /^unsupported: not applied: helmCharts/);
    assert.match(messages[1], /^unsupported: not applied: replacements/);
  });

  it("a strategic-merge patch whose object is not in the build, and a failing JSON patch, are kustomize's errors", () => {
    const result = build({
      'k/kustomization.yaml': [
        'resources: [app.yaml]',
        'patches:',
        '  - path: ghost.yaml',
        '  - target: {kind: Deployment, name: web}',
        '    patch: |-',
        '      - op: replace',
        '        path: /spec/missing/field',
        '        value: 1',
      ].join('\n'),
      'k/app.yaml': deployment('web'),
      'k/ghost.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ghost}\nspec: {replicas: 3}\n',
    });
    const messages = result.builds[0].result.errors.map((e) => e.message);
    assert.equal(messages.length, 2, JSON.stringify(messages));
    assert.match(messages[0], /the patch's object \(Deployment ghost\) is not in this build/);
    assert.match(messages[1], /JSON patch operation 1 \(replace \/spec\/missing\/field\)/);
    // The patch file is a patch, never an object of the workspace.
    assert.ok(result.consumed.has('k/ghost.yaml'));
  });

  it('components are not built on their own; a kustomization without apiVersion or kind is still one', () => {
    const result = build({
      'c/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nreplicas: [{name: web, count: 4}]\n',
      'o/Kustomization': 'resources: [../app]\ncomponents: [../c]\n',
      'app/kustomization.yml': 'resources: [app.yaml]\n',
      'app/app.yaml': deployment('web'),
    });
    assert.deepEqual(
      result.builds.map((b) => b.folder),
      ['o/'],
    );
    const [web] = result.builds[0].objects;
    assert.equal((toPlain(web.root, web.doc) as { spec: { replicas: number } }).spec.replicas, 4);
  });

  it('an inline block patch in a CRLF kustomization is placed on its own lines', async () => {
    const kustomization = [
      'resources:',
      '  - app.yaml',
      'patches:',
      '  - patch: |-',
      '      apiVersion: autoscaling/v2',
      '      kind: HorizontalPodAutoscaler',
      '      metadata:',
      '        name: web',
      '      spec:',
      '        minReplicas: 1',
      '',
    ].join('\r\n');
    const hpa = [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata: {name: web}',
      'spec:',
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
      '  minReplicas: 2',
      '  maxReplicas: 4',
    ].join('\n');
    const texts = { 'k/kustomization.yaml': kustomization, 'k/app.yaml': `${deployment('web')}\n---\n${hpa}\n` };
    const result = await analyzeDocument(
      k8sAssistant,
      { file: 'k/kustomization.yaml', text: kustomization },
      DEFAULT_CONFIG,
      undefined,
      {
        workspace: memoryWorkspace(texts),
      },
    );
    const below = result.findings.find((f) => f.ruleId === 'hpa-min-replicas-below-two');
    assert.deepEqual(below?.range.start, { line: 9, character: 8 });
  });
});
