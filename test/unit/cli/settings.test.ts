import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeWorkspace, removeWorkspace, runJson } from './workspace';

const LEGACY_HPA = `apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: legacy
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: legacy
  minReplicas: 2
  maxReplicas: 5
`;

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0.0
          resources: {requests: {cpu: 250m, memory: 512Mi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
`;

describe('cli assistant settings', () => {
  let root: string;
  before(async () => {
    root = await makeWorkspace();
    await fs.writeFile(path.join(root, 'legacy.yaml'), LEGACY_HPA);
    await fs.writeFile(
      path.join(root, 'repo.ts'),
      "export const load = () => db.fetchRows('SELECT * FROM orders ORDER BY random() LIMIT 5');\n",
    );
  });
  after(() => removeWorkspace(root));

  it('--cluster-version reaches the HPA reviewer: a removed API is an error on 1.30, a warning on 1.24', async () => {
    const severityOn = async (extra: string[]) => {
      const { json } = await runJson(['check', 'legacy.yaml', ...extra], root);
      return json.findings.find((f) => f.ruleId === 'removed-api-version')?.severity;
    };
    assert.equal(await severityOn([]), 'error');
    assert.equal(await severityOn(['--cluster-version', '1.24']), 'warning');
  });

  it('--helm-values reaches the HPA reviewer: a chart renders with the file over its values.yaml', async () => {
    const chart = path.join(root, 'chart');
    await fs.mkdir(path.join(chart, 'templates'), { recursive: true });
    await fs.writeFile(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: api\nversion: 1.0.0\n');
    // Off by default and no false switch to turn on: only the values file brings the HPA.
    await fs.writeFile(path.join(chart, 'values.yaml'), 'hpa: {}\nminReplicas: 1\n');
    await fs.writeFile(
      path.join(chart, 'templates', 'hpa.yaml'),
      '{{- if .Values.hpa.on }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  minReplicas: {{ .Values.minReplicas }}\n  maxReplicas: 4\n{{- end }}\n',
    );
    await fs.writeFile(path.join(root, 'prod-values.yaml'), 'hpa:\n  on: true\n');
    const rulesOn = async (extra: string[]) => {
      const { json } = await runJson(['check', 'chart', 'prod-values.yaml', '--assistant', 'k8s', ...extra], root);
      return json.findings.map((f) => f.ruleId).sort();
    };
    assert.deepEqual(await rulesOn([]), []);
    assert.ok((await rulesOn(['--helm-values', 'prod-values.yaml'])).includes('hpa-min-replicas-below-two'));
    await fs.rm(chart, { recursive: true });
    await fs.rm(path.join(root, 'prod-values.yaml'));
  });

  it("--query-functions reaches the query optimizer: the project's own function's SQL is read", async () => {
    const rulesOn = async (extra: string[]) => {
      const { json } = await runJson(['check', 'repo.ts', ...extra], root);
      return json.findings.map((f) => f.ruleId);
    };
    assert.deepEqual(await rulesOn([]), []);
    assert.ok((await rulesOn(['--query-functions', 'fetchRows'])).includes('order-by-random'));
  });

  it("--prices reaches the HPA reviewer: the cost estimate in a finding's evidence uses them", async () => {
    await fs.writeFile(path.join(root, 'web.yaml'), WEB);
    const noteOn = async (extra: string[]) => {
      const { json } = await runJson(['check', 'web.yaml', '--format', 'json', ...extra], root);
      return json.findings.find((f) => f.ruleId === 'workload-replicas-with-hpa')?.evidence?.notes?.[0] ?? '';
    };
    assert.match(
      await noteOn([]),
      /^estimate: Deployment web costs \$18\.02 a month at minReplicas 2 .*; example prices: AWS Fargate/,
    );
    assert.match(
      await noteOn(['--prices', 'cpuHour=0.1,memoryGiBHour=0.01,currency=EUR']),
      /^estimate: Deployment web costs €43\.80 a month at minReplicas 2 .*; prices from scalingAssistant\.k8s\.prices: 0\.1 EUR per vCPU-hour/,
    );
  });
});
