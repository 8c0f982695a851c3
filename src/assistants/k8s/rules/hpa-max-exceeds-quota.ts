import type { Fix } from '../../../core/finding';
import type { K8sRule } from '../rule';
import type { QuotaDemand, QuotaLine } from '../capacity';
import { oneOfEachName, podQuotaAmount, quotaDemand, quotaLines, rolloutSurge } from '../capacity';
import { replaceScalarEdit } from '../edits';
import { readHpa } from '../hpa';
import { formatQuantity } from '../quantity';
import { deref } from '../yaml-nodes';

/**
 * maxReplicas × what one pod charges (+ the rollout surge at that size) against the namespace's
 * ResourceQuota. Counts the HPA's target alone: other workloads of the namespace draw on the same quota,
 * so the real headroom is smaller — the finding is a lower bound and says so.
 */

interface Violation {
  line: QuotaLine;
  demand: QuotaDemand;
  perPod: number;
  need: number;
  /** Largest replica count (with its surge) that fits this line. */
  fits: number;
}

function amountText(resource: string, amount: number): string {
  if (resource === 'cpu') {
    const rounded = +amount.toFixed(3);
    return rounded < 1 ? `${Math.round(rounded * 1000)}m` : `${rounded} core${rounded === 1 ? '' : 's'}`;
  }
  return formatQuantity(resource, amount);
}

export const hpaMaxExceedsQuota: K8sRule = {
  id: 'hpa-max-exceeds-quota',
  assistant: 'k8s',
  title: "HorizontalPodAutoscaler's maxReplicas does not fit the namespace's ResourceQuota",
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Fit maxReplicas of {count} HPA(s) into the namespace quota',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Agree with the platform team whether to raise the quota or lower maxReplicas, and check that the nodes (or the cluster autoscaler) can hold the peak.',
    skills: ['Kubernetes', 'HPA', 'Capacity planning'],
  },
  docs: `
## Why it matters

A ResourceQuota caps what all pods of a namespace may request (\`requests.cpu\`, \`requests.memory\`, \`cpu\`,
\`memory\`), limit (\`limits.cpu\`, \`limits.memory\`) or count (\`pods\`, \`count/pods\`). When the HPA scales
towards \`maxReplicas\`, every pod past the quota is refused at admission: the ReplicaSet records
\`FailedCreate … exceeded quota\`, the HPA keeps asking, and the workload stays stuck below the size the load
needs — exactly at the peak the HPA exists for. A rollout during the peak needs room for its surge pods too
(\`maxSurge\`, 25% rounded up by default for a Deployment); without it the rollout stalls.

The check multiplies \`maxReplicas\` (plus the surge at that size) by what one pod charges: the sum over its
containers and sidecars — or an init container's peak, if larger — with requests defaulted from limits and
from the namespace's LimitRange, as the API server does. It counts **this workload alone**: the other pods
of the namespace draw on the same quota, so the real headroom is smaller. Quotas with \`scopes\` or a
\`scopeSelector\` are not considered (whether they apply depends on the pod).

## How to fix it

Either raise the quota (talk to whoever owns the namespace budget) or lower \`maxReplicas\` to what fits.
The quick fix lowers \`maxReplicas\` to the largest count that fits with its rollout surge, keeping the line's
comment; it is offered only while that stays above \`minReplicas\`.

## When to ignore it

When the quota is meant as the hard stop and the HPA's \`maxReplicas\` is only a formality — but then lower
\`maxReplicas\` anyway, so the HPA's status tells the truth.
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    const namesIn = new Map<string, number>();
    const workloadCount = (namespace: string) => {
      let n = namesIn.get(namespace);
      if (n === undefined) {
        n = graph.distinctWorkloadsIn(namespace);
        namesIn.set(namespace, n);
      }
      return n;
    };
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa?.maxPair) continue;
      const { minReplicas: min, maxReplicas: max } = hpa;
      if (max === undefined || !Number.isInteger(max) || max < 1 || !Number.isInteger(min) || min > max) continue;
      // The copy of the target nearest the HPA (a workspace may hold one per environment folder).
      const found = graph.targetOf(hpa);
      const copies = found ? graph.workloadCopies(found.object.kind, found.object.namespace, found.object.name) : [];
      const nearest = oneOfEachName(
        copies.map((w) => w.object),
        object.file,
      )[0];
      const workload = copies.find((w) => w.object === nearest) ?? found;
      if (!workload?.template) continue;
      const lines = quotaLines(graph, workload.object.namespace, object.file);
      if (lines.length === 0) continue;
      const surge = rolloutSurge(workload);
      const surgeAt = (n: number) => surge?.pods(n) ?? 0;

      const violations: Violation[] = [];
      for (const line of lines) {
        const demand = quotaDemand(line.key);
        if (!demand) continue;
        const perPod = demand.kind === 'pods' ? 1 : podQuotaAmount(workload, demand.resource, demand.kind, graph);
        if (perPod === undefined || perPod <= 0) continue;
        const needAt = (n: number) => (n + surgeAt(n)) * perPod;
        // A relative epsilon: 40 × 0.1 must not "exceed" 4 through floating-point noise.
        const over = (n: number) => needAt(n) > line.amount * (1 + 1e-9);
        if (!over(max)) continue;
        // need(n) grows with n, so binary search: maxReplicas may be anything up to 2^31 - 1.
        let fits = 0;
        let high = max - 1;
        while (fits < high) {
          const mid = Math.ceil((fits + high) / 2);
          if (over(mid)) high = mid - 1;
          else fits = mid;
        }
        violations.push({ line, demand, perPod, need: needAt(max), fits });
      }
      if (violations.length === 0) continue;
      const range = rangeOf(object, hpa.maxPair);
      if (!range) continue;

      const surgePods = surgeAt(max);
      const surgeSource = surge ? surge.text : 'maxSurge unreadable, not counted';
      const arithmetic = violations.map(({ line, demand, perPod, need }) => {
        const quota = `quota ${line.key} ${line.raw}`;
        if (demand.kind === 'pods') {
          return surgePods > 0
            ? `${max} pods + surge ${surgePods} = ${max + surgePods} pods > ${quota}`
            : `${max} pods > ${quota}`;
        }
        const each = amountText(demand.resource, perPod);
        const sum = amountText(demand.resource, need);
        return surgePods > 0
          ? `${max} × ${each} + surge ${surgePods} × ${each} = ${sum} > ${quota}`
          : `${max} × ${each} = ${sum} > ${quota}`;
      });
      const fits = Math.min(...violations.map((v) => v.fits));
      const quotas = [...new Set(violations.map((v) => v.line.quota.name))].map((n) => `ResourceQuota ${n}`).join(', ');
      const target = `${workload.object.kind} ${workload.object.name}`;
      // Other workloads of the namespace (distinct names: copies in several folders are one workload).
      const others = workloadCount(workload.object.namespace) - 1;

      const fixes: Fix[] = [];
      // Only while the HPA keeps room to scale: lowering maxReplicas to minReplicas would pin it (hpa-min-equals-max).
      if (fits > min && fits >= 1) {
        const edit = replaceScalarEdit(
          manifest.file,
          manifest.lines,
          deref(hpa.maxPair.value, object.doc),
          String(fits),
        );
        if (edit)
          fixes.push({
            title: `Lower maxReplicas to ${fits} (what ${quotas} fits, with the rollout surge, counting ${target} alone)`,
            edits: [edit],
          });
      }
      const fitText =
        fits > min
          ? `Lower maxReplicas to ${fits} or raise the quota.`
          : `Only ${fits} pod${fits === 1 ? '' : 's'} (with the rollout surge) fit, not more than minReplicas ${min}: raise the quota or shrink the pods' requests.`;
      report({
        range,
        message:
          `HorizontalPodAutoscaler ${object.name} cannot reach maxReplicas ${max} within ${quotas} in namespace ${workload.object.namespace}: ` +
          `${arithmetic.join('; ')} (rollout surge: ${surgeSource}). At the peak the quota refuses new pods (FailedCreate: exceeded quota) ` +
          `and ${target} stays below the size the load needs. This counts ${target} alone` +
          `${others > 0 ? ` (${others} other workload${others === 1 ? ' draws' : 's draw'} on the same quota)` : ''}, so it is a lower bound. ${fitText}`,
        related: violations.flatMap(
          (v) =>
            relatedAt(v.line.quota, v.line.pair, `ResourceQuota ${v.line.quota.name}: ${v.line.key} ${v.line.raw}`) ??
            [],
        ),
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
};
