import type { K8sRule } from '../rule';
import { readHpa } from '../hpa';
import { deref, findPair, scalarText } from '../yaml-nodes';

/**
 * Scaling on memory (Utilization or AverageValue) for a typical service: memory rises with load but does
 * not fall when the load does (JVM heaps, Node's V8 heap, Go's GC target, caches and pools keep what they
 * grew to), so the HPA's ratio stays above target and the extra pods are never removed.
 */
export const hpaMemoryUtilization: K8sRule = {
  id: 'hpa-memory-utilization',
  assistant: 'k8s',
  title: 'HPA scales on memory, which usually cannot scale back down',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Scale {count} HPA(s) on CPU or request rate instead of memory',
    baseHours: 4,
    hoursPerPlace: 2,
    risk: 'medium',
    mitigation:
      'Run the new metric beside the memory one and compare the replica counts it would choose for a week of real traffic; load-test the new target before removing the memory metric.',
    skills: ['Kubernetes', 'HPA', 'Load testing'],
    after: ['hpa-utilization-without-requests'],
    earliestPhase: 'core-infrastructure',
  },
  docs: `
## Why it matters

The HPA removes pods only when the metric falls below target (outside the 10% tolerance) for the whole
scale-down window. Most runtimes keep the memory they grew to after load falls: the JVM rarely returns
heap to the OS, Node's V8 heap and Go (with its GOGC target) grow to what they needed, caches and connection
pools stay full. Memory per pod therefore stays near its peak, usage ÷ request stays above target, and the
replicas added during a peak stay for good. With several metrics the HPA takes the **largest** proposal,
so a memory metric that stays high vetoes every scale-down that CPU would allow. The result is a workload
that ratchets up to \`maxReplicas\` over a few peaks and stays there: paying for idle pods, and eating the
namespace's quota that other workloads need.

Adding pods also does not lower per-pod memory for most services (each pod holds its own heap and caches), so
the HPA may scale out without relieving anything.

## How to fix it

Scale on what tracks load and falls with it: CPU utilisation, or a request-rate / queue-length metric
(\`Pods\` or \`External\`, through a metrics adapter). Size memory with requests and limits (and a
VerticalPodAutoscaler in recommendation mode if you need help choosing them), not with replica count.

## When to ignore it

When the workload's memory really follows its load and is released when the load goes (for example a
service that holds per-request buffers only, with a runtime tuned to return memory), and you have watched
it scale down in a load test.
`,
  check({ manifest, report, rangeOf }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const others = hpa.metrics.filter(
        (m) => !(m.resourceName === 'memory' && (m.type === 'Resource' || m.type === 'ContainerResource')),
      );
      for (const metric of hpa.metrics) {
        if (metric.type !== 'Resource' && metric.type !== 'ContainerResource') continue;
        if (metric.resourceName !== 'memory') continue;
        if (metric.targetType !== 'Utilization' && metric.targetType !== 'AverageValue') continue;
        const range = rangeOf(object, findPair(metric.block, 'name') ?? metric.anchor);
        if (!range) continue;
        const perPod = scalarText(deref(metric.averageValuePair?.value, object.doc));
        const target =
          metric.targetType === 'Utilization' && metric.averageUtilization !== undefined
            ? `${metric.averageUtilization}% memory utilisation`
            : perPod
              ? `memory (${perPod} per pod)`
              : 'memory';
        const max = hpa.maxReplicas !== undefined ? ` up to maxReplicas ${hpa.maxReplicas}` : '';
        const also =
          others.length > 0
            ? ` With several metrics the largest proposal wins, so this metric vetoes the scale-down the others would allow.`
            : '';
        report({
          range,
          message:
            `HorizontalPodAutoscaler ${object.name} scales on ${target}${metric.container ? ` of container ${metric.container}` : ''}. ` +
            `Most runtimes (JVM, Node, Go with GOGC) keep memory after load falls, so usage stays above target and the ` +
            `HPA keeps the extra replicas${max}: you pay for idle pods after every peak.${also} ` +
            `Scale on CPU or a request-rate metric instead, and size memory with requests and limits.`,
        });
      }
    }
  },
};
