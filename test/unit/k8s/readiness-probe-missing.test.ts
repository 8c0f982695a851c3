import { strict as assert } from 'node:assert';
import { analyzeK8s, deployment, hpa, only } from './availability-helpers';

/** readiness-probe-missing: who drives the finding (Service, HPA), which containers count, the fix. */

const RULE = 'readiness-probe-missing';

const service = (app: string) =>
  `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${app}}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80}]\n`;

describe(`k8s ${RULE}`, () => {
  it('neither a Service nor an HPA: silent', async () => {
    assert.deepEqual(only((await analyzeK8s(deployment('api'))).findings, RULE), []);
  });

  it('Service and HPA: both named, both related', async () => {
    const [finding] = only((await analyzeK8s(deployment('api') + service('api') + hpa('api', 2))).findings, RULE);
    assert.match(finding.message, /while Service api sends it traffic and HorizontalPodAutoscaler api scales it/);
    assert.deepEqual(
      finding.related?.map((r) => r.message),
      ['Service api selects the pods of Deployment api', 'HorizontalPodAutoscaler api scales Deployment api'],
    );
    assert.equal(finding.fixes, undefined, 'no declared port: no TCP probe to offer');
  });

  it('a Service selector whose value is a YAML alias still selects the pods', async () => {
    const aliased =
      '---\napiVersion: v1\nkind: Service\nmetadata: {name: api, labels: {app: &app api}}\n' +
      'spec:\n  selector: {app: *app}\n  ports: [{port: 80}]\n';
    const [finding] = only((await analyzeK8s(deployment('api') + aliased)).findings, RULE);
    assert.match(finding.message, /Service api sends it traffic/);
  });

  it('a DaemonSet a Service selects is checked too', async () => {
    const ds = deployment('agent').replace('kind: Deployment', 'kind: DaemonSet');
    assert.equal(only((await analyzeK8s(ds + service('agent'))).findings, RULE).length, 1);
  });

  it('two containers without ports: neither is a serving container', async () => {
    const two = deployment('api').replace(
      '      containers:\n',
      '      containers:\n        - {name: helper, image: "shop/helper:1.0.0"}\n',
    );
    assert.deepEqual(only((await analyzeK8s(two + service('api'))).findings, RULE), []);
  });

  it('no TCP-probe fix in a JSON file', async () => {
    const json = JSON.stringify(
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: {
            metadata: { labels: { app: 'agent' } },
            spec: { containers: [{ name: 'agent', image: 'a:1', ports: [{ containerPort: 80 }] }] },
          },
        },
      },
      null,
      2,
    );
    const [finding] = only(
      (await analyzeK8s(json, { file: 'k8s/agent.json', others: { 'k8s/svc.yaml': service('agent').slice(4) } }))
        .findings,
      RULE,
    );
    assert.ok(finding);
    assert.equal(finding.fixes, undefined);
  });
});
