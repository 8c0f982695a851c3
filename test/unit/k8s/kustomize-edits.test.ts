import { strict as assert } from 'node:assert';
import { createK8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { deploymentYaml, hpaYaml, kustomizationYaml } from './manifests';

/**
 * In a workspace with kustomize builds, an engine that analysed it keeps its object graph across edits (updated in
 * place, or made anew when a build may change). After editing a plain manifest, a base file a build reads, or a
 * kustomization, every file's findings are those of an engine that never saw the workspace before.
 */

const budget = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: orders
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: orders
`;

const start = new Map<string, string>([
  ['base/kustomization.yaml', kustomizationYaml('resources:\n  - deployment.yaml\n  - hpa.yaml\n')],
  ['base/deployment.yaml', deploymentYaml('orders', { labels: { app: 'orders' }, replicas: 2 })],
  ['base/hpa.yaml', hpaYaml('orders', 'orders', { min: 2 })],
  [
    'overlays/prod/kustomization.yaml',
    kustomizationYaml(
      'namespace: shop\nresources:\n  - ../../base\n  - pdb.yaml\nreplicas:\n  - name: orders\n    count: 3\n',
    ),
  ],
  ['overlays/prod/pdb.yaml', budget],
  [
    'overlays/dev/kustomization.yaml',
    kustomizationYaml('namespace: shop\nnamePrefix: dev-\nresources:\n  - ../../base\n'),
  ],
  ['plain/payments.yaml', deploymentYaml('payments', { namespace: 'shop', labels: { app: 'payments' }, replicas: 3 })],
  ['plain/payments-hpa.yaml', hpaYaml('payments', 'payments', { namespace: 'shop', min: 1 })],
]);

type Engine = ReturnType<typeof createK8sAssistant>;

async function everyFile(engine: Engine, texts: ReadonlyMap<string, string>): Promise<Record<string, Finding[]>> {
  const out: Record<string, Finding[]> = {};
  const workspace = memoryWorkspace(texts);
  for (const [file, text] of texts) {
    const { findings } = await analyzeDocument(engine, { file, text }, DEFAULT_CONFIG, undefined, { workspace });
    out[file] = findings;
  }
  return out;
}

function edit(texts: ReadonlyMap<string, string>, file: string, from: string | RegExp, to: string) {
  const text = texts.get(file);
  assert.ok(text !== undefined && text.search(from) >= 0, `${file} holds ${String(from)}`);
  return new Map(texts).set(file, text.replace(from, to));
}

describe('k8s: an engine after edits in a workspace with kustomize builds', () => {
  it('gives every file the findings of a fresh engine after editing a plain manifest, a base file and a kustomization', async () => {
    const engine = createK8sAssistant();
    let texts: ReadonlyMap<string, string> = start;
    const first = await everyFile(engine, texts);
    assert.deepEqual(first, await everyFile(createK8sAssistant(), texts));
    const steps: [string, string | RegExp, string][] = [
      // A plain manifest: the payments HPA now keeps two pods.
      ['plain/payments-hpa.yaml', 'minReplicas: 1', 'minReplicas: 2'],
      // A base file both builds read: the pods get another label, so prod's budget no longer covers them.
      ['base/deployment.yaml', /app: orders/g, 'app: orders-v2'],
      // A kustomization: dev moves to its own namespace and prod drops its replica count.
      ['overlays/dev/kustomization.yaml', 'namespace: shop', 'namespace: shop-dev'],
      ['overlays/prod/kustomization.yaml', /replicas:\n(.|\n)*$/, ''],
    ];
    const seen = new Set<string>();
    for (const [file, from, to] of steps) {
      texts = edit(texts, file, from, to);
      const incremental = await everyFile(engine, texts);
      assert.deepEqual(incremental, await everyFile(createK8sAssistant(), texts), `after editing ${file}`);
      for (const findings of Object.values(incremental)) for (const f of findings) seen.add(`${f.ruleId}`);
    }
    // The edits change what is reported, so the comparison is not between two empty results.
    assert.notDeepEqual(first, await everyFile(createK8sAssistant(), texts));
    assert.ok(seen.has('pdb-missing'), [...seen].join(', '));
  });
});
