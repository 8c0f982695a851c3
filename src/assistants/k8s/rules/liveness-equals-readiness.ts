import { isAlias } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Fix, TextEdit } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import { insertPairEdit, replaceNodeEdit } from '../edits';
import { containerProbe, failureWindow } from '../probes';
import type { Probe } from '../probes';
import { readWorkload } from '../workload';
import { deref, findPair } from '../yaml-nodes';

/**
 * Liveness and readiness probes that check the same thing with the same patience.
 *
 * "The same": the same handler and target (httpGet path/port/host/scheme/headers, tcpSocket port, grpc
 * port/service, exec command), defaults filled in. "The same patience": the liveness probe gives up no
 * later than the readiness probe — its failure window (failureThreshold × periodSeconds) is not longer
 * and its timeout not longer. The Kubernetes documentation recommends exactly the other case ("use the
 * same low-cost HTTP endpoint as for readiness probes, but with a higher failureThreshold"), so a liveness
 * probe that is more patient than the readiness probe is treated as deliberate and not reported.
 */
export const livenessEqualsReadiness: K8sRule = {
  id: 'liveness-equals-readiness',
  assistant: 'k8s',
  title: 'Liveness probe is the same check as the readiness probe, with no more patience',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Give {count} liveness probe(s) their own, more patient check',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Keep liveness a cheap in-process check with a higher failureThreshold than readiness; watch restart counts after the rollout.',
    skills: ['Kubernetes', 'Probes'],
  },
  docs: `
## Why it matters

A readiness probe that fails takes the pod out of the Service until it recovers; a liveness probe that
fails restarts the container. When both probes make the same check and give up at the same moment, a
slowdown — a database that answers slowly, a burst of load that delays the health endpoint past its
timeout — fails both at once on every replica. Instead of shedding traffic and recovering, every pod is
restarted together: cold caches, lost connections, a crash loop across the whole workload turned out of
a slowdown that would have passed.

Reported when the two probes use the same handler and target (path, port, host, scheme and headers; TCP
port; gRPC port and service; exec command — defaults filled in), and the liveness probe's failure window
(\`failureThreshold × periodSeconds\`) and \`timeoutSeconds\` are no longer than the readiness probe's.
\`initialDelaySeconds\` does not count: it only delays the first check.

## How to fix it

Best: give liveness its own endpoint that checks only the process itself (not its dependencies), and
keep dependency checks in readiness. At least make liveness more patient, as the Kubernetes
documentation suggests: the same low-cost endpoint with a higher \`failureThreshold\`, so the pod is
observed not-ready for a while before it is restarted. The quick fix sets liveness's \`failureThreshold\`
so that its failure window is twice the readiness probe's.

## When to ignore it

When the endpoint is trivially cheap, checks no dependency and cannot be slowed by load (a static
response served by a separate thread). Even then, a more patient liveness probe costs nothing.
`,
  check({ manifest, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const template = readWorkload(object)?.template;
      if (!template) continue;
      for (const container of [...template.containers, ...template.sidecars]) {
        const liveness = containerProbe(container, 'livenessProbe', object.doc);
        const readiness = containerProbe(container, 'readinessProbe', object.doc);
        if (!liveness?.signature || !readiness?.signature || liveness.signature !== readiness.signature) continue;
        if (!liveness.timing || !readiness.timing) continue;
        const lWindow = failureWindow(liveness.timing);
        const rWindow = failureWindow(readiness.timing);
        if (lWindow > rWindow || liveness.timing.timeoutSeconds > readiness.timing.timeoutSeconds) continue;
        const range = rangeOf(object, liveness.pair);
        if (!range) continue;
        const what = describeCheck(liveness);
        const when =
          lWindow === rWindow
            ? `both give up after ${rWindow} s of failures`
            : `liveness gives up after ${lWindow} s of failures, before readiness (${rWindow} s)`;
        const fix = patienceFix(liveness, readiness, manifest.file, manifest.lines, object.doc);
        report({
          range,
          message:
            `Container ${container.name} of ${object.kind} ${object.name}: the livenessProbe makes the same check as the readinessProbe ` +
            `(${what}) and ${when}. When a dependency slows down or load delays the endpoint, every replica is restarted ` +
            `at the moment it should only have left the Service: a slowdown becomes a crash loop across all pods. ` +
            `Give liveness its own endpoint that checks only the process, or at least a longer failure window.`,
          related: relatedAt(object, readiness.pair, `the readinessProbe of container ${container.name}`),
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
};

function describeCheck(probe: Probe): string {
  const signature = JSON.parse(probe.signature ?? '{}') as Record<string, unknown>;
  switch (probe.handlerType) {
    case 'httpGet':
      return `HTTP GET ${String(signature.path)} on port ${String(signature.port)}`;
    case 'tcpSocket':
      return `TCP connect to port ${String(signature.port)}`;
    case 'grpc':
      return `gRPC health check on port ${String(signature.port)}`;
    default:
      return `exec ${(signature.command as string[] | undefined)?.join(' ') ?? ''}`.trim();
  }
}

/**
 * Sets liveness's failureThreshold so that its failure window is twice the readiness probe's. Not
 * offered when either probe is (or is reached through) a YAML alias: editing the shared node would change
 * the readiness probe too.
 */
function patienceFix(
  liveness: Probe,
  readiness: Probe,
  file: string,
  lines: LineIndex,
  doc: Document.Parsed,
): Fix | undefined {
  if (!liveness.map || !liveness.timing || !readiness.timing) return undefined;
  if (
    isAlias(liveness.pair.value) ||
    isAlias(readiness.pair.value) ||
    deref(readiness.pair.value, doc) === liveness.map
  )
    return undefined;
  const threshold = Math.ceil((2 * failureWindow(readiness.timing)) / liveness.timing.periodSeconds);
  const window = threshold * liveness.timing.periodSeconds;
  const existing = findPair(liveness.map, 'failureThreshold');
  let edit: TextEdit | undefined;
  if (existing) {
    const node = existing.value as Node | null;
    if (!node?.range || isAlias(existing.value)) return undefined;
    edit = replaceNodeEdit(file, lines, node, String(threshold));
  } else if (!/\.json$/i.test(file)) {
    // (JSON would need a quoted key: no insertion there.)
    edit = insertPairEdit(file, lines, liveness.map, 'failureThreshold', threshold);
  }
  if (!edit) return undefined;
  return {
    title: `Set livenessProbe.failureThreshold to ${threshold} (restart after ${window} s of failures; readiness takes the pod out after ${failureWindow(readiness.timing)} s)`,
    detail: 'A separate liveness endpoint that checks only the process (not its dependencies) is better still.',
    isPreferred: true,
    edits: [edit],
  };
}
