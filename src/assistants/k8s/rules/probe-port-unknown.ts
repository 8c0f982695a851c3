import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { Fix, TextEdit } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import { replaceNodeEdit, replaceScalarEdit } from '../edits';
import type { Probe } from '../probes';
import { PROBE_KEYS, containerProbe } from '../probes';
import type { Container } from '../workload';
import { readWorkload } from '../workload';
import { deref } from '../yaml-nodes';

/**
 * A probe whose `port` is a name the container does not declare (or a form the API rejects).
 *
 * What the kubelet really does with an unknown name (pkg/kubelet/prober): resolving the port fails, the
 * probe "errored and resulted in unknown state", and the worker throws the result away. The probe's
 * state therefore stays at its initial value for ever: readiness starts as Failure (the pod is never
 * ready), startup starts as Unknown (the container never counts as started, so it is never ready either),
 * liveness starts as Success (it never fails: a hung container is never restarted).
 */
export const probePortUnknown: K8sRule = {
  id: 'probe-port-unknown',
  assistant: 'k8s',
  title: 'Probe names a port the container does not declare',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Point {count} probe(s) at ports the container declares',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Roll out with maxUnavailable: 0, so a probe that still fails stops the rollout instead of taking pods out of service.',
    skills: ['Kubernetes', 'Probes'],
  },
  docs: `
## Why it matters

A probe's \`port\` may be a number or the \`name\` of one of the container's own \`ports\`. The kubelet
looks the name up in that container only (not in the other containers of the pod). When it is not
there, every probe run errors ("probe errored and resulted in unknown state: strconv.Atoi: parsing
…") and the result is discarded, so the probe keeps its initial state for ever:

- \`readinessProbe\`: the pod never becomes ready. No Service sends it traffic, a rollout stalls on its
  first new pod until the progress deadline, and an HPA scale-up adds pods that never serve (error).
- \`startupProbe\`: the container never counts as started, so it never becomes ready (error).
- \`livenessProbe\`: the probe never fails, so a hung container is never restarted — the safety net you
  configured does nothing (warning).

\`grpc.port\` must be a number (the API rejects a name), and a quoted number (\`port: "8080"\`) is read
as a port name, which must contain a letter: the API server rejects both on apply (error).

Numeric ports need not be declared (a container may listen on ports it does not list): no finding.

## How to fix it

Name the port in the container's \`ports\` (\`- name: http\` beside \`containerPort\`), or use the number.
When the container declares exactly one port, the quick fix points the probe at it.

## When to ignore it

Never: the probe cannot work as written.
`,
  check({ manifest, report, rangeOf }) {
    for (const object of manifest.objects) {
      const template = readWorkload(object)?.template;
      if (!template) continue;
      // Regular init containers cannot have these probes (the API rejects them); sidecars can.
      for (const container of [...template.containers, ...template.sidecars]) {
        for (const key of PROBE_KEYS) {
          const probe = containerProbe(container, key, object.doc);
          const portPair = probe?.portPair;
          if (!probe || !portPair) continue;
          const node = deref(portPair.value, object.doc);
          if (!isScalar(node) || typeof node.value !== 'string') continue; // numbers need no declaration
          const name = node.value;
          if (/[${}]/.test(name)) continue; // a template variable rendered elsewhere
          const range = rangeOf(object, portPair);
          if (!range) continue;
          const field = `${key}.${probe.handlerType}.port`;
          const problem = describeProblem(probe, name, container, template.containers.concat(template.sidecars));
          if (!problem) continue;
          const fix = portFix(problem.replacement, node, manifest.file, manifest.lines, field);
          report({
            severity: problem.severity,
            range,
            message: `Container ${container.name} of ${object.kind} ${object.name}: ${field} ${problem.message}`,
            fixes: fix ? [fix] : undefined,
          });
        }
      }
    }
  },
};

interface Problem {
  message: string;
  severity: 'error' | 'warning';
  replacement?: string | number;
}

function describeProblem(probe: Probe, name: string, container: Container, all: Container[]): Problem | undefined {
  const declared = container.ports.find((p) => p.name === name);
  const only = container.ports.length === 1 ? container.ports[0] : undefined;
  if (probe.handlerType === 'grpc') {
    const number = /^\d+$/.test(name) ? Number(name) : (declared?.containerPort ?? only?.containerPort);
    return {
      severity: 'error',
      message: `is "${name}", but a gRPC probe's port must be a number (the API server rejects a name or a quoted number on apply).`,
      replacement: number,
    };
  }
  if (/^\d+$/.test(name)) {
    return {
      severity: 'error',
      message:
        `is the quoted string "${name}": Kubernetes reads a string as a port name, and a port name must contain a letter, ` +
        'so the API server rejects the manifest on apply. Write the number without quotes.',
      replacement: Number(name),
    };
  }
  if (declared) return undefined;
  const elsewhere = all.find((c) => c !== container && c.ports.some((p) => p.name === name));
  const consequence =
    probe.key === 'readinessProbe'
      ? 'the pod never becomes ready: no Service sends it traffic, a rollout stalls on its first new pod and HPA scale-ups add pods that never serve.'
      : probe.key === 'startupProbe'
        ? 'the container never counts as started: it never becomes ready and its other probes never run.'
        : 'the liveness probe never fails: a hung container is never restarted.';
  return {
    severity: probe.key === 'livenessProbe' ? 'warning' : 'error',
    message:
      `names port "${name}", but the container declares ${describePorts(container)}` +
      `${elsewhere ? ` (container ${elsewhere.name} declares "${name}", but a probe resolves names among its own container's ports only)` : ''}. ` +
      `Every probe run errors and the kubelet discards the result, so ${consequence}`,
    replacement: only ? (only.name ?? only.containerPort) : undefined,
  };
}

function describePorts(container: Container): string {
  if (container.ports.length === 0) return 'no ports';
  const list = container.ports.map((p) =>
    p.name ? `${p.name} (${p.containerPort ?? '?'})` : `${p.containerPort ?? '?'} (unnamed)`,
  );
  return `${container.ports.length === 1 ? 'only port' : 'ports'} ${list.join(', ')}`;
}

// Words a YAML 1.1 reader (the one kubectl uses) would not read as a string.
const YAML11_SPECIAL = /^(?:y|yes|n|no|on|off|true|false|null|~)$/i;

function portFix(
  replacement: string | number | undefined,
  node: Node,
  file: string,
  lines: LineIndex,
  field: string,
): Fix | undefined {
  if (replacement === undefined) return undefined;
  let edit: TextEdit | undefined;
  if (typeof replacement === 'number') {
    // A number replaces the quotes too: quoted, it would be a port name again.
    edit = replaceNodeEdit(file, lines, node, String(replacement));
  } else {
    const quoted = /^["']/.test(lines.text.slice(node.range?.[0] ?? 0));
    edit =
      !quoted && YAML11_SPECIAL.test(replacement)
        ? replaceNodeEdit(file, lines, node, `"${replacement}"`)
        : replaceScalarEdit(file, lines, node, replacement);
  }
  if (!edit) return undefined;
  return {
    title:
      typeof replacement === 'number'
        ? `Use port number ${replacement} in ${field}`
        : `Use the container's declared port "${replacement}" in ${field}`,
    isPreferred: true,
    edits: [edit],
  };
}
