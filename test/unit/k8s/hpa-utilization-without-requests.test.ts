import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyPreferredFixes, preferredFix } from '../helpers/apply-edits';
import { FIXTURES, analyzeWithContext, applyAcrossFiles, assertAtMarkers } from './context-fixtures';

const RULE = 'hpa-utilization-without-requests';
const DIR = path.join(FIXTURES, RULE);
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const CONTEXT_WORKLOADS = `test/fixtures/k8s/${RULE}/context/workloads.yaml`;

async function analyze(text: string, settings?: Record<string, unknown>) {
  const result = await analyzeDocument(k8sAssistant, { file: 'k8s/app.yaml', text }, DEFAULT_CONFIG, undefined, {
    settings,
  });
  return result.findings.filter((f) => f.ruleId === RULE);
}

describe(`k8s ${RULE}`, () => {
  describe('across files (context/)', () => {
    it('a LimitRange in another file supplies the request: no finding', async () => {
      const run = await analyzeWithContext(RULE, 'good-cross-file.yaml');
      assertAtMarkers(run, RULE);
      assert.equal(run.ofRule.length, 0);
    });

    it('without that LimitRange file, the same HPA is a finding', async () => {
      const context = new Map(
        [...(await analyzeWithContext(RULE, 'good-cross-file.yaml')).context].filter(
          ([file]) => !file.endsWith('limits.yaml'),
        ),
      );
      const run = await analyzeWithContext(RULE, 'good-cross-file.yaml', { context });
      assert.equal(run.ofRule.length, 1);
    });

    it('the finding sits on the metric; related information and the fix point into the workload’s file', async () => {
      const run = await analyzeWithContext(RULE, 'bad-cross-file.yaml');
      assertAtMarkers(run, RULE);
      const [finding] = run.ofRule;
      assert.equal(finding.severity, 'error');
      assert.match(
        finding.message,
        /scales on CPU utilisation \(target 70% of requests\), but container worker of Deployment queue-worker has no CPU request/,
      );
      assert.match(finding.message, /namespace batch/);
      assert.match(finding.message, /skips scale-down \(the other metrics still scale up\)/);
      assert.equal(finding.related?.length, 1);
      assert.equal(finding.related![0].file, CONTEXT_WORKLOADS);
      const workloads = run.context.get(CONTEXT_WORKLOADS)!;
      assert.equal(
        workloads.split('\n')[finding.related![0].range.start.line].trim(),
        '- name: worker # pulls jobs from the queue',
      );

      const fix = preferredFix(finding)!;
      assert.match(fix.title, /cpu: 100m to container worker \(placeholder value — review it\)$/);
      assert.ok(fix.edits.every((e) => e.file === CONTEXT_WORKLOADS));
      const fixed = applyAcrossFiles(new Map([...run.context, [run.file, run.text]]), run.ofRule);
      assert.equal(fixed.get(run.file), run.text, 'the HPA file is not edited');
      assert.equal(
        fixed.get(CONTEXT_WORKLOADS),
        workloads.replace(
          '          resources:\n            limits:\n              memory: 512Mi\n',
          '          resources:\n            limits:\n              memory: 512Mi\n            requests:\n              cpu: 100m\n',
        ),
      );
      const again = await analyzeWithContext(RULE, 'bad-cross-file.yaml', {
        context: new Map([...fixed].filter(([file]) => file !== run.file)),
      });
      assert.equal(again.ofRule.length, 0);
    });

    it('the placeholder comes from the settings', async () => {
      const run = await analyzeWithContext(RULE, 'bad-cross-file.yaml', { settings: { defaultCpuRequest: '250m' } });
      const fix = preferredFix(run.ofRule[0])!;
      assert.match(fix.title, /cpu: 250m/);
      assert.ok(fix.edits.some((e) => e.newText.includes('cpu: 250m')));
    });
  });

  describe('two utilisation metrics on a container without resources', () => {
    it('the first fix creates one block with both requests; the second finding offers none; together they resolve both', async () => {
      const text = read('bad-two-metrics.yaml');
      const findings = await analyze(text);
      assert.equal(findings.length, 2);
      const [cpu, memory] = findings;
      assert.equal(memory.fixes, undefined);
      const fixed = applyPreferredFixes(text, 'k8s/app.yaml', [cpu]);
      assert.ok(
        fixed.includes(
          '        - name: catalog\n          image: shop/catalog:4.0\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
        ),
        fixed,
      );
      assert.ok(fixed.includes('            requests:\n              memory: 32Mi\n              cpu: 100m\n'), fixed);
      assert.deepEqual(await analyze(fixed), []);
    });
  });

  describe('what counts as a request', () => {
    const deployment = (containerYaml: string, podYaml = '') =>
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector:\n    matchLabels: {app: app}\n  template:\n' +
      `    metadata:\n      labels: {app: app}\n    spec:\n${podYaml}      containers:\n${containerYaml}` +
      '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: app\nspec:\n' +
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}\n  minReplicas: 2\n  maxReplicas: 4\n' +
      '  metrics:\n    - type: Resource\n      resource: {name: memory, target: {type: Utilization, averageUtilization: 70}}\n';

    it('a memory limit stands in for the memory request', async () => {
      assert.deepEqual(
        await analyze(deployment('        - name: app\n          resources: {limits: {memory: 1Gi}}\n')),
        [],
      );
    });

    it('a CPU request does not stand in for memory', async () => {
      const findings = await analyze(deployment('        - name: app\n          resources: {requests: {cpu: 1}}\n'));
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /no memory request/);
      assert.match(preferredFix(findings[0])!.title, /memory: 128Mi/);
    });

    it('pod-level requests cover every container', async () => {
      assert.deepEqual(
        await analyze(
          deployment('        - name: app\n        - name: helper\n', '      resources: {requests: {memory: 1Gi}}\n'),
        ),
        [],
      );
    });

    it('a regular init container without a request is not counted; a sidecar is', async () => {
      const init = '      initContainers:\n        - name: setup\n          image: busybox\n';
      assert.deepEqual(
        await analyze(deployment('        - name: app\n          resources: {requests: {memory: 1Gi}}\n', init)),
        [],
      );
      const sidecar = '      initContainers:\n        - name: proxy\n          restartPolicy: Always\n';
      const findings = await analyze(
        deployment('        - name: app\n          resources: {requests: {memory: 1Gi}}\n', sidecar),
      );
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /sidecar container proxy/);
    });
  });

  it('a JSON workload gets the finding but no fix (inserted YAML would break the JSON)', async () => {
    const json = JSON.stringify(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'app' },
        spec: {
          selector: { matchLabels: { app: 'app' } },
          template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'app', image: 'x' }] } },
        },
      },
      null,
      2,
    );
    const hpa =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: app\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}\n  maxReplicas: 4\n';
    const workspace = memoryWorkspace({ 'k8s/app.json': json, 'k8s/hpa.yaml': hpa });
    const result = await analyzeDocument(k8sAssistant, { file: 'k8s/hpa.yaml', text: hpa }, DEFAULT_CONFIG, undefined, {
      workspace,
    });
    const findings = result.findings.filter((f) => f.ruleId === RULE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].related?.[0].file, 'k8s/app.json');
    assert.equal(findings[0].fixes, undefined);
  });
});
