import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ObjectGraph } from '../../../src/assistants/k8s/graph';
import { hoverAt } from '../../../src/assistants/k8s/hover';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { TimeBudget } from '../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { memoryWorkspace } from '../../../src/core/workspace';

/** The HPA hover: effective metrics and behaviour with defaults filled in, the simulation, the pod's requests. */

const SAMPLE = path.resolve(__dirname, '../../../samples/workshop-ecommerce/k8s');

function hoverIn(files: Record<string, string>, file: string, line: number, character = 2): string | undefined {
  const manifests = Object.entries(files).map(([name, text]) => parseManifest(name, text));
  const graph = new ObjectGraph(manifests);
  const manifest = manifests.find((m) => m.file === file)!;
  return hoverAt(manifest, graph, { line, character });
}

const hpa = (spec: string, name = 'web') =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n${spec}`;

function deployment(podSpec: string, name = 'web'): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n${podSpec}`;
}

describe('k8s HPA hover', () => {
  it('no behavior, min 2 max 10: the legacy limits and 2 → 4 → 8 → 10 in 45 s; implicit CPU 80% named', () => {
    const text = hpa('  minReplicas: 2\n  maxReplicas: 10\n');
    const md = hoverIn({ 'a.yaml': text }, 'a.yaml', 6)!;
    assert.match(
      md,
      /^\*\*HorizontalPodAutoscaler `web`\*\* → Deployment `web` \(not found in this workspace\), 2–10 pods/,
    );
    assert.match(md, /- CPU: 80% of the pods' requests \(utilisation\) — implicit: no metrics are written/);
    assert.match(md, /No `behavior`: scale-up at most to max\(2 × current, 4\) pods per 15 s sync/);
    assert.match(md, /A spike needing all 10 pods: 2 → 4 → 8 → 10 — at maximum after 45 s\./);
    assert.match(md, /Twice the load minReplicas carry at target: 2 → 4 pods in 15 s\./);
    assert.match(md, /When the load falls back: waits 5 min, then 10 → 2 — back at minReplicas after 5 min\./);
  });

  it('the workshop HPA: its own behaviour (60 s window, 100% per 15 s) and 3 → 6 → 12 → 24 → 48 → 50 in 2 min; requests of the Deployment', () => {
    const files: Record<string, string> = {};
    for (const name of fs.readdirSync(SAMPLE)) files[`k8s/${name}`] = fs.readFileSync(path.join(SAMPLE, name), 'utf8');
    const lines = files['k8s/api.yaml'].split('\n');
    const md = hoverIn(files, 'k8s/api.yaml', lines.indexOf('  maxReplicas: 50 # agreed in the Q3 capacity review'))!;
    assert.match(md, /`ecommerce-api-hpa`\*\* → Deployment `ecommerce-api`, 3–50 pods/);
    assert.match(md, /- CPU: 70% of the pods' requests/);
    assert.match(md, /- memory: 80% of the pods' requests/);
    assert.match(md, /the largest replica proposal wins/);
    assert.match(md, /Scale-up: 60 s stabilisation, 100% per 15 s\./);
    assert.match(md, /Scale-down: 300 s stabilisation, 10% per 60 s\./);
    assert.match(md, /A spike needing all 50 pods: 3 → 6 → 12 → 24 → 48 → 50 — at maximum after 2 min\./);
    assert.match(md, /Twice the load minReplicas carry at target: 3 → 6 pods in 60 s\./);
    assert.match(md, /waits 5 min, then 50 → 45 → 40 → 36 → … → 3/);
    assert.match(md, /- 250m CPU\n- 256Mi memory/);
    // The leading comment of the HPA's document counts as the HPA; the Deployment above does not.
    assert.ok(
      hoverIn(
        files,
        'k8s/api.yaml',
        lines.indexOf('# Scales ecommerce-api on CPU and memory, between 3 and 50 pods.'),
        0,
      ),
    );
    assert.equal(hoverIn(files, 'k8s/api.yaml', lines.indexOf('  replicas: 3')), undefined);
    assert.equal(hoverIn(files, 'k8s/api.yaml', lines.indexOf('kind: Service')), undefined);
  });

  it('a behavior with only scaleDown: scale-up defaults are shown as defaults', () => {
    const md = hoverIn(
      {
        'a.yaml': hpa(
          '  minReplicas: 2\n  maxReplicas: 40\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 600\n',
        ),
      },
      'a.yaml',
      0,
      0,
    )!;
    assert.match(
      md,
      /Scale-up: 0 s stabilisation \(default\), 4 pods per 15 s or 100% per 15 s \(the larger change wins\) \(default policies\)\./,
    );
    assert.match(md, /Scale-down: 600 s stabilisation, 100% per 15 s \(default policies\)\./);
    assert.match(md, /2 → 6 → 12 → 24 → 40 — at maximum after 60 s/);
  });

  it('selectPolicy Disabled is said in words', () => {
    const md = hoverIn(
      {
        'a.yaml': hpa('  minReplicas: 2\n  maxReplicas: 8\n  behavior:\n    scaleUp:\n      selectPolicy: Disabled\n'),
      },
      'a.yaml',
      0,
      0,
    )!;
    assert.match(md, /Scale-up is disabled: a spike is never answered with more pods\./);
  });

  it('pod requests say where they come from: limits, a LimitRange default, pod-level; missing ones are named', () => {
    const limitsOnly = deployment(
      '      containers:\n        - {name: app, image: a:1, resources: {limits: {cpu: 250m, memory: 512Mi}}}\n' +
        '      initContainers:\n        - {name: proxy, image: p:1, restartPolicy: Always, resources: {limits: {cpu: 250m, memory: 512Mi}}}\n',
    );
    const md = hoverIn({ 'a.yaml': hpa('  minReplicas: 2\n  maxReplicas: 4\n'), 'b.yaml': limitsOnly }, 'a.yaml', 0)!;
    assert.match(md, /- 500m CPU \(from limits\)/);
    assert.match(md, /- 1Gi memory \(from limits\)/);

    const limitRange =
      'apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults}\nspec:\n  limits:\n    - type: Container\n      defaultRequest: {cpu: 100m}\n';
    const bare = deployment(
      '      containers:\n        - {name: app, image: a:1, resources: {requests: {memory: 128Mi}}}\n',
    );
    const md2 = hoverIn(
      { 'a.yaml': hpa('  minReplicas: 2\n  maxReplicas: 4\n'), 'b.yaml': bare, 'c.yaml': limitRange },
      'a.yaml',
      0,
    )!;
    assert.match(md2, /- 100m CPU \(LimitRange `defaults` default\)/);
    const md3 = hoverIn({ 'a.yaml': hpa('  minReplicas: 2\n  maxReplicas: 4\n'), 'b.yaml': bare }, 'a.yaml', 0)!;
    assert.match(md3, /- CPU: no request on `app` .* utilisation of CPU cannot be computed/);

    const podLevel = deployment(
      '      resources: {requests: {cpu: "1"}}\n      containers:\n        - {name: app, image: a:1}\n',
    );
    const md4 = hoverIn({ 'a.yaml': hpa('  minReplicas: 2\n  maxReplicas: 4\n'), 'b.yaml': podLevel }, 'a.yaml', 0)!;
    assert.match(md4, /- 1 CPU \(pod-level requests\)/);
  });

  it('metrics of every kind are described', () => {
    const spec =
      '  minReplicas: 1\n  maxReplicas: 20\n  metrics:\n' +
      '    - {type: ContainerResource, containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}}\n' +
      '    - {type: Pods, pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: "100"}}}\n' +
      '    - {type: External, external: {metric: {name: queue_depth}, target: {type: Value, value: "500"}}}\n' +
      '    - {type: Object, object: {metric: {name: hits}, describedObject: {kind: Ingress, name: main}, target: {type: Value, value: 2k}}}\n';
    const md = hoverIn({ 'a.yaml': hpa(spec) }, 'a.yaml', 0)!;
    assert.match(md, /- CPU of container `app`: 60% of its request \(utilisation\)/);
    assert.match(md, /- Pods metric `rps`: 100 per pod on average/);
    assert.match(md, /- External metric `queue_depth`: 500 in total/);
    assert.match(md, /- Object metric `hits` of Ingress `main`: 2k in total/);
    assert.match(md, /1 \(default\)|1–20 pods/);
  });

  it('the assistant’s hover hook parses through the engine cache and sees the workspace', async () => {
    const hpaText = hpa('  minReplicas: 2\n  maxReplicas: 10\n');
    const workspace = memoryWorkspace({
      'k8s/hpa.yaml': hpaText,
      'k8s/deploy.yaml': deployment(
        '      containers:\n        - {name: app, image: a:1, resources: {requests: {cpu: 200m, memory: 64Mi}}}\n',
      ),
    });
    const context = { config: DEFAULT_CONFIG, budget: new TimeBudget(DEFAULT_CONFIG.budgetMs), workspace };
    const md = await k8sAssistant.hover!({ file: 'k8s/hpa.yaml', text: hpaText }, { line: 6, character: 3 }, context);
    assert.match(md ?? '', /→ Deployment `web`, 2–10 pods/);
    assert.match(md ?? '', /- 200m CPU/);
    const none = await k8sAssistant.hover!(
      { file: 'k8s/deploy.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' },
      { line: 0, character: 0 },
      context,
    );
    assert.equal(none, undefined);
  });
});
