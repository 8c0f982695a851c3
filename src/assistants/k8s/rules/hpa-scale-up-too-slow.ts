import type { K8sRule } from '../rule';
import { readHpa } from '../hpa';
import type { AnyPair } from '../yaml-nodes';
import { effectiveBehavior, formatDuration, formatTrajectory, simulate } from '../simulate';

/**
 * A spike that needs every pod maxReplicas allows, replayed through the HPA controller's arithmetic
 * (simulate.ts): if the HPA needs longer than SLOW_SECONDS to get there from minReplicas, or does not
 * react at all for longer than LATE_SECONDS (a long scale-up stabilisation window), the spike is served
 * by too few pods for that long.
 *
 * Thresholds: 5 minutes to full size. Real spikes (a campaign e-mail, a retry storm, a failover from
 * another region) arrive within a minute; new pods add their own 30–60 s of scheduling, image pull and
 * readiness on top of the HPA's decisions; past about five minutes of overload, timeouts and client retries
 * amplify the load faster than the HPA adds pods. 120 s before the first reaction: a scale-up window longer
 * than two minutes means the HPA waits out the entire first wave of a spike before it does anything.
 */
export const SLOW_SECONDS = 300;
export const LATE_SECONDS = 120;

export const hpaScaleUpTooSlow: K8sRule = {
  id: 'hpa-scale-up-too-slow',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler scales up too slowly to follow a traffic spike',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Let {count} HPA(s) scale up fast enough for a traffic spike',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation:
      'Load-test a spike in staging first: faster scale-up must not outrun the database connections or the quota; cap it with maxReplicas.',
    skills: ['Kubernetes', 'HPA', 'Load testing'],
    after: ['readiness-probe-missing', 'hpa-utilization-without-requests'],
  },
  docs: `
## Why it matters

\`behavior.scaleUp\` limits how fast the HPA may add pods: policies (\`Pods\` or \`Percent\` per period) and a
stabilisation window during which it keeps acting on the *lowest* recent recommendation. Tight limits look
prudent, but under a spike every minute the HPA spends below the needed size is a minute of overload for the
pods that are running: latency climbs, requests time out, clients retry and add load.

This rule replays a spike that needs all \`maxReplicas\` pods, starting from \`minReplicas\`, through the HPA
controller's own rules (15 s syncs, policy periods, stabilisation window, \`selectPolicy\`) and reports when

- reaching \`maxReplicas\` takes longer than **5 minutes**, or
- the first pod is added only after more than **2 minutes** (a long scale-up stabilisation window).

The message shows the simulated trajectory — for a single \`Pods 1 per 15 s\` policy from 3 to 50 pods:
\`3 → 4 → 5 → 6 → … → 50 pods in 11.8 min\`. It is a model of the controller's arithmetic, not a measurement:
pod start-up time comes on top.

## How to fix it

Let scale-up take bigger steps: a \`Percent\` policy (\`value: 100, periodSeconds: 15\` doubles every sync, the
default) next to a \`Pods\` policy, with \`selectPolicy: Max\`; keep \`scaleUp.stabilizationWindowSeconds\` at
0–60 s. Slow the *scale-down* instead if the worry is flapping. No quick fix is offered: the right ramp
depends on how fast the application and its dependencies (database connections!) can take new pods.

## When to ignore it

When a slow ramp is deliberate — pods that warm caches or hold scarce connections, a downstream that must not
be hit by many cold pods at once — and the spike is absorbed elsewhere (a queue, a CDN). Suppress it with a
comment saying so.
`,
  check({ manifest, report, rangeOf }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const { minReplicas: min, maxReplicas: max } = hpa;
      // Invalid bounds are hpa-behavior-out-of-range's; nothing to scale when min == max.
      if (max === undefined || !Number.isInteger(max) || !Number.isInteger(min) || min < 1 || max <= min) continue;
      const behavior = effectiveBehavior(hpa);
      if (!behavior.explicit) continue; // the legacy limits (2× or +4 per sync) are fast: never too slow
      const up = behavior.scaleUp;
      if (up.selectPolicy === 'Disabled') continue; // hpa-select-policy-disabled
      // Written policies that are all invalid are an API error, not a default (hpa-behavior-out-of-range).
      const written = hpa.scaleUp?.policies.length ?? 0;
      if (written > 0 && (up.defaulted.policies || up.policies.length !== written)) continue;
      const window = hpa.scaleUp?.stabilizationWindowSeconds;
      if (window !== undefined && (!Number.isInteger(window) || window < 0 || window > 3600)) continue;

      const spike = simulate(hpa, behavior, min, max);
      const late = spike.firstChangeAfter !== undefined && spike.firstChangeAfter > LATE_SECONDS;
      const slow = spike.seconds === undefined || spike.seconds > SLOW_SECONDS;
      if (!late && !slow) continue;

      // Point at what limits it: the window when it delays the first reaction, else the policies (or the
      // selectPolicy: Min that picks the slowest of them, or the scaleUp block whose defaults apply).
      const rules = hpa.scaleUp;
      let anchor: AnyPair | undefined;
      if (late && rules?.stabilizationPair) anchor = rules.stabilizationPair;
      else if (up.selectPolicy === 'Min' && rules?.selectPolicyPair && up.policies.length > 1)
        anchor = rules.selectPolicyPair;
      else
        anchor =
          rules?.policiesPair ?? rules?.stabilizationPair ?? rules?.selectPolicyPair ?? rules?.pair ?? hpa.behaviorPair;
      const range = rangeOf(object, anchor);
      if (!range) continue;

      const reached =
        spike.seconds !== undefined
          ? `${formatTrajectory(spike.steps)} pods in ${formatDuration(spike.seconds)}`
          : `${formatTrajectory(spike.steps)} pods, and still not at ${max} after an hour`;
      // Which limit is to blame: the window (first reaction), the policies (with the window taken out), or both.
      const withoutWindow = simulate(hpa, { ...behavior, scaleUp: { ...up, stabilizationWindowSeconds: 0 } }, min, max);
      const policiesSlow = withoutWindow.seconds === undefined || withoutWindow.seconds > SLOW_SECONDS;
      const reasons: string[] = [];
      if (late)
        reasons.push(
          `the ${up.stabilizationWindowSeconds} s scaleUp stabilisation window delays the first new pod by ${formatDuration(spike.firstChangeAfter ?? 0)}`,
        );
      if (policiesSlow) {
        const limits = up.policies
          .map(
            (p) =>
              (p.type === 'Pods' ? `${p.value} pod${p.value === 1 ? '' : 's'}` : `${p.value}%`) +
              ` per ${p.periodSeconds} s`,
          )
          .join(' or ');
        const select =
          up.policies.length > 1
            ? ` (selectPolicy ${up.selectPolicy}${up.selectPolicy === 'Min' ? ': the smaller step wins' : ''})`
            : '';
        reasons.push(`the scaleUp policies allow at most ${limits}${select}`);
      }
      const advice =
        late && !policiesSlow
          ? 'Shorten scaleUp.stabilizationWindowSeconds (0–60 s).'
          : policiesSlow && !late
            ? 'Allow larger steps (e.g. a Percent 100 per 15 s policy, with selectPolicy Max).'
            : 'Allow larger steps (e.g. a Percent 100 per 15 s policy, with selectPolicy Max) and a shorter window (0–60 s).';
      if (reasons.length === 0)
        reasons.push(
          `the ${up.stabilizationWindowSeconds} s scaleUp stabilisation window and the policies' steps add up`,
        );
      report({
        range,
        message:
          `HorizontalPodAutoscaler ${object.name} follows a spike needing all ${max} pods too slowly: ${reached} ` +
          `(simulated from the HPA controller's rules, from minReplicas ${min}; pod start-up comes on top). ` +
          `Until then the running pods take the whole spike, because ${reasons.join(', and ')}. ${advice}`,
      });
    }
  },
};
