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

  it("--query-functions reaches the query optimizer: the project's own function's SQL is read", async () => {
    const rulesOn = async (extra: string[]) => {
      const { json } = await runJson(['check', 'repo.ts', ...extra], root);
      return json.findings.map((f) => f.ruleId);
    };
    assert.deepEqual(await rulesOn([]), []);
    assert.ok((await rulesOn(['--query-functions', 'fetchRows'])).includes('order-by-random'));
  });
});
