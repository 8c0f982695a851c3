import { strict as assert } from 'node:assert';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { kustomizationYaml } from './manifests';

/**
 * Each root kustomization is one `kubectl apply -k`: overlays of one base are alternatives (one environment
 * each, often the same namespace), never deployed side by side. A build's objects relate to that build's objects
 * and to plain manifests only: a budget, an autoscaler or a workload of a sibling overlay changes nothing.
 */

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  replicas: 1
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      containers:
        - name: checkout
          image: shop/checkout:2.3.1
          resources:
            requests:
              cpu: 200m
              memory: 256Mi
`;

const budget = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app: checkout
`;

const autoscaler = (name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: checkout
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

/** One base; `ha` adds a budget, `busy` three replicas and no budget; both live in the same namespace. */
function workspace(extra: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      'base/kustomization.yaml': kustomizationYaml('resources:\n  - deployment.yaml\n'),
      'base/deployment.yaml': deployment,
      'overlays/ha/kustomization.yaml': kustomizationYaml(
        'namespace: shop\nresources:\n  - ../../base\n  - pdb.yaml\nreplicas:\n  - name: checkout\n    count: 3\n',
      ),
      'overlays/ha/pdb.yaml': budget,
      'overlays/busy/kustomization.yaml': kustomizationYaml(
        'namespace: shop\nresources:\n  - ../../base\nreplicas:\n  - name: checkout\n    count: 3\n',
      ),
      ...extra,
    }),
  );
}

async function analyze(texts: Map<string, string>, file: string): Promise<Finding[]> {
  const text = texts.get(file);
  assert.ok(text !== undefined, file);
  const { findings } = await analyzeDocument(k8sAssistant, { file, text }, DEFAULT_CONFIG, undefined, {
    workspace: memoryWorkspace(texts),
  });
  return findings;
}

describe('k8s: each kustomize build sees its own objects', () => {
  it('a budget in one overlay does not cover the pods of a sibling overlay', async () => {
    const findings = await analyze(workspace(), 'base/deployment.yaml');
    const missing = findings.filter((f) => f.ruleId === 'pdb-missing');
    assert.equal(missing.length, 1, JSON.stringify(findings.map((f) => f.message)));
    assert.match(missing[0].message, /Deployment checkout runs at least 3 pods/);
    assert.match(missing[0].message, /\(in the kustomize build of overlays\/busy\)$/);
  });

  it('a budget names the pods of its own build once, not every overlay’s copy', async () => {
    const texts = workspace({ 'overlays/ha/pdb.yaml': budget.replace(/\n {2}unhealthyPodEvictionPolicy.*/, '') });
    const [policy] = (await analyze(texts, 'overlays/ha/pdb.yaml')).filter(
      (f) => f.ruleId === 'pdb-unhealthy-eviction-policy',
    );
    assert.ok(policy);
    assert.match(policy.message, /\(the pods of Deployment checkout\) that are running/);
  });

  it('autoscalers of two overlays on the same base are no collision', async () => {
    const texts = workspace({
      'overlays/ha/kustomization.yaml': kustomizationYaml(
        'namespace: shop\nresources:\n  - ../../base\n  - hpa.yaml\n',
      ),
      'overlays/ha/hpa.yaml': autoscaler('checkout'),
      'overlays/busy/kustomization.yaml': kustomizationYaml(
        'namespace: shop\nresources:\n  - ../../base\n  - ../../autoscaling\n',
      ),
      'autoscaling/kustomization.yaml': kustomizationYaml('resources:\n  - hpa.yaml\n'),
      'autoscaling/hpa.yaml': autoscaler('checkout-busy'),
    });
    for (const file of ['overlays/ha/hpa.yaml', 'autoscaling/hpa.yaml']) {
      const rules = (await analyze(texts, file)).map((f) => f.ruleId);
      assert.ok(!rules.includes('hpa-multiple-on-target'), `${file}: ${rules.join(', ')}`);
    }
  });

  it('a plain manifest still sees the objects every build makes', async () => {
    const texts = workspace({
      'plain/hpa.yaml': autoscaler('checkout').replace(
        'name: checkout\nspec',
        'name: checkout\n  namespace: shop\nspec',
      ),
    });
    const rules = (await analyze(texts, 'plain/hpa.yaml')).map((f) => f.ruleId);
    assert.ok(!rules.includes('hpa-target-missing'), rules.join(', '));
  });
});

describe('k8s: a build that is not whole holds back where its objects are', () => {
  it('a plain manifest of the default namespace is not held back by a build whose Namespace object is unnamespaced', async () => {
    const texts = new Map(
      Object.entries({
        'dev/kustomization.yaml': kustomizationYaml(
          'namespace: dev\nresources:\n  - namespace.yaml\n  - ../base\nreplacements:\n  - path: replacements.yaml\n',
        ),
        'dev/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n',
        'base/kustomization.yaml': kustomizationYaml('resources:\n  - deployment.yaml\n'),
        'base/deployment.yaml': deployment,
        'plain/payments.yaml': deployment.replace(/checkout/g, 'payments').replace('replicas: 1', 'replicas: 3'),
      }),
    );
    const file = 'plain/payments.yaml';
    const { findings, errors } = await analyzeDocument(
      k8sAssistant,
      { file, text: texts.get(file)! },
      DEFAULT_CONFIG,
      undefined,
      { workspace: memoryWorkspace(texts) },
    );
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
    );
    assert.ok(
      findings.some((f) => f.ruleId === 'pdb-missing'),
      JSON.stringify(findings.map((f) => f.ruleId)),
    );
  });
});
