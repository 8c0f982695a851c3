import { strict as assert } from 'node:assert';
import { AssessmentBudgets } from '../../../src/assistants/k8s/assessment-budget';
import { formatMoney, peakCost, workloadCost } from '../../../src/assistants/k8s/cost';
import { ObjectGraph } from '../../../src/assistants/k8s/graph';
import { hoverAt } from '../../../src/assistants/k8s/hover';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { EXAMPLE_PRICES, readPrices } from '../../../src/assistants/k8s/settings';
import { readWorkload } from '../../../src/assistants/k8s/workload';
import { factsProvider } from '../../../src/assistants/catalog';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import type { WorkspaceFile } from '../../../src/core/workspace';
import { memoryWorkspace } from '../../../src/core/workspace';
import type { WorkloadOptions } from './manifests';
import { deploymentYaml, hpaYaml } from './manifests';

/** What scaling costs: requests × replicas × prices, in the hover, as evidence, and against the assessment's budget. */

const REQUESTS = '{requests: {cpu: 250m, memory: 512Mi}}';

const deployment = (name: string, options: WorkloadOptions = {}) =>
  deploymentYaml(name, { namespace: 'shop', resources: REQUESTS, ...options });
const hpa = (name: string, min: number, max: number) => hpaYaml(name, name, { namespace: 'shop', min, max });

function graphOf(files: Record<string, string>): ObjectGraph {
  return new ObjectGraph(Object.entries(files).map(([file, text]) => parseManifest(file, text)));
}

function workload(graph: ObjectGraph, name: string) {
  const object = graph.objects.find((o) => o.name === name && o.kind !== 'HorizontalPodAutoscaler')!;
  return readWorkload(object)!;
}

// 250m × 0.04048 + 0.5 GiB × 0.004445 = 0.0123425 an hour; × 730 = 9.010025 a month per pod.
const PER_POD = 9.010025;

describe('k8s what scaling costs', () => {
  it('prices a pod by its requests, at minReplicas and maxReplicas of its HPA', () => {
    const graph = graphOf({ 'k8s/web.yaml': `${deployment('web')}---\n${hpa('web', 2, 10)}` });
    const cost = workloadCost(graph, workload(graph, 'web'), EXAMPLE_PRICES)!;
    assert.ok(Math.abs(cost.perPod - PER_POD) < 1e-9);
    assert.ok(Math.abs(cost.atMin - 2 * PER_POD) < 1e-9);
    assert.ok(Math.abs(cost.atMax - 10 * PER_POD) < 1e-9);
    assert.deepEqual([cost.range.min, cost.range.max, cost.range.text], [2, 10, 'HorizontalPodAutoscaler web']);
  });

  it('counts LimitRange defaults, and sees them change without the workload changing', () => {
    const bare = deployment('worker', { replicas: 3, resources: undefined });
    const limitRange = (memory: string) =>
      `apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: shop}\nspec:\n  limits:\n    - type: Container\n      defaultRequest: {cpu: 500m, memory: ${memory}}`;
    const manifest = parseManifest('k8s/worker.yaml', bare);
    const before = new ObjectGraph([manifest, parseManifest('k8s/limits.yaml', limitRange('1Gi'))]);
    const after = new ObjectGraph([manifest, parseManifest('k8s/limits.yaml', limitRange('2Gi'))]);
    const w = readWorkload(manifest.objects[0])!;
    const month = (graph: ObjectGraph) => workloadCost(graph, w, EXAMPLE_PRICES)!.atMax;
    assert.ok(Math.abs(month(before) - 3 * (0.5 * 0.04048 + 0.004445) * 730) < 1e-9);
    assert.ok(month(after) > month(before));
  });

  it('sums a namespace at peak once per workload, saying what it cannot count', () => {
    const graph = graphOf({
      'base/web.yaml': `${deployment('web')}---\n${hpa('web', 2, 10)}`,
      // The same Deployment in an overlay folder: one workload in the cluster.
      'overlays/prod/web.yaml': deployment('web'),
      'k8s/bare.yaml': deployment('bare', { replicas: 2, resources: undefined }),
      'k8s/half.yaml': deployment('half', { replicas: 1, resources: '{requests: {cpu: "1"}}' }),
      'k8s/agent.yaml': deployment('agent', { kind: 'DaemonSet' }),
      'k8s/other.yaml': deployment('other', { replicas: 4, namespace: 'payments' }),
    });
    const shop = peakCost(graph, EXAMPLE_PRICES, ['shop'], 'base/web.yaml');
    assert.ok(Math.abs(shop.monthly - (10 * PER_POD + 0.04048 * 730)) < 1e-9);
    assert.equal(shop.counted, 2);
    assert.deepEqual(
      [shop.uncounted, shop.partial, shop.perNode].map((list) => list.map((w) => w.object.name)),
      [['bare'], ['half'], ['agent']],
    );
    const all = peakCost(graph, EXAMPLE_PRICES);
    assert.deepEqual(all.namespaces, ['payments', 'shop']);
    assert.ok(Math.abs(all.monthly - shop.monthly - 4 * PER_POD) < 1e-9);
  });

  it('offers the peak to the rest of the extension as the peak-cost fact: the same sum, workload by workload', async () => {
    const files = {
      'k8s/web.yaml': `${deployment('web')}---\n${hpa('web', 2, 10)}`,
      'k8s/bare.yaml': deployment('bare', { replicas: 2, resources: undefined }),
      'k8s/half.yaml': deployment('half', { replicas: 1, resources: '{requests: {cpu: "1"}}' }),
      'k8s/broken.yaml': 'kind: [',
    };
    const provider = await factsProvider('peak-cost');
    const facts = await provider.peakCost(memoryWorkspace(files), {
      prices: { cpuHour: 0.05, memoryGiBHour: 0.01, currency: 'EUR' },
    });
    const prices = readPrices({ cpuHour: 0.05, memoryGiBHour: 0.01, currency: 'EUR' });
    assert.ok(Math.abs(facts.monthly - peakCost(graphOf(files), prices).monthly) < 1e-9);
    assert.equal(facts.monthlyText, formatMoney(facts.monthly, 'EUR'));
    const web = facts.workloads.find((w) => w.name === 'web');
    assert.deepEqual(
      web && {
        file: web.file,
        replicas: web.replicas,
        autoscaled: web.autoscaled,
        cpu: web.podCpu,
        memory: web.podMemory,
      },
      { file: 'k8s/web.yaml', replicas: 10, autoscaled: true, cpu: 0.25, memory: 512 * 2 ** 20 },
    );
    assert.deepEqual([facts.uncounted, facts.partial], [['Deployment bare'], ['Deployment half']]);
    assert.match(facts.prices, /^prices from scalingAssistant\.k8s\.prices/);
    assert.deepEqual(
      facts.errors.map((e) => e.file),
      ['k8s/broken.yaml'],
    );
  });

  it('reads prices from the setting, and labels the defaults (or a broken setting) as examples', () => {
    assert.equal(readPrices(undefined), EXAMPLE_PRICES);
    assert.deepEqual(readPrices({ cpuHour: 0.03, memoryGiBHour: 0.004, currency: 'EUR' }), {
      cpuHour: 0.03,
      memoryGiBHour: 0.004,
      currency: 'EUR',
      example: false,
    });
    assert.equal(readPrices({ cpuHour: 0.04048, memoryGiBHour: 0.004445, currency: 'USD' }).example, true);
    const broken = readPrices({ cpuHour: -1, memoryGiBHour: 0.004 });
    assert.equal(broken.example, true);
    assert.match(broken.problem ?? '', /needs cpuHour and memoryGiBHour as numbers ≥ 0/);
    assert.equal(readPrices({ cpuHour: 1, memoryGiBHour: 1, currency: 'euro' }).example, true);
  });

  it('writes money as people read it', () => {
    assert.equal(formatMoney(1234.4, 'USD'), '$1,234');
    assert.equal(formatMoney(12.5, 'EUR'), '€12.50');
    assert.equal(formatMoney(99.999, 'CHF'), '100.00 CHF');
  });

  it('shows the cost in the HPA hover, labelled an estimate, with the example prices named', () => {
    const text = `${deployment('web')}---\n${hpa('web', 2, 10)}`;
    const manifest = parseManifest('k8s/web.yaml', text);
    const graph = new ObjectGraph([manifest]);
    const onHpa = { line: text.split('\n').indexOf('kind: HorizontalPodAutoscaler'), character: 2 };
    const md = hoverAt(manifest, graph, onHpa, { prices: EXAMPLE_PRICES })!;
    assert.match(md, /\*\*What scaling costs\*\* \(estimate: requests × prices × 730 h a month\)/);
    assert.match(md, /- One pod \(250m CPU \+ 512Mi memory\): \$9\.01 a month/);
    assert.match(md, /- At minReplicas 2: \$18\.02 a month; at maxReplicas 10: \*\*\$90\.10\*\* a month/);
    assert.match(md, /- Namespace `shop` at peak \(every workload at its maximum\): \$90\.10 a month/);
    assert.match(
      md,
      /example prices: AWS Fargate on-demand list prices, Linux\/x86, US East \(N\. Virginia\), June 2026/,
    );
    const budgeted = hoverAt(manifest, graph, onHpa, {
      prices: { cpuHour: 0.05, memoryGiBHour: 0.01, currency: 'EUR', example: false },
      budget: { monthly: 50, file: '.scaling-assistant/assessment.json' },
    })!;
    assert.match(
      budgeted,
      /The workspace at peak \(1 namespace\): €128 a month, over the readiness assessment's budget of €50\.00/,
    );
    assert.match(budgeted, /prices from scalingAssistant\.k8s\.prices: 0\.05 EUR per vCPU-hour/);
  });

  it('adds the estimate to findings on the workload and its HPA as evidence, not to other objects', async () => {
    const pdb =
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}';
    const text = `${deployment('web', { replicas: 4 })}---\n${hpa('web', 2, 10)}---\n${pdb}`;
    const result = await analyzeDocument(k8sAssistant, { file: 'k8s/web.yaml', text }, DEFAULT_CONFIG, undefined, {
      workspace: memoryWorkspace({ 'k8s/web.yaml': text }),
    });
    const notesOf = (ruleId: string) => result.findings.find((f) => f.ruleId === ruleId)?.evidence?.notes ?? [];
    assert.match(
      notesOf('workload-replicas-with-hpa')[0],
      /^estimate: Deployment web costs \$18\.02 a month at minReplicas 2 and \$90\.10 at maxReplicas 10 of HorizontalPodAutoscaler web, from requests of 250m CPU \+ 512Mi memory a pod; example prices/,
    );
    assert.deepEqual(notesOf('pdb-unhealthy-eviction-policy'), []);
  });

  it('takes the budget from the one assessment, or from the folder that holds the file', async () => {
    let reads = 0;
    const file = (name: string, budget: number): WorkspaceFile => ({
      file: name,
      stamp: '1',
      read: async () => {
        reads++;
        return JSON.stringify({ constraints: { monthlyInfrastructureBudget: budget } });
      },
    });
    const budgets = new AssessmentBudgets();
    const one = [file('.scaling-assistant/assessment.json', 900)];
    assert.equal((await budgets.budgetFor(one, 'deploy/k8s/web.yaml'))?.monthly, 900);
    assert.equal((await budgets.budgetFor(one, 'deploy/k8s/web.yaml'))?.monthly, 900);
    assert.equal(reads, 1, 'read once per version');
    const two = [
      file('shop/.scaling-assistant/assessment.json', 100),
      file('blog/.scaling-assistant/assessment.json', 5),
    ];
    assert.equal((await budgets.budgetFor(two, 'blog/k8s/web.yaml'))?.monthly, 5);
    assert.equal(await budgets.budgetFor(two, 'docs/k8s/web.yaml'), undefined);
    assert.deepEqual((await budgets.budgetFor(one, 'x.yaml'))?.range, {
      start: { line: 0, character: 16 },
      end: { line: 0, character: 49 },
    });
  });
});
