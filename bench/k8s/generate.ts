/**
 * A synthetic workspace of Kubernetes manifests for benchmarks: `objects` objects spread over files of
 * `perFile` objects each, in a few namespaces, shaped like real services (Deployment + HPA + Service +
 * PDB, with quotas and LimitRanges per namespace) and with a realistic share of flaws so the rules do
 * real work: pinned replicas under an HPA, missing requests, :latest images, memory HPAs.
 */
export function generateWorkspace(objects: number, perFile: number, seed = 42): Map<string, string> {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const files = new Map<string, string>();
  const namespaces = ['shop', 'payments', 'search', 'platform'];
  for (const ns of namespaces) {
    files.set(
      `k8s/${ns}/namespace.yaml`,
      [
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}`,
        `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: ${ns}-quota\n  namespace: ${ns}\nspec:\n  hard:\n    requests.cpu: "400"\n    requests.memory: 800Gi\n    pods: "2000"`,
        `apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: ${ns}-defaults\n  namespace: ${ns}\nspec:\n  limits:\n    - type: Container\n      defaultRequest:\n        memory: 256Mi`,
      ].join('\n---\n') + '\n',
    );
  }
  let made = 12;
  let service = 0;
  let fileIndex = 0;
  while (made < objects) {
    const docs: string[] = [];
    while (docs.length < perFile && made < objects) {
      const ns = namespaces[service % namespaces.length];
      const name = `svc-${service}`;
      const pinned = random() < 0.2;
      const noRequest = random() < 0.1;
      const latest = random() < 0.1;
      const memory = random() < 0.15;
      docs.push(
        [
          `# ${name}: generated service ${service}`,
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          `  name: ${name}`,
          `  namespace: ${ns}`,
          'spec:',
          ...(pinned ? ['  replicas: 3 # pinned'] : []),
          '  selector:',
          '    matchLabels:',
          `      app: ${name}`,
          '  template:',
          '    metadata:',
          '      labels:',
          `        app: ${name}`,
          '    spec:',
          '      containers:',
          '        - name: app',
          `          image: registry.example.com/${name}:${latest ? 'latest' : `1.${service % 17}.${service % 5}`}`,
          '          ports:',
          '            - name: http',
          '              containerPort: 8080',
          '          readinessProbe:',
          '            httpGet:',
          '              path: /ready',
          '              port: http',
          '          livenessProbe:',
          '            httpGet:',
          '              path: /healthz',
          '              port: http',
          ...(noRequest
            ? []
            : [
                '          resources:',
                '            requests:',
                `              cpu: ${100 + (service % 4) * 50}m`,
                '              memory: 256Mi',
              ]),
        ].join('\n'),
        [
          'apiVersion: autoscaling/v2',
          'kind: HorizontalPodAutoscaler',
          'metadata:',
          `  name: ${name}`,
          `  namespace: ${ns}`,
          'spec:',
          '  scaleTargetRef:',
          '    apiVersion: apps/v1',
          '    kind: Deployment',
          `    name: ${name}`,
          `  minReplicas: ${2 + (service % 3)}`,
          `  maxReplicas: ${10 + (service % 20)}`,
          '  metrics:',
          '    - type: Resource',
          '      resource:',
          `        name: ${memory ? 'memory' : 'cpu'}`,
          '        target:',
          '          type: Utilization',
          '          averageUtilization: 70',
        ].join('\n'),
        [
          'apiVersion: v1',
          'kind: Service',
          'metadata:',
          `  name: ${name}`,
          `  namespace: ${ns}`,
          'spec:',
          '  selector:',
          `    app: ${name}`,
          '  ports:',
          '    - port: 80',
          '      targetPort: http',
        ].join('\n'),
        [
          'apiVersion: policy/v1',
          'kind: PodDisruptionBudget',
          'metadata:',
          `  name: ${name}`,
          `  namespace: ${ns}`,
          'spec:',
          '  maxUnavailable: 1',
          '  selector:',
          '    matchLabels:',
          `      app: ${name}`,
        ].join('\n'),
      );
      made += 4;
      service++;
    }
    files.set(
      `k8s/${namespaces[fileIndex % namespaces.length]}/services-${String(fileIndex).padStart(4, '0')}.yaml`,
      docs.join('\n---\n') + '\n',
    );
    fileIndex++;
  }
  return files;
}

export function countObjects(files: ReadonlyMap<string, string>): number {
  let n = 0;
  for (const text of files.values()) n += (text.match(/^kind: /gm) ?? []).length;
  return n;
}
