import { isMap } from 'yaml';
import type { K8sObject } from './manifest';
import { groupOf } from './scale-target';
import type { AnyPair } from './yaml-nodes';
import { deref, pairAt, scalarText, seqItems, stringAt, stringMap, valueAt } from './yaml-nodes';
import { KUBERNETES_API_GROUPS } from './api-groups';

/**
 * Custom resources whose operator creates pods, with the labels those pods carry, so a PodDisruptionBudget
 * that selects an operator's pods is not "selecting no pods". The labels are the ones each operator's own
 * code sets (read from the operators' sources: prometheus-operator, ECK, Strimzi, CloudNativePG, the RabbitMQ
 * cluster operator), plus the labels the resource asks to be copied onto its pods.
 *
 * And the other side: a custom resource of a kind the reviewer does not know may create pods, budgets or
 * workloads too, so rules that conclude from an absence hold back in its namespace (`unknownResources`).
 */

export interface PodSource {
  object: K8sObject;
  /** Who creates the pods: "the Prometheus Operator". */
  operator: string;
  /** A part of the resource with pods of their own (an Elasticsearch node set, Kafka's ZooKeeper). */
  part?: string;
  /** Labels every pod of this source carries. */
  labels: Map<string, string>;
  /** Labels the pods carry with values the reviewer cannot tell (a per-pod role, a defaulted version). */
  variable: Set<string>;
  /** Pods it runs, when written. */
  replicas?: number;
  /** Where the copied pod labels are written, else the resource's name: for related information. */
  labelsPair?: AnyPair;
  /** The operator creates a PodDisruptionBudget for these pods itself (unless told not to). */
  ownBudget: boolean;
}

interface SourceKind {
  operator: string;
  read(object: K8sObject): PodSource[];
}

const PROMETHEUS_OPERATOR = 'the Prometheus Operator';

/** `group/Kind` → how to read its pods. */
const POD_SOURCE_KINDS = new Map<string, SourceKind>([
  ['monitoring.coreos.com/Prometheus', prometheusOperator('prometheus', ['prometheus', 'operator.prometheus.io/name'])],
  ['monitoring.coreos.com/PrometheusAgent', prometheusOperator('prometheus-agent', ['operator.prometheus.io/name'])],
  ['monitoring.coreos.com/Alertmanager', prometheusOperator('alertmanager', ['alertmanager'])],
  ['monitoring.coreos.com/ThanosRuler', prometheusOperator('thanos-ruler', ['thanos-ruler'])],
  ['elasticsearch.k8s.elastic.co/Elasticsearch', { operator: 'ECK', read: elasticsearchPods }],
  [
    'kibana.k8s.elastic.co/Kibana',
    {
      operator: 'ECK',
      read: (object) => [
        source(object, 'ECK', {
          labels: { 'common.k8s.elastic.co/type': 'kibana', 'kibana.k8s.elastic.co/name': object.name },
          labelsPath: ['spec', 'podTemplate', 'metadata', 'labels'],
          variable: ['kibana.k8s.elastic.co/version'],
          replicas: integerAt(object, ['spec', 'count']) ?? 1,
          ownBudget: false,
        }),
      ],
    },
  ],
  ['kafka.strimzi.io/Kafka', { operator: 'Strimzi', read: kafkaPods }],
  ...(
    [
      ['KafkaConnect', 'connect', 'kafka-connect'],
      ['KafkaMirrorMaker2', 'mirrormaker2', 'kafka-mirror-maker-2'],
      ['KafkaBridge', 'bridge', 'kafka-bridge'],
    ] as const
  ).map(([kind, suffix, type]): [string, SourceKind] => [
    `kafka.strimzi.io/${kind}`,
    { operator: 'Strimzi', read: (object) => [strimziPart(object, suffix, type, ['spec', 'replicas'], true)] },
  ]),
  ['postgresql.cnpg.io/Cluster', { operator: 'CloudNativePG', read: cnpgPods }],
  ['rabbitmq.com/RabbitmqCluster', { operator: 'the RabbitMQ cluster operator', read: rabbitmqPods }],
]);

/** Groups whose kinds create nothing unseen: Kubernetes' own, its SIGs' well-known add-ons, Argo's. */
const BUILT_IN_GROUPS = new Set([
  ...KUBERNETES_API_GROUPS,
  'gateway.networking.k8s.io',
  'snapshot.storage.k8s.io',
  'autoscaling.k8s.io',
  'metrics.k8s.io',
  'argoproj.io',
]);

/**
 * Custom kinds that configure something and create no pods, workloads or disruption budgets: monitoring
 * rules and scrape targets, certificates, routes, policies, secrets from a vault, KEDA's triggers.
 */
const INERT_KINDS = new Set([
  'monitoring.coreos.com/ServiceMonitor',
  'monitoring.coreos.com/PodMonitor',
  'monitoring.coreos.com/Probe',
  'monitoring.coreos.com/PrometheusRule',
  'monitoring.coreos.com/AlertmanagerConfig',
  'monitoring.coreos.com/ScrapeConfig',
  'cert-manager.io/Certificate',
  'cert-manager.io/Issuer',
  'cert-manager.io/ClusterIssuer',
  'cert-manager.io/CertificateRequest',
  'networking.istio.io/VirtualService',
  'networking.istio.io/DestinationRule',
  'networking.istio.io/Gateway',
  'networking.istio.io/ServiceEntry',
  'networking.istio.io/Sidecar',
  'security.istio.io/PeerAuthentication',
  'security.istio.io/AuthorizationPolicy',
  'security.istio.io/RequestAuthentication',
  'telemetry.istio.io/Telemetry',
  'traefik.io/IngressRoute',
  'traefik.io/Middleware',
  'traefik.containo.us/IngressRoute',
  'traefik.containo.us/Middleware',
  'external-secrets.io/ExternalSecret',
  'external-secrets.io/SecretStore',
  'external-secrets.io/ClusterSecretStore',
  'bitnami.com/SealedSecret',
  'keda.sh/ScaledObject',
  'keda.sh/TriggerAuthentication',
  'keda.sh/ClusterTriggerAuthentication',
  'cilium.io/CiliumNetworkPolicy',
  'crd.projectcalico.org/NetworkPolicy',
  'kyverno.io/ClusterPolicy',
  'kyverno.io/Policy',
  'kafka.strimzi.io/KafkaTopic',
  'kafka.strimzi.io/KafkaUser',
]);

/** Configuration of tools run beside a cluster, not objects in it. */
const TOOL_CONFIG_GROUPS =
  /^(skaffold|kind\.x-k8s\.io$|k3d\.io$|ctlptl\.dev$|kpt\.dev$|fn\.kpt\.dev$|config\.kubernetes\.io$)/;

const sources = new WeakMap<K8sObject, PodSource[]>();

/** The pods an operator creates for this resource; empty for everything else. Cached per object. */
export function podSourcesOf(object: K8sObject): PodSource[] {
  let cached = sources.get(object);
  if (!cached) {
    const kind = POD_SOURCE_KINDS.get(`${groupOf(object.apiVersion)}/${object.kind}`);
    cached = kind ? kind.read(object) : [];
    sources.set(object, cached);
  }
  return cached;
}

/**
 * True for a custom resource of a kind the reviewer does not know: neither a pod source nor known to create
 * nothing. Its operator may create pods, workloads or PodDisruptionBudgets the workspace does not show.
 */
export function isUnknownResource(object: K8sObject): boolean {
  // Tools' own configuration files borrow apiVersion and kind (a kind cluster, skaffold): they have no name.
  if (object.name === '') return false;
  const group = groupOf(object.apiVersion);
  if (BUILT_IN_GROUPS.has(group) || group.endsWith('.k8s.io') || TOOL_CONFIG_GROUPS.test(group)) return false;
  const key = `${group}/${object.kind}`;
  return !POD_SOURCE_KINDS.has(key) && !INERT_KINDS.has(key);
}

/**
 * Whether a selector's `matchLabels` and expressions can match this source's pods: undefined when it turns
 * on a label whose value the reviewer cannot tell.
 */
export function podSourceMatches(
  selector: {
    matchLabels: ReadonlyMap<string, string>;
    expressions: readonly { key: string; operator: string; values: string[] }[];
  },
  source: PodSource,
): boolean | undefined {
  let unknown = false;
  for (const [key, value] of selector.matchLabels) {
    if (source.variable.has(key) && !source.labels.has(key)) unknown = true;
    else if (source.labels.get(key) !== value) return false;
  }
  for (const { key, operator, values } of selector.expressions) {
    const known = source.labels.has(key);
    const present = known || source.variable.has(key);
    const value = source.labels.get(key);
    if (operator === 'Exists' && !present) return false;
    if (operator === 'DoesNotExist' && present) return false;
    if (operator === 'In' && (!present || (known && !values.includes(value as string)))) return false;
    if (operator === 'NotIn' && known && values.includes(value as string)) return false;
    if ((operator === 'In' || operator === 'NotIn') && present && !known) unknown = true;
  }
  return unknown ? undefined : true;
}

interface SourceShape {
  labels: Record<string, string>;
  /** Where the resource asks for more labels on its pods. */
  labelsPath?: readonly string[];
  variable?: readonly string[];
  replicas?: number;
  ownBudget: boolean;
  part?: string;
  /** Node for labelsPath when it is relative to something other than the resource (a node set). */
  base?: unknown;
}

function source(object: K8sObject, operator: string, shape: SourceShape): PodSource {
  const labels = new Map<string, string>();
  const base = shape.base ?? object.root;
  const labelsPair = shape.labelsPath ? pairAt(base, shape.labelsPath, object.doc) : undefined;
  // Labels the resource asks for first: the operator's own labels win where both set one.
  for (const [key, value] of stringMap(labelsPair ? deref(labelsPair.value, object.doc) : undefined, object.doc))
    labels.set(key, value);
  for (const [key, value] of Object.entries(shape.labels)) labels.set(key, value);
  return {
    object,
    operator,
    part: shape.part,
    labels,
    variable: new Set(shape.variable ?? []),
    replicas: shape.replicas,
    labelsPair: labelsPair ?? pairAt(object.root, ['metadata', 'name'], object.doc),
    ownBudget: shape.ownBudget,
  };
}

function prometheusOperator(name: string, nameLabels: readonly string[]): SourceKind {
  return {
    operator: PROMETHEUS_OPERATOR,
    read(object) {
      const labels: Record<string, string> = {
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        'app.kubernetes.io/instance': object.name,
      };
      for (const key of nameLabels) labels[key] = object.name;
      const version = stringAt(object.root, ['spec', 'version'], object.doc);
      if (version && name !== 'thanos-ruler') labels['app.kubernetes.io/version'] = version.replace(/^v/, '');
      const replicas = integerAt(object, ['spec', 'replicas']) ?? 1;
      const shards = name.startsWith('prometheus') ? (integerAt(object, ['spec', 'shards']) ?? 1) : 1;
      return [
        source(object, PROMETHEUS_OPERATOR, {
          labels,
          labelsPath: ['spec', 'podMetadata', 'labels'],
          // The version label follows the operator's default image when spec.version is unset; shards number the pods.
          variable: [
            'app.kubernetes.io/version',
            ...(name.startsWith('prometheus') ? ['operator.prometheus.io/shard'] : []),
          ],
          replicas: replicas * shards,
          ownBudget: false,
        }),
      ];
    },
  };
}

/** One pod set per node set: each is its own StatefulSet, `<cluster>-es-<nodeSet>`. */
function elasticsearchPods(object: K8sObject): PodSource[] {
  const out: PodSource[] = [];
  // ECK creates a default PodDisruptionBudget unless `spec.podDisruptionBudget: {}` turns it off.
  const budget = valueAt(object.root, ['spec', 'podDisruptionBudget'], object.doc);
  const ownBudget = !(isMap(budget) && budget.items.length === 0);
  for (const nodeSet of seqItems(valueAt(object.root, ['spec', 'nodeSets'], object.doc), object.doc)) {
    const setName = stringAt(nodeSet, ['name'], object.doc);
    if (!setName) continue;
    const count = Number(scalarText(valueAt(nodeSet, ['count'], object.doc)));
    out.push(
      source(object, 'ECK', {
        part: `node set ${setName}`,
        base: nodeSet,
        labels: {
          'common.k8s.elastic.co/type': 'elasticsearch',
          'elasticsearch.k8s.elastic.co/cluster-name': object.name,
          'elasticsearch.k8s.elastic.co/statefulset-name': `${object.name}-es-${setName}`,
        },
        labelsPath: ['podTemplate', 'metadata', 'labels'],
        // Roles, version and scheme follow the node set's configuration and the image.
        variable: [
          'elasticsearch.k8s.elastic.co/version',
          'elasticsearch.k8s.elastic.co/http-scheme',
          'elasticsearch.k8s.elastic.co/node-master',
          'elasticsearch.k8s.elastic.co/node-data',
          'elasticsearch.k8s.elastic.co/node-ingest',
          'elasticsearch.k8s.elastic.co/node-ml',
        ],
        replicas: Number.isInteger(count) ? count : undefined,
        ownBudget,
      }),
    );
  }
  return out;
}

/** Pods of one Strimzi component (`<name>-<suffix>`), with the labels the cluster operator gives them. */
function strimziPart(
  object: K8sObject,
  suffix: string,
  type: string,
  replicasPath: readonly string[] | undefined,
  ownBudget: boolean,
): PodSource {
  return source(object, 'Strimzi', {
    part: suffix === 'kafka' && object.kind === 'Kafka' ? 'brokers' : object.kind === 'Kafka' ? suffix : undefined,
    labels: {
      ...ownLabels(object),
      'strimzi.io/cluster': object.name,
      'strimzi.io/kind': object.kind,
      'strimzi.io/name': `${object.name}-${suffix}`,
      'strimzi.io/component-type': type,
      'app.kubernetes.io/name': type,
      'app.kubernetes.io/instance': object.name,
      'app.kubernetes.io/part-of': `strimzi-${object.name}`,
      'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    },
    // Node pools add their own labels (pool name, roles) to the brokers.
    variable: type === 'kafka' ? ['strimzi.io/pool-name', 'strimzi.io/broker-role', 'strimzi.io/controller-role'] : [],
    replicas: replicasPath ? integerAt(object, replicasPath) : undefined,
    ownBudget,
  });
}

/** The brokers, and ZooKeeper and the entity operator when the resource asks for them. */
function kafkaPods(object: K8sObject): PodSource[] {
  const out = [strimziPart(object, 'kafka', 'kafka', ['spec', 'kafka', 'replicas'], true)];
  if (valueAt(object.root, ['spec', 'zookeeper'], object.doc) !== undefined)
    out.push(strimziPart(object, 'zookeeper', 'zookeeper', ['spec', 'zookeeper', 'replicas'], true));
  if (valueAt(object.root, ['spec', 'entityOperator'], object.doc) !== undefined)
    out.push(strimziPart(object, 'entity-operator', 'entity-operator', undefined, false));
  return out;
}

function cnpgPods(object: K8sObject): PodSource[] {
  const enable = stringAt(object.root, ['spec', 'enablePDB'], object.doc);
  return [
    source(object, 'CloudNativePG', {
      labels: {
        'cnpg.io/cluster': object.name,
        'cnpg.io/podRole': 'instance',
        'app.kubernetes.io/name': 'postgresql',
        'app.kubernetes.io/instance': object.name,
        'app.kubernetes.io/component': 'database',
        'app.kubernetes.io/managed-by': 'cloudnative-pg',
      },
      labelsPath: ['spec', 'inheritedMetadata', 'labels'],
      // The primary and the replicas differ by role; each pod has its own instance name.
      variable: ['cnpg.io/instanceRole', 'role', 'cnpg.io/instanceName', 'app.kubernetes.io/version'],
      replicas: integerAt(object, ['spec', 'instances']),
      ownBudget: enable !== 'false',
    }),
  ];
}

function rabbitmqPods(object: K8sObject): PodSource[] {
  // The operator copies the resource's own labels onto its pods, except its app.kubernetes.io ones.
  const own = Object.fromEntries(Object.entries(ownLabels(object)).filter(([k]) => !k.startsWith('app.kubernetes.io')));
  return [
    source(object, 'the RabbitMQ cluster operator', {
      labels: {
        ...own,
        'app.kubernetes.io/name': object.name,
        'app.kubernetes.io/component': 'rabbitmq',
        'app.kubernetes.io/part-of': 'rabbitmq',
      },
      replicas: integerAt(object, ['spec', 'replicas']) ?? 1,
      ownBudget: false,
    }),
  ];
}

function ownLabels(object: K8sObject): Record<string, string> {
  return Object.fromEntries(stringMap(valueAt(object.root, ['metadata', 'labels'], object.doc), object.doc));
}

function integerAt(object: K8sObject, path: readonly string[]): number | undefined {
  const text = stringAt(object.root, path, object.doc);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** "Alertmanager main (pods created by the Prometheus Operator)". */
export function describeSource(source: PodSource): string {
  const part = source.part ? `, ${source.part}` : '';
  return `${source.object.kind} ${source.object.name}${part} (pods created by ${source.operator})`;
}
