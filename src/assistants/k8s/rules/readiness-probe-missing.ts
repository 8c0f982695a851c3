import type { Fix, RelatedInformation } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import { insertPairEdit } from '../edits';
import type { Container } from '../workload';
import { SCALABLE_KINDS, readWorkload } from '../workload';
import { pairAt } from '../yaml-nodes';

/**
 * An app container of a workload that a Service sends traffic to, or that an HPA scales, with no
 * readinessProbe. Without one, the kubelet reports the container ready as soon as it has started, so
 * Services route to pods that cannot serve yet and rollouts remove old pods before the new ones work.
 *
 * Which containers: every container of `containers` that declares ports, or the only container of the
 * pod (ports are informational: a lone container may listen without declaring them). A container without
 * ports beside others (a log shipper, a proxy's config reloader) serves no traffic of its own: no finding.
 * Init containers never serve; restartable (sidecar) init containers are helpers: not checked.
 */
export const readinessProbeMissing: K8sRule = {
  id: 'readiness-probe-missing',
  assistant: 'k8s',
  title: 'Container of a Service or HPA target has no readinessProbe',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Add readiness probes to {count} container(s)',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation:
      "Probe a cheap endpoint that says the process can serve (not its dependencies' health); roll out with maxUnavailable: 0 so a failing probe stops the rollout.",
    skills: ['Kubernetes', 'Probes', 'Backend'],
  },
  docs: `
## Why it matters

Without a \`readinessProbe\`, the kubelet marks a container ready the moment it has started. For a
workload a Service selects, that means new pods join the Service's endpoints before the application has
opened its port, warmed its caches or connected to its database: every scale-up — exactly when load is
rising — and every rollout sends requests to pods that answer with connection errors or 5xx.

For a workload a HorizontalPodAutoscaler scales, readiness also gates the rollout: the Deployment counts a
pod as available once it is ready, so without a probe old pods are removed before the new ones have shown
they work, and a release that cannot serve replaces every replica.

If the container has a \`startupProbe\`, new pods are held back until it first succeeds, so start-up is
covered; the finding is then informational: nothing takes a pod out of rotation later, when it is
overloaded or has lost a dependency.

Checked: every container that declares \`ports\`, or the pod's only container. A container without ports
beside others (a log shipper, a config reloader) receives no traffic and is not checked; neither are init
containers or restartable (sidecar) init containers.

## How to fix it

Add a \`readinessProbe\` that succeeds only when the application can serve — typically an HTTP endpoint
such as \`/ready\` that checks what a request needs. The quick fix adds a TCP probe on the container's
declared port: it proves the server accepts connections, which already stops traffic to pods that are
still starting; an HTTP readiness endpoint is better.

## When to ignore it

When the workload serves no traffic through the Service (a headless Service used only for DNS) and the
rollout gating does not matter to you. Suppress the finding on that container.
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const workload = readWorkload(object);
      const template = workload?.template;
      if (!workload || !template) continue;
      const hpas = SCALABLE_KINDS.has(object.kind) ? graph.hpasFor(workload) : [];
      const services = graph.servicesFor(workload);
      if (hpas.length === 0 && services.length === 0) continue;

      const servingContainers = template.containers.filter(
        (c) => c.ports.length > 0 || template.containers.length === 1,
      );
      for (const container of servingContainers) {
        if (container.readinessProbe || !container.namePair) continue;
        const range = rangeOf(object, container.namePair);
        if (!range) continue;

        const service = services.find((s) => s.file === object.file) ?? services[0];
        const hpa = hpas.find((h) => h.object.file === object.file) ?? hpas[0];
        const who = `${object.kind} ${object.name}`;
        const drivers = [
          service && `Service ${service.name} sends it traffic`,
          hpa && `HorizontalPodAutoscaler ${hpa.object.name} scales it`,
        ]
          .filter(Boolean)
          .join(' and ');
        const consequence = container.startupProbe
          ? service
            ? 'its startupProbe holds new pods back until it first succeeds, but after that nothing takes a pod out of rotation when it is overloaded or loses a dependency: it keeps receiving requests it cannot answer.'
            : 'its startupProbe holds new pods back until it first succeeds, but after that nothing marks a pod that has stopped working as unavailable.'
          : service
            ? 'a pod counts as ready the moment its containers start, so every scale-up and rollout sends requests to pods that are still starting (connection errors and 5xx exactly when load rises).'
            : 'a pod counts as ready the moment its containers start, so a rollout removes old pods before the new ones have shown they work, and a release that cannot serve replaces every replica.';

        const related: RelatedInformation[] = [
          ...(service
            ? (relatedAt(
                service,
                pairAt(service.root, ['spec', 'selector'], service.doc),
                `Service ${service.name} selects the pods of ${who}`,
              ) ?? [])
            : []),
          ...(hpa
            ? (relatedAt(hpa.object, hpa.target.pair, `HorizontalPodAutoscaler ${hpa.object.name} scales ${who}`) ?? [])
            : []),
        ];

        const fix = tcpProbeFix(container, manifest.file, manifest.lines);
        report({
          severity: container.startupProbe ? 'info' : undefined,
          range,
          message:
            `Container ${container.name} of ${who} has no readinessProbe, while ${drivers}: ${consequence} ` +
            `Add a readinessProbe that succeeds only when the app can serve.`,
          related: related.length > 0 ? related : undefined,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
};

/** A TCP readiness probe on the container's only declared port; nothing when the port is ambiguous. */
function tcpProbeFix(container: Container, file: string, lines: LineIndex): Fix | undefined {
  // JSON: a block-YAML insertion would break the file; no fix there.
  if (container.ports.length !== 1 || /\.json$/i.test(file)) return undefined;
  const [port] = container.ports;
  const target = port.name ?? port.containerPort;
  if (target === undefined) return undefined;
  const edit = insertPairEdit(file, lines, container.node, 'readinessProbe', {
    tcpSocket: { port: target },
    periodSeconds: 5,
  });
  if (!edit) return undefined;
  return {
    title: `Add a TCP readinessProbe on port ${target} (review: an HTTP endpoint that reports readiness is better)`,
    detail:
      'A TCP probe only checks that the port accepts connections. That stops traffic to pods that are still starting; ' +
      'an HTTP readiness endpoint that checks what a request needs also takes overloaded pods out of rotation.',
    edits: [edit],
  };
}
