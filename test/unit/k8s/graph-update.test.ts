import { strict as assert } from 'node:assert';
import { ObjectGraph, labelsAt } from '../../../src/assistants/k8s/graph';
import { createK8sAssistant } from '../../../src/assistants/k8s/index';
import type { ParsedManifest } from '../../../src/assistants/k8s/manifest';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { generateWorkspace } from '../../../bench/k8s/generate';
import { deploymentYaml, hpaYaml } from './manifests';

/**
 * The object graph updated in place (one edited file's objects swapped) answers every question exactly as a graph
 * built from scratch over the same files: the same objects in the same order, the same indexes, the same findings.
 */

const service = (name: string, namespace: string, app: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80}]`;
const deployment = (name: string, namespace: string, app: string) =>
  deploymentYaml(name, { namespace, labels: { app, tier: 'web' } });
const hpa = (name: string, namespace: string, target: string) => hpaYaml(name, target, { namespace });

function parse(files: Record<string, string>): ParsedManifest[] {
  return Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([file, text]) => parseManifest(file, text));
}

const ids = (objects: readonly { kind: string; namespace: string; name: string; file: string }[]) =>
  objects.map((o) => `${o.file}:${o.kind}/${o.namespace}/${o.name}`);

/** Everything the rules ask a graph, as plain data. */
function answers(graph: ObjectGraph): unknown {
  const labels = new Map([
    ['app', 'web'],
    ['tier', 'web'],
  ]);
  const selectorOf = (o: Parameters<typeof labelsAt>[0]) => labelsAt(o, ['spec', 'selector']);
  return {
    objects: ids(graph.objects),
    workloads: ids(graph.workloads.map((w) => w.object)),
    hpas: ids(graph.hpas.map((h) => h.object)),
    deployments: ids(graph.ofKind('Deployment')),
    servicesInShop: ids(graph.inNamespace('Service', 'shop')),
    candidates: ids(graph.selectorCandidates('Service', 'shop', labels, selectorOf)),
    withLabel: ids(graph.workloadsWithLabel('shop', ['app', 'web']).map((w) => w.object)),
    allInShop: ids(graph.workloadsWithLabel('shop').map((w) => w.object)),
    find: graph.find('Deployment', 'shop', 'web')?.file,
    workload: graph.workload('Deployment', 'shop', 'web')?.object.file,
    copies: graph.workloadCopies('Deployment', 'shop', 'web').map((w) => w.object.file),
    hpasFor: graph.workloads.map((w) => ids(graph.hpasFor(w).map((h) => h.object))),
    complete: graph.complete,
  };
}

describe('k8s object graph updated in place', () => {
  const before = {
    'a/web.yaml': `${deployment('web', 'shop', 'web')}\n---\n${service('web', 'shop', 'web')}`,
    'b/web.yaml': deployment('web', 'shop', 'web'),
    'c/api.yaml': `${deployment('api', 'shop', 'api')}\n---\n${hpa('api', 'shop', 'api')}`,
    'd/gone.yaml': service('gone', 'shop', 'web'),
  };
  const after = {
    'a/web.yaml': `${service('web', 'shop', 'web')}\n---\n${hpa('web', 'shop', 'web')}\n---\n${deployment('web', 'shop', 'web')}`,
    'b/web.yaml': before['b/web.yaml'],
    'c/api.yaml': before['c/api.yaml'],
    'bb/new.yaml': `${deployment('worker', 'shop', 'web')}\n---\n${service('worker', 'ops', 'worker')}`,
  };

  it('answers as a graph built from scratch, after its lazy indexes were built', () => {
    const old = parse(before);
    const graph = new ObjectGraph(old, false);
    answers(graph); // builds every lazy index before the update
    const next = parse(after).map((m) => old.find((o) => o.file === m.file && m.file !== 'a/web.yaml') ?? m);
    assert.equal(graph.updateTo(next, true), true);
    assert.deepEqual(answers(graph), answers(new ObjectGraph(next, true)));
  });

  it('refuses when a kustomization changes (the namespaces of other files move): a new graph is built', () => {
    const old = parse(before);
    const graph = new ObjectGraph(old);
    const kustomization = parseManifest(
      'a/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nresources: [web.yaml]',
    );
    assert.equal(graph.updateTo([...old, kustomization], true), false);
    assert.deepEqual(answers(graph), answers(new ObjectGraph(old)));
  });

  it('gives an engine the same findings after edits as a fresh engine', async () => {
    const files = generateWorkspace(400, 10);
    const names = [...files.keys()];
    const analysed = names[7];
    const engine = createK8sAssistant();
    const run = (assistant: ReturnType<typeof createK8sAssistant>, workspace: Map<string, string>) =>
      // No time limit: a fresh engine reading 400 files on a loaded machine may overrun the editor's budget, and an
      // analysis cut short is not what this test compares.
      analyzeDocument(
        assistant,
        { file: analysed, text: workspace.get(analysed)! },
        { ...DEFAULT_CONFIG, budgetMs: 600_000 },
        undefined,
        { workspace: memoryWorkspace(workspace) },
      );
    await run(engine, files);
    // Edits elsewhere: a target renamed away, a file deleted, a new HPA on one of this file's workloads.
    const edited = new Map(files);
    edited.set(names[3], files.get(names[3])!.replace(/name: svc-(\d+)\n/, 'name: renamed-$1\n'));
    edited.delete(names[5]);
    const target = /name: (svc-\d+)\n/.exec(files.get(analysed)!)![1];
    edited.set(
      'k8s/zz-extra.yaml',
      hpa('extra', 'shop', target).replace('namespace: shop', `namespace: ${namespaceOf(files.get(analysed)!)}`),
    );
    const incremental = await run(engine, edited);
    const fresh = await run(createK8sAssistant(), edited);
    assert.deepEqual(fresh.errors, []);
    assert.deepEqual(incremental.findings, fresh.findings);
    assert.ok(incremental.findings.some((f) => f.ruleId === 'hpa-multiple-on-target'));
  });
});

function namespaceOf(text: string): string {
  return /namespace: (\S+)/.exec(text)![1];
}
