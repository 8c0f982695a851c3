import type { K8sRule } from '../rule';
import { autoscaledWorkload, readAutoscaler } from '../autoscalers';
import { plural } from '../availability';
import { formatMoney, peakCaveats, peakCost, pricesText, workloadCost } from '../cost';
import { describe } from '../workload';
import { pairAt } from '../yaml-nodes';

/**
 * The readiness assessment states a monthly infrastructure budget, and the workspace's workloads at peak (every
 * autoscaled one at its maxReplicas, the rest at their replicas) request more than it buys at the configured
 * prices. Reported as information on every maxReplicas, each a lever on the peak, with that workload's share.
 */
export const hpaPeakOverBudget: K8sRule = {
  id: 'hpa-peak-over-budget',
  assistant: 'k8s',
  title: "The workloads' requests at peak cost more than the assessment's monthly budget",
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Bring the peak of {count} autoscaled workload(s) within the monthly budget',
    baseHours: 4,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation:
      'Right-size requests from observed usage before lowering maxReplicas, and load-test the new maximum: a lower ceiling must still carry the target peak.',
    skills: ['Kubernetes', 'Capacity planning', 'Cost'],
    after: ['workload-without-requests', 'hpa-utilization-without-requests'],
  },
  docs: `
## Why it matters

An autoscaler's \`maxReplicas\` is a promise to pay for that many pods when load demands it. When the readiness
assessment states a monthly infrastructure budget (\`constraints.monthlyInfrastructureBudget\` in
\`.scaling-assistant/assessment.json\`), the HPA reviewer adds up what the workloads request at peak — every
autoscaled workload at its \`maxReplicas\`, every other one at \`spec.replicas\` — and prices it: CPU and memory
requests × the prices per hour of \`scalingAssistant.k8s.prices\` × 730 hours a month. If that exceeds the budget,
the peak the autoscalers allow is one the budget cannot pay for, and the first traffic spike turns into a bill
nobody planned (or, with a cluster autoscaler capped by the budget, pods that stay pending).

It is an **estimate**: requests are what nodes must hold free and what per-pod pricing (Fargate, Autopilot)
bills; node overhead, bin-packing waste, storage and traffic come on top, and the default prices are examples
from a public price list (the message says which). Each copy of a workload is counted once (base and overlay
folders may hold one each); DaemonSets (one pod per node) and workloads without requests are not counted, and the
hover on an HPA says how many.

## How to fix it

Right-size requests from observed usage first (they multiply by every replica), then lower \`maxReplicas\` where
the peak is more than the load needs, or raise the budget in the assessment if the peak is what the business
expects. The HPA hover shows each workload's cost at \`minReplicas\` and \`maxReplicas\` and its namespace's peak.

## When to ignore it

When the workspace holds several environments in different namespaces (staging and production are summed), or
when the prices are not yours: set \`scalingAssistant.k8s.prices\` to what your nodes cost per vCPU and GiB.
`,
  check({ manifest, graph, settings, budget, report, rangeOf, relatedAt }) {
    // The peak sums the whole workspace: only once it is read, and only against a budget the assessment states.
    if (!budget || !graph.complete) return;
    const { prices } = settings;
    const money = (n: number) => formatMoney(n, prices.currency);
    let peak: ReturnType<typeof peakCost> | undefined;
    for (const object of manifest.objects) {
      const autoscaler = readAutoscaler(object);
      const maxPair =
        pairAt(object.root, ['spec', 'maxReplicas'], object.doc) ??
        pairAt(object.root, ['spec', 'maxReplicaCount'], object.doc);
      if (!autoscaler || !maxPair) continue;
      const workload = autoscaledWorkload(graph, autoscaler);
      const cost = workload && workloadCost(graph, workload, prices);
      if (!workload || !cost || cost.pod.missing.length === 2) continue;
      peak ??= peakCost(graph, prices, undefined, manifest.file);
      if (peak.monthly <= budget.monthly) return;
      const range = rangeOf(object, maxPair);
      if (!range) continue;
      const share = peak.monthly > 0 ? Math.round((cost.atMax / peak.monthly) * 100) : 0;
      report({
        range,
        message:
          `At peak — every autoscaled workload at its maxReplicas, the others at their replicas — the requests of ${plural(peak.counted, 'workload')} ` +
          `(${plural(peak.namespaces.length, 'namespace')}${peakCaveats(peak)}) cost about ${money(peak.monthly)} a month, over the ${money(budget.monthly)} ` +
          `monthly infrastructure budget of the readiness assessment. ${describe(workload.object)} at maxReplicas ${cost.range.max} ` +
          `is ${money(cost.atMax)} of it (${share}%; ${money(cost.atMin)} at minReplicas ${cost.range.min}). ` +
          `Estimate from requests × ${pricesText(prices)}; node overhead is not included.`,
        related: [
          ...(budget.range
            ? [{ file: budget.file, range: budget.range, message: 'the monthly infrastructure budget' }]
            : []),
          ...(relatedAt(
            workload.object,
            pairAt(workload.object.root, ['metadata', 'name'], workload.object.doc),
            `${describe(workload.object)}: the pods whose requests are priced`,
          ) ?? []),
        ],
      });
    }
  },
};
