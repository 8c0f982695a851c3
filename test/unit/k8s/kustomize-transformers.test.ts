import { strict as assert } from 'node:assert';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { buildWorkspace } from '../../../src/assistants/k8s/kustomize/workspace-builds';
import { toPlain } from '../../../src/assistants/k8s/kustomize/tree';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { kustomizationYaml } from './manifests';

/**
 * `transformers:` files holding kustomize's builtin LabelTransformer or AnnotationsTransformer are applied after
 * the kustomization's own fields, into the fields their `fieldSpecs` name; the file is configuration, not an
 * object. Any other transformer (a plugin, another builtin) is not built, and the build says which.
 */

const labels = `apiVersion: builtin
kind: LabelTransformer
metadata:
  name: tier
labels:
  tier: storefront
fieldSpecs:
  - path: metadata/labels
    create: true
  - kind: Deployment
    path: spec/selector/matchLabels
    create: true
  - kind: Deployment
    path: spec/template/metadata/labels
    create: true
---
apiVersion: builtin
kind: AnnotationsTransformer
metadata:
  name: owner
annotations:
  owner: web-team
fieldSpecs:
  - path: metadata/annotations
    create: true
`;

const files: Record<string, string> = {
  'app/kustomization.yaml': kustomizationYaml(
    'namespace: shop\nresources:\n  - deployment.yaml\n  - pdb.yaml\ntransformers:\n  - labels.yaml\n',
  ),
  'app/labels.yaml': labels,
  'app/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 3
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: cart
          image: shop/cart:1.8.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`,
  // The budget selects on the label only the transformer adds.
  'app/pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      tier: storefront
`,
};

function build(texts: Record<string, string>) {
  const manifests = Object.entries(texts).map(([file, text]) => parseManifest(file, text));
  return buildWorkspace(manifests);
}

describe('k8s kustomize: builtin label and annotation transformers', () => {
  it('writes the labels and annotations where their fieldSpecs say, after the kustomization’s own fields', () => {
    const { builds, consumed, errorsByFile } = build(files);
    assert.deepEqual([...errorsByFile.values()].flat(), []);
    const deployment = builds[0].objects.find((o) => o.kind === 'Deployment');
    assert.ok(deployment);
    assert.deepEqual(toPlain(deployment.root, deployment.doc), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'cart',
        namespace: 'shop',
        labels: { tier: 'storefront' },
        annotations: { owner: 'web-team' },
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'cart', tier: 'storefront' } },
        template: {
          metadata: { labels: { app: 'cart', tier: 'storefront' } },
          spec: {
            containers: [
              { name: 'cart', image: 'shop/cart:1.8.0', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
            ],
          },
        },
      },
    });
    // The budget is no Deployment: its selector is left alone, its metadata labelled.
    const pdb = builds[0].objects.find((o) => o.kind === 'PodDisruptionBudget');
    assert.deepEqual((toPlain(pdb!.root, pdb!.doc) as { metadata: unknown }).metadata, {
      name: 'cart',
      namespace: 'shop',
      labels: { tier: 'storefront' },
      annotations: { owner: 'web-team' },
    });
    assert.ok(consumed.has('app/labels.yaml'));
  });

  it('a budget selecting on a transformer’s label covers the pods, and the transformer file is no object', async () => {
    const texts = new Map(Object.entries(files));
    for (const file of ['app/deployment.yaml', 'app/pdb.yaml', 'app/labels.yaml']) {
      const { findings, errors } = await analyzeDocument(
        k8sAssistant,
        { file, text: texts.get(file)! },
        DEFAULT_CONFIG,
        undefined,
        {
          workspace: memoryWorkspace(texts),
        },
      );
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
        file,
      );
      const rules = findings.map((f) => f.ruleId);
      assert.ok(!rules.includes('pdb-missing') && !rules.includes('pdb-selector-matches-nothing'), `${file}: ${rules}`);
    }
  });

  it('another transformer is not built: the build says which, and holds back its absence checks', () => {
    const texts = {
      ...files,
      'app/labels.yaml': `apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata:\n  name: p\nprefix: eu-\nfieldSpecs:\n  - path: metadata/name\n`,
    };
    const { builds, consumed, errorsByFile } = build(texts);
    const errors = errorsByFile.get('app/kustomization.yaml') ?? [];
    assert.deepEqual(
      errors.map((e) => e.message),
      [
        'not applied: transformer labels.yaml (not built here); checks that conclude from an absence hold back for this build',
      ],
    );
    assert.equal(builds[0].result.incomplete.length, 1);
    // Still configuration, not a custom resource of an unknown kind.
    assert.ok(consumed.has('app/labels.yaml'));
  });
});
