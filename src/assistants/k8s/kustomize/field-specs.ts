import type { FieldSpec } from './kustomization';

/**
 * Where kustomize's built-in transformers write, as its documentation and default configuration describe
 * them: which fields of which kinds receive common labels, template labels, annotations and replica counts,
 * which kinds have no namespace, and which fields refer to other objects by name (renamed with them).
 * A spec without group, version or kind applies to every object; a list met on a path is walked item by item.
 */

const spec = (path: string, kind?: string, create = true, group?: string, version?: string): FieldSpec => ({
  path,
  kind,
  create,
  group,
  version,
});

/** Labels on the object, and on the pod templates of the kinds that have one (`templateLabels`). */
export const TEMPLATE_LABEL_SPECS: readonly FieldSpec[] = [
  spec('metadata/labels'),
  spec('spec/template/metadata/labels', 'ReplicationController', true, undefined, 'v1'),
  spec('spec/template/metadata/labels', 'Deployment'),
  spec('spec/template/metadata/labels', 'ReplicaSet'),
  spec('spec/template/metadata/labels', 'DaemonSet'),
  spec('spec/template/metadata/labels', 'StatefulSet', true, 'apps'),
  spec('spec/template/metadata/labels', 'Job', true, 'batch'),
  spec('spec/jobTemplate/metadata/labels', 'CronJob', true, 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', true, 'batch'),
];

const AFFINITY_TERMS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** `commonLabels` (and `labels` with `includeSelectors`): templates, and the selectors that must match them. */
export const COMMON_LABEL_SPECS: readonly FieldSpec[] = [
  spec('spec/selector', 'Service', true, undefined, 'v1'),
  spec('spec/selector', 'ReplicationController', true, undefined, 'v1'),
  spec('spec/selector/matchLabels', 'Deployment'),
  ...AFFINITY_TERMS.map((path) => spec(path, 'Deployment', false, 'apps')),
  spec('spec/selector/matchLabels', 'ReplicaSet'),
  spec('spec/selector/matchLabels', 'DaemonSet'),
  spec('spec/selector/matchLabels', 'StatefulSet', true, 'apps'),
  ...AFFINITY_TERMS.map((path) => spec(path, 'StatefulSet', false, 'apps')),
  spec('spec/selector/matchLabels', 'Job', false, 'batch'),
  spec('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', false, 'batch'),
  spec('spec/selector/matchLabels', 'PodDisruptionBudget', false, 'policy'),
  spec('spec/podSelector/matchLabels', 'NetworkPolicy', false, 'networking.k8s.io'),
  spec('spec/ingress/from/podSelector/matchLabels', 'NetworkPolicy', false, 'networking.k8s.io'),
  spec('spec/egress/to/podSelector/matchLabels', 'NetworkPolicy', false, 'networking.k8s.io'),
  ...TEMPLATE_LABEL_SPECS,
  spec('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', true, 'apps'),
];

export const METADATA_LABEL_SPECS: readonly FieldSpec[] = [spec('metadata/labels')];

export const COMMON_ANNOTATION_SPECS: readonly FieldSpec[] = [
  spec('metadata/annotations'),
  spec('spec/template/metadata/annotations', 'ReplicationController', true, undefined, 'v1'),
  spec('spec/template/metadata/annotations', 'Deployment'),
  spec('spec/template/metadata/annotations', 'ReplicaSet'),
  spec('spec/template/metadata/annotations', 'DaemonSet'),
  spec('spec/template/metadata/annotations', 'StatefulSet'),
  spec('spec/template/metadata/annotations', 'Job', true, 'batch'),
  spec('spec/jobTemplate/metadata/annotations', 'CronJob', true, 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/annotations', 'CronJob', true, 'batch'),
];

/** Kinds whose `spec/replicas` a kustomization's `replicas:` entry sets. */
export const REPLICA_KINDS = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

/** Built-in kinds without a namespace: the namespace transformer leaves them alone. */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'FlowSchema',
  'RuntimeClass',
  'IngressClass',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest',
  'PodSecurityPolicy',
  'ComponentStatus',
  'ClusterIssuer',
]);

/** kustomize does not prefix or suffix the names of these kinds. */
export const UNRENAMED_KINDS = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

/** Kinds whose pod spec lives at `spec/template/spec`. */
const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'];

/** The path of a kind's pod spec, if it has one. */
export function podSpecPath(kind: string): string | undefined {
  if (TEMPLATE_KINDS.includes(kind)) return 'spec/template/spec';
  if (kind === 'CronJob') return 'spec/jobTemplate/spec/template/spec';
  if (kind === 'Pod') return 'spec';
  return undefined;
}

/**
 * A field that names another object, renamed when the build renames that object (prefix, suffix, a
 * generator's hash). `within` is relative to the referrer's pod spec when `podSpec` is set; `kindField` is a
 * sibling field that must name the referred kind (an HPA's scaleTargetRef.kind, a roleRef.kind).
 */
export interface NameReference {
  referred: readonly string[];
  path: string;
  /** The referrer's kind; any kind with a pod spec when `podSpec`. */
  kind?: string;
  podSpec?: boolean;
  kindField?: string;
}

const podRefs = (referred: string, paths: string[]): NameReference[] =>
  paths.map((path) => ({ referred: [referred], path, podSpec: true }));

export const NAME_REFERENCES: readonly NameReference[] = [
  {
    referred: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'],
    path: 'spec/scaleTargetRef/name',
    kind: 'HorizontalPodAutoscaler',
    kindField: 'kind',
  },
  ...podRefs('ConfigMap', [
    'volumes/configMap/name',
    'volumes/projected/sources/configMap/name',
    'containers/env/valueFrom/configMapKeyRef/name',
    'initContainers/env/valueFrom/configMapKeyRef/name',
    'containers/envFrom/configMapRef/name',
    'initContainers/envFrom/configMapRef/name',
  ]),
  ...podRefs('Secret', [
    'volumes/secret/secretName',
    'volumes/projected/sources/secret/name',
    'containers/env/valueFrom/secretKeyRef/name',
    'initContainers/env/valueFrom/secretKeyRef/name',
    'containers/envFrom/secretRef/name',
    'initContainers/envFrom/secretRef/name',
    'imagePullSecrets/name',
  ]),
  ...podRefs('ServiceAccount', ['serviceAccountName']),
  ...podRefs('PersistentVolumeClaim', ['volumes/persistentVolumeClaim/claimName']),
  ...podRefs('PriorityClass', ['priorityClassName']),
  { referred: ['Service'], path: 'spec/serviceName', kind: 'StatefulSet' },
  { referred: ['Service'], path: 'spec/rules/http/paths/backend/service/name', kind: 'Ingress' },
  { referred: ['Service'], path: 'spec/defaultBackend/service/name', kind: 'Ingress' },
  { referred: ['Secret'], path: 'spec/tls/secretName', kind: 'Ingress' },
  { referred: ['Service'], path: 'spec/service/name', kind: 'APIService' },
  { referred: ['Role', 'ClusterRole'], path: 'roleRef/name', kind: 'RoleBinding', kindField: 'kind' },
  { referred: ['ClusterRole'], path: 'roleRef/name', kind: 'ClusterRoleBinding', kindField: 'kind' },
];
