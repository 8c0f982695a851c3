import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { createK8sAssistant } from '../../../src/assistants/k8s/index';
import { describeToggles, featureToggles, toggleOverlay } from '../../../src/assistants/k8s/helm/feature-toggles';
import { renderChart } from '../../../src/assistants/k8s/helm/chart';
import type { Finding, AnalysisError } from '../../../src/core/finding';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { fixtureTexts } from './fixture-texts';

/**
 * A chart whose autoscaler and budget are off by default is also rendered with them on, and what only that
 * render shows is reported as holding "when" the switches are on; the user's values files render as `helm -f`
 * would; `.Capabilities` follows the cluster version. The chart under test/fixtures/k8s-helm/switched is our own.
 */

const ROOT = path.resolve(__dirname, '../../fixtures/k8s-helm/switched');

const chartTexts = () => fixtureTexts(ROOT, 'ledger');

async function analyse(
  file: string,
  texts = chartTexts(),
  settings: Record<string, unknown> = {},
): Promise<{ findings: Finding[]; errors: AnalysisError[] }> {
  const text = texts.get(file);
  assert.ok(text !== undefined, file);
  return analyzeDocument(createK8sAssistant(), { file, text }, DEFAULT_CONFIG, undefined, {
    workspace: memoryWorkspace(texts),
    settings,
  });
}

const rules = (findings: readonly Finding[]) => findings.map((f) => f.ruleId).sort();

describe('Helm charts rendered with their feature switches on', () => {
  it('finds the false autoscaler and budget switches, and leaves KEDA out beside an HPA switch', () => {
    const values = {
      autoscaling: { enabled: false },
      keda: { enabled: false },
      pdb: { create: false },
      ingress: { enabled: false },
      controller: { podDisruptionBudget: { enabled: true }, hpa: { enabled: false } },
      worker: { keda: { enabled: false } },
    };
    assert.deepEqual(featureToggles(values), [
      ['autoscaling', 'enabled'],
      ['pdb', 'create'],
      ['controller', 'hpa', 'enabled'],
      ['worker', 'keda', 'enabled'],
    ]);
    const overlay = toggleOverlay(featureToggles(values));
    assert.deepEqual(JSON.parse(JSON.stringify(overlay)), {
      autoscaling: { enabled: true },
      pdb: { create: true },
      controller: { hpa: { enabled: true } },
      worker: { keda: { enabled: true } },
    });
    assert.equal(describeToggles([['pdb', 'create']]), '`pdb.create: true`');
  });

  it('a switch a dependency condition reads is not a feature: it would bring a whole chart', () => {
    const texts = chartTexts();
    texts.set(
      'ledger/Chart.yaml',
      `${texts.get('ledger/Chart.yaml')}dependencies:\n  - name: keda\n    version: 2.x\n    condition: autoscaling.enabled\n`,
    );
    const render = renderChart('ledger/', {
      files: [...texts.keys()],
      text: (f) => texts.get(f),
      clusterVersion: '1.30',
      features: true,
    });
    assert.deepEqual(render.features?.toggles, [['podDisruptionBudget', 'enabled']]);
  });

  it('reports what only the switched render shows, saying when it holds, on the values line that set it', async () => {
    const { findings, errors } = await analyse('ledger/values.yaml');
    assert.deepEqual(errors, []);
    assert.deepEqual(rules(findings), ['hpa-min-replicas-below-two', 'pdb-blocks-disruption']);
    const when = '(when `autoscaling.enabled: true`, `podDisruptionBudget.enabled: true`)';
    for (const finding of findings) assert.ok(finding.message.endsWith(when), finding.message);
    const min = findings.find((f) => f.ruleId === 'hpa-min-replicas-below-two');
    assert.deepEqual(min?.range.start, { line: 14, character: 15 });
    assert.equal(min?.fixes?.[0].edits[0].newText, '2');
  });

  it('a finding of the default render is reported once, without a condition, even where the switched render makes it too', async () => {
    const { findings } = await analyse('ledger/templates/deployment.yaml');
    // pdb-missing holds only by default (the switched render has a budget); nothing else is found on the template.
    assert.deepEqual(rules(findings), ['pdb-missing']);
    assert.ok(!findings[0].message.includes('(when'));
  });

  it('a plain manifest does not see what only the switched render deploys', async () => {
    const texts = chartTexts();
    // A second HPA on the chart's Deployment: by default nothing else scales it.
    texts.set(
      'extra/hpa.yaml',
      [
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata:',
        '  name: ledger-extra',
        'spec:',
        '  scaleTargetRef:',
        '    apiVersion: apps/v1',
        '    kind: Deployment',
        '    name: release-ledger',
        '  minReplicas: 2',
        '  maxReplicas: 4',
        '',
      ].join('\n'),
    );
    const { findings } = await analyse('extra/hpa.yaml', texts);
    assert.ok(!rules(findings).includes('hpa-multiple-on-target'), JSON.stringify(findings.map((f) => f.message)));
  });

  it('manifests kept in the chart folder (rendered examples) are not deployed with the chart: its budget does not cover them', async () => {
    const texts = chartTexts();
    texts.set(
      'ledger/examples/rendered.yaml',
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: example-ledger',
        'spec:',
        '  replicas: 1',
        '  selector:',
        '    matchLabels: {app.kubernetes.io/name: ledger, app.kubernetes.io/instance: release}',
        '  template:',
        '    metadata:',
        '      labels: {app.kubernetes.io/name: ledger, app.kubernetes.io/instance: release}',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          image: registry.example/ledger/api:5.1.0',
        '',
      ].join('\n'),
    );
    const { findings } = await analyse('ledger/values.yaml', texts);
    // Had the example's pods counted, the budget would cover two workloads and its minAvailable would be met.
    assert.deepEqual(rules(findings), ['hpa-min-replicas-below-two', 'pdb-blocks-disruption']);
  });

  it("a template that does not render holds back the chart's checks that conclude from an absence", async () => {
    const texts = chartTexts();
    texts.set(
      'ledger/values.yaml',
      `${texts.get('ledger/values.yaml')}podDisruptionBudget:\n  enabled: true\n  minAvailable: 1\n`.replace(
        /podDisruptionBudget:\n {2}enabled: false\n {2}minAvailable: 1\n/,
        '',
      ),
    );
    // Another workload renders (a budget selecting nothing is said only where there are pods to miss).
    texts.set(
      'ledger/templates/worker.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  selector: {matchLabels: {app: worker}}\n  template:\n    metadata: {labels: {app: worker}}\n    spec:\n      containers: [{name: w, image: "registry.example/w:1"}]\n',
    );
    // The Deployment's template fails: the budget is not said to select nothing.
    texts.set(
      'ledger/templates/deployment.yaml',
      `{{ fail "set image.digest" }}\n${texts.get('ledger/templates/deployment.yaml')}`,
    );
    const { findings, errors } = await analyse('ledger/templates/pdb.yaml', texts);
    assert.ok(
      !rules(findings).includes('pdb-selector-matches-nothing'),
      JSON.stringify(findings.map((f) => f.message)),
    );
    assert.ok(
      errors.some((e) => /templates\/deployment\.yaml did not render/.test(e.message)),
      JSON.stringify(errors),
    );
  });

  it('values files from the settings render as helm -f, in order, the last winning', async () => {
    const texts = chartTexts();
    texts.set('ledger/values-prod.yaml', 'autoscaling:\n  enabled: true\n');
    texts.set('deploy/prod.yaml', 'podDisruptionBudget:\n  enabled: true\n  minAvailable: 2\n');
    const settings = { helmValuesFiles: ['ledger/values-prod.yaml', './deploy/prod.yaml'] };
    const values = await analyse('ledger/values.yaml', texts, settings);
    assert.deepEqual(values.errors, []);
    // The autoscaler is on in the render the user deploys: its finding holds without a condition.
    const min = values.findings.find((f) => f.ruleId === 'hpa-min-replicas-below-two');
    assert.ok(min && !min.message.includes('(when'), min?.message);
    // The budget's minAvailable comes from the outside file: the finding lands there.
    const prod = await analyse('deploy/prod.yaml', texts, settings);
    const blocks = prod.findings.find((f) => f.ruleId === 'pdb-blocks-disruption');
    assert.ok(blocks, JSON.stringify(prod.findings.map((f) => f.ruleId)));
    assert.deepEqual(blocks.range.start, { line: 2, character: 16 });
  });

  it('a values file the settings name and the workspace lacks is said, and the chart renders without it', async () => {
    const { findings, errors } = await analyse('ledger/values.yaml', chartTexts(), {
      helmValuesFiles: ['deploy/missing.yaml'],
    });
    assert.ok(errors.some((e) => e.message.includes('deploy/missing.yaml') && e.kind === 'partial'));
    assert.deepEqual(rules(findings), ['hpa-min-replicas-below-two', 'pdb-blocks-disruption']);
  });

  it('.Capabilities follows the cluster version', () => {
    const texts = chartTexts();
    texts.set(
      'ledger/templates/policy.yaml',
      'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: caps\ndata:\n  policy: {{ if .Capabilities.APIVersions.Has "policy/v1" }}v1{{ else }}v1beta1{{ end }}\n  version: {{ .Capabilities.KubeVersion.Minor | quote }}\n',
    );
    const output = (clusterVersion: string) =>
      renderChart('ledger/', { files: [...texts.keys()], text: (f) => texts.get(f), clusterVersion })
        .templates.find((t) => t.file === 'ledger/templates/policy.yaml')
        ?.output?.toString();
    assert.match(output('1.20') ?? '', /policy: v1beta1\n {2}version: "20"/);
    assert.match(output('1.31') ?? '', /policy: v1\n {2}version: "31"/);
  });

  it('leaves out an autoscaler the switched render gives no maxReplicas, naming it, or its template when its name is empty too', async () => {
    const texts = chartTexts();
    const values = texts.get('ledger/values.yaml')!;
    texts.set('ledger/values.yaml', values.replace('  maxReplicas: 8', '  maxReplicas: ""'));
    const named = await analyse('ledger/Chart.yaml', texts);
    const notice = named.errors.find((e) => /maxReplicas the chart leaves for you to set/.test(e.message));
    assert.ok(notice, JSON.stringify(named.errors));
    assert.match(notice.message, /not reviewed there, HorizontalPodAutoscaler release-ledger,/);

    const hpa = texts.get('ledger/templates/hpa.yaml')!;
    texts.set('ledger/templates/hpa.yaml', hpa.replace(/^ {2}name: .*$/m, '  name: {{ .Values.autoscaling.name }}'));
    const unnamed = await analyse('ledger/Chart.yaml', texts);
    const said = unnamed.errors.find((e) => /maxReplicas the chart leaves for you to set/.test(e.message));
    assert.ok(said, JSON.stringify(unnamed.errors));
    assert.match(said.message, /not reviewed there, the HorizontalPodAutoscaler of templates\/hpa\.yaml,/);
  });
});
