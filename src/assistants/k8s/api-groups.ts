/**
 * API groups the Kubernetes API server itself serves. Kustomize knows their schema, so their lists merge by key in
 * a strategic-merge patch (custom resources' lists are replaced); and their kinds are the ones the reviewer reads,
 * or knows to create nothing unseen.
 */
export const KUBERNETES_API_GROUPS: ReadonlySet<string> = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'extensions',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'apiregistration.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
]);
