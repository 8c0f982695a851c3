/** Small manifests for the HPA reviewer's tests, written in flow style so a test reads as one line per object. */

export interface WorkloadOptions {
  namespace?: string;
  replicas?: number;
  kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  /** Pod labels (and the selector's): `app: <name>` when absent. */
  labels?: Record<string, string>;
  /** The container's `resources`, as a flow map: `{requests: {cpu: 250m}}`. */
  resources?: string;
}

export function deploymentYaml(name: string, options: WorkloadOptions = {}): string {
  const labels = Object.entries(options.labels ?? { app: name })
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const selector = `app: ${options.labels?.app ?? name}`;
  const resources = options.resources ? `, resources: ${options.resources}` : '';
  return [
    'apiVersion: apps/v1',
    `kind: ${options.kind ?? 'Deployment'}`,
    `metadata: {name: ${name}${options.namespace ? `, namespace: ${options.namespace}` : ''}}`,
    'spec:',
    ...(options.replicas !== undefined ? [`  replicas: ${options.replicas}`] : []),
    `  selector: {matchLabels: {${selector}}}`,
    '  template:',
    `    metadata: {labels: {${labels}}}`,
    '    spec:',
    `      containers: [{name: ${name}, image: "registry.example.com/${name}:1.0.0"${resources}}]`,
    '',
  ].join('\n');
}

export function hpaYaml(
  name: string,
  target: string,
  options: { namespace?: string; min?: number; max?: number } = {},
): string {
  return [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    `metadata: {name: ${name}${options.namespace ? `, namespace: ${options.namespace}` : ''}}`,
    'spec:',
    `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}`,
    `  minReplicas: ${options.min ?? 2}`,
    `  maxReplicas: ${options.max ?? 6}`,
    '',
  ].join('\n');
}

/** A kustomization with the given fields (YAML lines after `kind:`). */
export function kustomizationYaml(body: string): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
}
