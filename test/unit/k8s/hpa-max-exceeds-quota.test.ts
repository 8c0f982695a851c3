import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { podQuotaAmount, quotaLines, rolloutSurge } from '../../../src/assistants/k8s/capacity';
import { ObjectGraph } from '../../../src/assistants/k8s/graph';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyPreferredFixes } from '../helpers/apply-edits';

const RULE = 'hpa-max-exceeds-quota';
const DIR = path.resolve(__dirname, '../../fixtures/k8s', RULE);
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === RULE);

async function analyze(files: Record<string, string>, file: string): Promise<Finding[]> {
  const workspace = memoryWorkspace(files);
  const result = await analyzeDocument(k8sAssistant, { file, text: files[file] }, DEFAULT_CONFIG, undefined, {
    workspace,
  });
  assert.deepEqual(result.errors, []);
  return ofRule(result.findings);
}

function graphOf(text: string): ObjectGraph {
  return new ObjectGraph([parseManifest('k8s/all.yaml', text)]);
}

const hpa = (kind: string, name: string, max: number, min = 2, ns = 'shop') =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}, namespace: ${ns}}\n` +
  `spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: ${kind}, name: ${name}}\n  minReplicas: ${min}\n  maxReplicas: ${max}\n`;

const quota = (hard: string, ns = 'shop', extra = '') =>
  `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: ${ns}}\nspec:\n  hard:\n${hard}${extra}`;

function workload(kind: string, name: string, podSpec: string, strategy = '', ns = 'shop'): string {
  return (
    `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${strategy}` +
    `  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n${podSpec}`
  );
}

const simplePod = (cpu: string, memory = '256Mi') =>
  `      containers:\n        - name: app\n          image: shop/app:1.0.0\n          resources: {requests: {cpu: ${cpu}, memory: ${memory}}}\n`;

describe(`k8s ${RULE}`, () => {
  describe('the finding', () => {
    it('shows the arithmetic of the brief: 50 × 250m + surge 13 × 250m = 15.75 cores > quota requests.cpu 10', async () => {
      const [finding] = ofRule(
        (await analyzeDocument(k8sAssistant, { file: 'k8s/app.yaml', text: read('bad.yaml') }, DEFAULT_CONFIG))
          .findings,
      );
      assert.match(finding.message, /50 × 250m \+ surge 13 × 250m = 15\.75 cores > quota requests\.cpu 10/);
      assert.match(finding.message, /maxSurge 25%, the default, rounded up/);
      assert.match(finding.message, /FailedCreate/);
      assert.match(finding.message, /counts Deployment catalog-api alone/);
      assert.match(finding.message, /lower bound/);
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.fixes?.length, 1);
      assert.match(finding.fixes![0].title, /^Lower maxReplicas to 32 /);
    });

    it('points related information at the quota’s hard line in its own file, and fixes only the HPA’s file', async () => {
      const files = {
        'k8s/hpa.yaml': hpa('Deployment', 'api', 50),
        'k8s/deploy.yaml': workload('Deployment', 'api', simplePod('250m')),
        'platform/quota.yaml': quota('    requests.cpu: "10" # agreed with finance\n    pods: "200"\n'),
      };
      const [finding] = await analyze(files, 'k8s/hpa.yaml');
      assert.ok(finding);
      assert.equal(finding.related?.length, 1);
      assert.equal(finding.related![0].file, 'platform/quota.yaml');
      assert.equal(
        files['platform/quota.yaml'].split('\n')[finding.related![0].range.start.line],
        '    requests.cpu: "10" # agreed with finance',
      );
      assert.match(finding.related![0].message, /ResourceQuota q: requests\.cpu 10/);
      const fixed = applyPreferredFixes(files['k8s/hpa.yaml'], 'k8s/hpa.yaml', [finding]);
      assert.ok(fixed.includes('  maxReplicas: 32\n'));
      assert.deepEqual(await analyze({ ...files, 'k8s/hpa.yaml': fixed }, 'k8s/hpa.yaml'), []);
    });

    it('lists every quota line that is exceeded, each with its related location', async () => {
      const files = {
        'k8s/all.yaml': [
          quota('    requests.cpu: "4"\n    limits.memory: 8Gi\n    count/pods: "20"\n'),
          workload(
            'Deployment',
            'api',
            `      containers:\n        - name: app\n          image: a:1\n          resources: {limits: {cpu: 500m, memory: 512Mi}}\n`,
          ),
          hpa('Deployment', 'api', 20),
        ].join('---\n'),
      };
      const [finding] = await analyze(files, 'k8s/all.yaml');
      // Limits-only: the request defaults to the limit, 500m.
      assert.match(finding.message, /20 × 500m \+ surge 5 × 500m = 12\.5 cores > quota requests\.cpu 4/);
      assert.match(finding.message, /20 × 512Mi \+ surge 5 × 512Mi = 12\.5Gi > quota limits\.memory 8Gi/);
      assert.match(finding.message, /20 pods \+ surge 5 = 25 pods > quota count\/pods 20/);
      assert.equal(finding.related?.length, 3);
      // The tightest line decides: (n + ⌈n/4⌉) × 0.5 ≤ 4 → n = 6.
      assert.match(finding.fixes![0].title, /^Lower maxReplicas to 6 /);
    });

    it('no finding when the quota fits exactly, when the target is unknown, or when the quota is scoped', async () => {
      const fits = {
        'k8s/all.yaml': [
          quota('    requests.cpu: "10"\n'),
          workload('Deployment', 'api', simplePod('250m')),
          hpa('Deployment', 'api', 32),
        ].join('---\n'),
      };
      assert.deepEqual(await analyze(fits, 'k8s/all.yaml'), []);
      const unknown = { 'k8s/all.yaml': [quota('    pods: "1"\n'), hpa('Deployment', 'elsewhere', 30)].join('---\n') };
      assert.deepEqual(await analyze(unknown, 'k8s/all.yaml'), []);
      const scoped = {
        'k8s/all.yaml': [
          quota(
            '    pods: "1"\n',
            'shop',
            '  scopeSelector:\n    matchExpressions:\n      - {scopeName: PriorityClass, operator: In, values: [low]}\n',
          ),
          workload('Deployment', 'api', simplePod('250m')),
          hpa('Deployment', 'api', 30),
        ].join('---\n'),
      };
      assert.deepEqual(await analyze(scoped, 'k8s/all.yaml'), []);
    });

    it('a container without the request the quota tracks: no finding (the pods are rejected outright, another problem)', async () => {
      const files = {
        'k8s/all.yaml': [
          quota('    requests.cpu: "1"\n'),
          workload('Deployment', 'api', `      containers:\n        - name: app\n          image: a:1\n`),
          hpa('Deployment', 'api', 30),
        ].join('---\n'),
      };
      assert.deepEqual(await analyze(files, 'k8s/all.yaml'), []);
    });

    it('the same quota in two folders (base and overlay) is counted once, the copy nearest the HPA', async () => {
      const files = {
        'overlays/prod/hpa.yaml': hpa('Deployment', 'api', 40),
        'overlays/prod/quota.yaml': quota('    pods: "30"\n'),
        'base/quota.yaml': quota('    pods: "100"\n'),
        'base/deploy.yaml': workload('Deployment', 'api', simplePod('100m'), '  strategy: {type: Recreate}\n'),
      };
      const [finding] = await analyze(files, 'overlays/prod/hpa.yaml');
      assert.match(finding.message, /40 pods > quota pods 30 \(rollout surge: none, strategy Recreate\)/);
      assert.equal(finding.related?.length, 1);
      assert.equal(finding.related![0].file, 'overlays/prod/quota.yaml');
    });

    it('the largest int32 maxReplicas is computed at once (no count-down loop), and the fit is exact', async () => {
      const files = {
        'k8s/all.yaml': [
          quota('    pods: "10"\n'),
          workload('Deployment', 'api', simplePod('100m')),
          hpa('Deployment', 'api', 2147483647),
        ].join('---\n'),
      };
      const started = Date.now();
      const [finding] = await analyze(files, 'k8s/all.yaml');
      assert.ok(Date.now() - started < 2000);
      // n + ⌈n/4⌉ ≤ 10 → n = 8.
      assert.match(finding.fixes![0].title, /^Lower maxReplicas to 8 /);
    });

    it('no fix when what fits is not above minReplicas (it would pin the HPA)', async () => {
      const [finding] = ofRule(
        (await analyzeDocument(k8sAssistant, { file: 'k8s/r.yaml', text: read('bad-no-fix.yaml') }, DEFAULT_CONFIG))
          .findings,
      );
      assert.equal(finding.fixes, undefined);
      assert.match(finding.message, /Only 3 pods \(with the rollout surge\) fit, not more than minReplicas 3/);
    });
  });

  describe('rolloutSurge', () => {
    const surgeOf = (text: string) => {
      const graph = graphOf(text);
      return rolloutSurge(graph.workloads[0])!;
    };
    const pod = simplePod('100m');

    it('Deployment: 25% rounded up by default; integers and percentages as written; Recreate none', () => {
      assert.equal(surgeOf(workload('Deployment', 'a', pod)).pods(50), 13);
      assert.equal(surgeOf(workload('Deployment', 'a', pod)).pods(4), 1);
      assert.equal(
        surgeOf(workload('Deployment', 'a', pod, '  strategy: {rollingUpdate: {maxSurge: 3}}\n')).pods(50),
        3,
      );
      assert.equal(
        surgeOf(workload('Deployment', 'a', pod, '  strategy: {rollingUpdate: {maxSurge: "10%"}}\n')).pods(11),
        2,
      );
      assert.equal(
        surgeOf(
          workload('Deployment', 'a', pod, '  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}\n'),
        ).pods(11),
        0,
      );
      assert.equal(surgeOf(workload('Deployment', 'a', pod, '  strategy: {type: Recreate}\n')).pods(50), 0);
    });

    it('StatefulSet and ReplicaSet: none; Argo Rollout: canary maxSurge (25%), blueGreen a whole second set', () => {
      assert.equal(surgeOf(workload('StatefulSet', 'a', pod)).pods(50), 0);
      assert.equal(surgeOf(workload('ReplicaSet', 'a', pod)).pods(50), 0);
      const rollout = (strategy: string) =>
        workload('Rollout', 'a', pod, strategy).replace('apps/v1', 'argoproj.io/v1alpha1');
      assert.equal(surgeOf(rollout('  strategy: {canary: {steps: [{setWeight: 20}]}}\n')).pods(10), 3);
      assert.equal(surgeOf(rollout('  strategy: {canary: {maxSurge: 1}}\n')).pods(10), 1);
      assert.equal(surgeOf(rollout('  strategy: {blueGreen: {activeService: a}}\n')).pods(10), 10);
    });

    it('an unreadable maxSurge is undefined (counted as none, and the message says so)', () => {
      assert.equal(
        rolloutSurge(
          graphOf(workload('Deployment', 'a', pod, '  strategy: {rollingUpdate: {maxSurge: lots}}\n')).workloads[0],
        ),
        undefined,
      );
    });
  });

  describe('podQuotaAmount', () => {
    it('sums containers and sidecars; an init container counts when its peak (with the sidecars started before it) is larger', () => {
      const podSpec =
        '      initContainers:\n' +
        '        - {name: proxy, image: p:1, restartPolicy: Always, resources: {requests: {cpu: 100m}}}\n' +
        '        - {name: migrate, image: m:1, resources: {requests: {cpu: "2"}}}\n' +
        '        - {name: late-sidecar, image: s:1, restartPolicy: Always, resources: {requests: {cpu: 300m}}}\n' +
        '      containers:\n' +
        '        - {name: app, image: a:1, resources: {requests: {cpu: 500m}}}\n';
      const graph = graphOf(workload('Deployment', 'a', podSpec));
      // Running: 500m + 100m + 300m = 900m; init peak: 2 + 100m (only the sidecar before it) = 2.1.
      assert.equal(+podQuotaAmount(graph.workloads[0], 'cpu', 'requests', graph)!.toFixed(3), 2.1);
    });

    it('limits: from the container, else the LimitRange default (which defaults to max); pod-level values win', () => {
      const limitRange =
        'apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr, namespace: shop}\nspec:\n  limits:\n    - type: Container\n      max: {memory: 1Gi}\n---\n';
      const podSpec =
        '      containers:\n        - {name: app, image: a:1, resources: {limits: {memory: 512Mi}}}\n        - {name: log, image: l:1}\n';
      const graph = graphOf(limitRange + workload('Deployment', 'a', podSpec));
      assert.equal(podQuotaAmount(graph.workloads[0], 'memory', 'limits', graph), 1.5 * 2 ** 30);
      const podLevel = graphOf(workload('Deployment', 'a', '      resources: {limits: {memory: 4Gi}}\n' + podSpec));
      assert.equal(podQuotaAmount(podLevel.workloads[0], 'memory', 'limits', podLevel), 4 * 2 ** 30);
      const none = graphOf(workload('Deployment', 'a', podSpec));
      assert.equal(podQuotaAmount(none.workloads[0], 'memory', 'limits', none), undefined);
    });
  });

  describe('quotaLines', () => {
    it('skips scoped quotas and keeps each hard line with its pair', () => {
      const graph = graphOf(
        quota('    pods: "10"\n    requests.cpu: 4\n    services: "3"\n') +
          '---\n' +
          quota('    pods: "1"\n', 'shop', '  scopes: [BestEffort]\n').replace('name: q', 'name: be'),
      );
      const lines = quotaLines(graph, 'shop');
      assert.deepEqual(
        lines.map((l) => [l.quota.name, l.key, l.amount]),
        [
          ['q', 'pods', 10],
          ['q', 'requests.cpu', 4],
          ['q', 'services', 3],
        ],
      );
    });
  });
});
