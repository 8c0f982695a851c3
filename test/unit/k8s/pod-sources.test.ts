import { strict as assert } from 'node:assert';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { podSourcesOf } from '../../../src/assistants/k8s/pod-sources';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';

/**
 * Operator resources create pods: a PodDisruptionBudget that selects them is not "selecting no pods". A custom
 * resource of an unknown kind may create pods or budgets too: absence rules hold back in its namespace and say so.
 */

const pdb = (name: string, labels: Record<string, string>, namespace = 'monitoring') =>
  [
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  maxUnavailable: 1',
    '  selector:',
    '    matchLabels:',
    ...Object.entries(labels).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
  ].join('\n');

const deployment = (name: string, namespace = 'monitoring', replicas = 1) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: shop/app:1.0',
  ].join('\n');

const alertmanager = [
  'apiVersion: monitoring.coreos.com/v1',
  'kind: Alertmanager',
  'metadata:',
  '  name: main',
  '  namespace: monitoring',
  'spec:',
  '  replicas: 3',
  '  podMetadata:',
  '    labels:',
  '      app.kubernetes.io/component: alert-router',
  '      app.kubernetes.io/part-of: kube-prometheus',
].join('\n');

async function analyze(...documents: string[]) {
  const text = `${documents.join('\n---\n')}\n`;
  return analyzeDocument(k8sAssistant, { file: 'k8s/all.yaml', text }, DEFAULT_CONFIG);
}

const rule = (id: string) => (findings: Finding[]) => findings.filter((f) => f.ruleId === id);
const selectsNothing = rule('pdb-selector-matches-nothing');
const missing = rule('pdb-missing');

describe('k8s pod sources', () => {
  it('a PDB selecting the pods of an Alertmanager (operator labels plus podMetadata) selects pods', async () => {
    const result = await analyze(
      alertmanager,
      pdb('alertmanager-main', {
        'app.kubernetes.io/component': 'alert-router',
        'app.kubernetes.io/instance': 'main',
        'app.kubernetes.io/name': 'alertmanager',
        'app.kubernetes.io/part-of': 'kube-prometheus',
      }),
      deployment('grafana'),
    );
    assert.deepEqual(selectsNothing(result.findings), []);
    assert.deepEqual(result.errors, []);
  });

  it('a PDB whose selector misses every workload and the operator pods is still reported, naming both', async () => {
    const result = await analyze(alertmanager, pdb('typo', { alertmanager: 'mian' }), deployment('grafana'));
    const [finding] = selectsNothing(result.findings);
    assert.ok(finding, JSON.stringify(result.findings));
    assert.match(finding.message, /Deployment grafana/);
    assert.match(finding.message, /Alertmanager main \(pods created by the Prometheus Operator\)/);
  });

  it('reads the pods of each known operator resource with the labels its operator sets', () => {
    const text = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Prometheus',
      'metadata: {name: k8s}',
      'spec: {replicas: 2, shards: 2, version: v2.55.0}',
      '---',
      'apiVersion: elasticsearch.k8s.elastic.co/v1',
      'kind: Elasticsearch',
      'metadata: {name: logs}',
      'spec:',
      '  nodeSets:',
      '    - name: hot',
      '      count: 3',
      '      podTemplate: {metadata: {labels: {tier: hot}}}',
      '    - name: cold',
      '      count: 2',
      '---',
      'apiVersion: kafka.strimzi.io/v1beta2',
      'kind: Kafka',
      'metadata: {name: events}',
      'spec: {kafka: {replicas: 3}, zookeeper: {replicas: 3}}',
      '---',
      'apiVersion: postgresql.cnpg.io/v1',
      'kind: Cluster',
      'metadata: {name: pg}',
      'spec: {instances: 3, enablePDB: false}',
      '---',
      'apiVersion: rabbitmq.com/v1beta1',
      'kind: RabbitmqCluster',
      'metadata: {name: rmq, labels: {team: core, app.kubernetes.io/name: other}}',
      '---',
      'apiVersion: kibana.k8s.elastic.co/v1',
      'kind: Kibana',
      'metadata: {name: ui}',
    ].join('\n');
    const sources = parseManifest('k8s/ops.yaml', text).objects.flatMap((o) => podSourcesOf(o));
    const summary = sources.map((s) => ({
      of: `${s.object.kind}/${s.object.name}${s.part ? `/${s.part}` : ''}`,
      replicas: s.replicas,
      ownBudget: s.ownBudget,
    }));
    assert.deepEqual(summary, [
      { of: 'Prometheus/k8s', replicas: 4, ownBudget: false },
      { of: 'Elasticsearch/logs/node set hot', replicas: 3, ownBudget: true },
      { of: 'Elasticsearch/logs/node set cold', replicas: 2, ownBudget: true },
      { of: 'Kafka/events/brokers', replicas: 3, ownBudget: true },
      { of: 'Kafka/events/zookeeper', replicas: 3, ownBudget: true },
      { of: 'Cluster/pg', replicas: 3, ownBudget: false },
      { of: 'RabbitmqCluster/rmq', replicas: 1, ownBudget: false },
      { of: 'Kibana/ui', replicas: 1, ownBudget: false },
    ]);
    const labels = (i: number) => Object.fromEntries(sources[i].labels);
    assert.equal(labels(0)['operator.prometheus.io/name'], 'k8s');
    assert.equal(labels(0).prometheus, 'k8s');
    assert.equal(labels(0)['app.kubernetes.io/version'], '2.55.0');
    assert.equal(labels(1)['elasticsearch.k8s.elastic.co/statefulset-name'], 'logs-es-hot');
    assert.equal(labels(1).tier, 'hot');
    assert.equal(labels(2).tier, undefined);
    assert.equal(labels(3)['strimzi.io/name'], 'events-kafka');
    assert.equal(labels(4)['strimzi.io/name'], 'events-zookeeper');
    assert.equal(labels(5)['cnpg.io/cluster'], 'pg');
    // The RabbitMQ operator copies the resource's labels except its app.kubernetes.io ones.
    assert.equal(labels(6).team, 'core');
    assert.equal(labels(6)['app.kubernetes.io/name'], 'rmq');
    assert.equal(labels(7)['kibana.k8s.elastic.co/name'], 'ui');
  });

  it('a selector on a label whose value varies per pod (a role) is not called empty', async () => {
    const cluster =
      'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg, namespace: db}\nspec: {instances: 3}';
    const result = await analyze(
      cluster,
      deployment('api', 'db'),
      pdb('primary', { 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'primary' }, 'db'),
    );
    assert.deepEqual(selectsNothing(result.findings), []);
  });

  describe('unknown custom resources', () => {
    const release =
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: podinfo, namespace: apps}';

    it('hold back "selects no pods" and "no PDB covers" in their namespace, and say why', async () => {
      const result = await analyze(
        release,
        deployment('web', 'apps', 3),
        pdb('orphan', { app: 'podinfo' }, 'apps'),
        deployment('api', 'other', 3),
      );
      assert.deepEqual(selectsNothing(result.findings), []);
      assert.deepEqual(
        missing(result.findings).map((f) => f.message.split(' runs')[0]),
        ['Deployment api'],
      );
      assert.equal(result.errors.length, 1);
      const [error] = result.errors;
      assert.equal(error.kind, 'partial');
      assert.match(error.message, /held back for Deployment web, PodDisruptionBudget orphan/);
      assert.match(
        error.message,
        /namespace apps holds custom resources of kinds the reviewer does not know \(HelmRelease podinfo\)/,
      );
    });

    it('hold back a missing HPA target', async () => {
      const hpa = [
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: {name: worker, namespace: apps}',
        'spec:',
        '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}',
        '  minReplicas: 2',
        '  maxReplicas: 5',
      ].join('\n');
      const result = await analyze(release, hpa);
      assert.deepEqual(rule('hpa-target-missing')(result.findings), []);
      assert.match(result.errors[0]?.message ?? '', /held back for HorizontalPodAutoscaler worker/);
    });

    it("a tool's configuration (a kind cluster, no name) is not a resource of the cluster: nothing held back", async () => {
      const kindCluster = 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]';
      const result = await analyze(kindCluster, deployment('web', 'default', 3));
      assert.equal(missing(result.findings).length, 1);
      assert.deepEqual(result.errors, []);
    });

    it('known custom resources that create nothing (a ServiceMonitor) hold nothing back', async () => {
      const monitor =
        'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: apps}';
      const result = await analyze(monitor, deployment('web', 'apps', 3));
      assert.equal(missing(result.findings).length, 1);
      assert.deepEqual(result.errors, []);
    });
  });
});
