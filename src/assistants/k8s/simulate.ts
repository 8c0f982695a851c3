import type { Hpa, ScalingRules } from './hpa';

/**
 * The HPA controller's scaling arithmetic (autoscaling/v2), as documented and implemented upstream:
 * a sync every 15 s; desired = ceil(current × usage / target); with `behavior`, rate limits from
 * policies over their periods and a stabilisation window (scale-up takes the lowest recommendation in
 * the window, scale-down the highest); without `behavior`, scale-up limited to max(2 × current, 4) per
 * sync and a 300 s scale-down window with no rate limit. Used for hovers, rules and the roadmap.
 */

export const SYNC_PERIOD_SECONDS = 15;

export interface Policy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface DirectionBehavior {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: Policy[];
  /** True where the value came from the API's defaults rather than the manifest. */
  defaulted: { window: boolean; policies: boolean; selectPolicy: boolean };
}

export interface EffectiveBehavior {
  /** False when the HPA has no `behavior` block (the controller's legacy limits apply). */
  explicit: boolean;
  scaleUp: DirectionBehavior;
  scaleDown: DirectionBehavior;
}

const DEFAULT_UP: Policy[] = [
  { type: 'Pods', value: 4, periodSeconds: 15 },
  { type: 'Percent', value: 100, periodSeconds: 15 },
];
const DEFAULT_DOWN: Policy[] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

function direction(
  rules: ScalingRules | undefined,
  defaultWindow: number,
  defaultPolicies: Policy[],
): DirectionBehavior {
  const policies = (rules?.policies ?? [])
    .filter((p) => (p.type === 'Pods' || p.type === 'Percent') && (p.value ?? 0) > 0 && (p.periodSeconds ?? 0) > 0)
    .map((p) => ({
      type: p.type as Policy['type'],
      value: p.value as number,
      periodSeconds: p.periodSeconds as number,
    }));
  const select = rules?.selectPolicy;
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? defaultWindow,
    selectPolicy: select === 'Min' || select === 'Disabled' ? select : 'Max',
    policies: policies.length ? policies : defaultPolicies,
    defaulted: {
      window: rules?.stabilizationWindowSeconds === undefined,
      policies: policies.length === 0,
      selectPolicy: select === undefined,
    },
  };
}

export function effectiveBehavior(hpa: Hpa): EffectiveBehavior {
  return {
    explicit: hpa.behaviorPair !== undefined,
    scaleUp: direction(hpa.scaleUp, 0, DEFAULT_UP),
    scaleDown: direction(hpa.scaleDown, 300, DEFAULT_DOWN),
  };
}

interface Event {
  time: number;
  change: number;
}

/** The most replicas (scale-up) or fewest (scale-down) the policies allow at `time`. */
function policyLimit(behavior: DirectionBehavior, current: number, events: Event[], time: number, up: boolean): number {
  const limits = behavior.policies.map((policy) => {
    // Replicas at the start of the policy's period: undo the changes made within it.
    const changed = events.filter((e) => e.time > time - policy.periodSeconds).reduce((sum, e) => sum + e.change, 0);
    const periodStart = current - changed;
    if (up)
      return policy.type === 'Pods' ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
    // Upstream rounds scale-down percentages down (int32 truncation) and scale-up percentages up.
    return policy.type === 'Pods' ? periodStart - policy.value : Math.floor(periodStart * (1 - policy.value / 100));
  });
  const pick = behavior.selectPolicy === 'Min' ? (up ? Math.min : Math.max) : up ? Math.max : Math.min;
  return pick(...limits);
}

export interface Trajectory {
  /** Replica counts after each change, starting with the initial count. */
  steps: number[];
  /** Seconds from the load change to reaching `target` (undefined when not reached within the horizon). */
  seconds: number | undefined;
  /** Seconds before the first change (stabilisation). */
  firstChangeAfter: number | undefined;
  disabled: boolean;
}

/**
 * Replays syncs after load changes so that `target` replicas are wanted from t=0, from `from` replicas.
 * Recommendations before t=0 equal `from`, which is what makes stabilisation windows delay a reaction.
 */
export function simulate(
  hpa: Hpa,
  behavior: EffectiveBehavior,
  from: number,
  target: number,
  horizonSeconds = 3600,
): Trajectory {
  const up = target > from;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const max = hpa.maxReplicas ?? Math.max(from, target);
  const goal = Math.max(hpa.minReplicas, Math.min(max, target));
  const steps = [from];
  if (goal === from) return { steps, seconds: 0, firstChangeAfter: undefined, disabled: false };
  if (behavior.explicit && rules.selectPolicy === 'Disabled')
    return { steps, seconds: undefined, firstChangeAfter: undefined, disabled: true };
  const window = behavior.explicit || !up ? rules.stabilizationWindowSeconds : 0;
  let current = from;
  let firstChangeAfter: number | undefined;
  const events: Event[] = [];
  // The first sync after the change comes at most one period later; count from there.
  for (let time = SYNC_PERIOD_SECONDS; time <= horizonSeconds; time += SYNC_PERIOD_SECONDS) {
    // Stabilisation: until the window has passed since the load changed, a pre-change recommendation
    // (equal to `from`) is still in the window and wins.
    let desired = time >= window ? goal : from;
    if (desired === current) {
      if (current === goal) return { steps, seconds: time, firstChangeAfter, disabled: false };
      continue;
    }
    if (behavior.explicit) {
      const limit = policyLimit(rules, current, events, time, up);
      desired = up ? Math.min(desired, limit) : Math.max(desired, limit);
    } else if (up) {
      desired = Math.min(desired, Math.max(2 * current, 4));
    }
    desired = Math.max(hpa.minReplicas, Math.min(max, desired));
    if (desired !== current) {
      events.push({ time, change: desired - current });
      firstChangeAfter ??= time;
      current = desired;
      steps.push(current);
    }
    if (current === goal) return { steps, seconds: time, firstChangeAfter, disabled: false };
  }
  return { steps, seconds: undefined, firstChangeAfter, disabled: false };
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const minutes = seconds / 60;
  return minutes < 120 ? `${+minutes.toFixed(1)} min` : `${+(minutes / 60).toFixed(1)} h`;
}

function policyText(behavior: DirectionBehavior): string {
  if (behavior.selectPolicy === 'Disabled') return 'disabled';
  const list = behavior.policies
    .map((p) => `${p.type === 'Pods' ? `${p.value} pods` : `${p.value}%`} per ${p.periodSeconds} s`)
    .join(' or ');
  if (behavior.policies.length < 2) return list;
  return `${list} (${behavior.selectPolicy === 'Min' ? 'the smaller' : 'the larger'} change wins)`;
}

function trajectoryText(steps: number[]): string {
  return steps.length > 9 ? `${steps.slice(0, 4).join(' → ')} → … → ${steps[steps.length - 1]}` : steps.join(' → ');
}

/**
 * The hover text: effective behaviour with the defaults named, a spike to maxReplicas, doubling from
 * minReplicas, and the way back down.
 */
export function describeBehavior(hpa: Hpa): string[] {
  const behavior = effectiveBehavior(hpa);
  const lines: string[] = [];
  const min = hpa.minReplicas;
  const max = hpa.maxReplicas;
  if (behavior.explicit) {
    const up = behavior.scaleUp;
    const down = behavior.scaleDown;
    lines.push(
      `Scale-up: ${up.stabilizationWindowSeconds} s stabilisation${up.defaulted.window ? ' (default)' : ''}, ${policyText(up)}${up.defaulted.policies ? ' (default policies)' : ''}.`,
      `Scale-down: ${down.stabilizationWindowSeconds} s stabilisation${down.defaulted.window ? ' (default)' : ''}, ${policyText(down)}${down.defaulted.policies ? ' (default policies)' : ''}.`,
    );
  } else {
    lines.push(
      'No `behavior`: scale-up at most to max(2 × current, 4) pods per 15 s sync; scale-down after a 300 s stabilisation window, with no rate limit.',
    );
  }
  if (max !== undefined && max > min) {
    const spike = simulate(hpa, behavior, min, max);
    lines.push(
      spike.disabled
        ? 'Scale-up is disabled: a spike is never answered with more pods.'
        : `A spike needing all ${max} pods: ${trajectoryText(spike.steps)}${spike.seconds !== undefined ? ` — at maximum after ${duration(spike.seconds)}` : ' — not reached within an hour'}.`,
    );
    const doubled = Math.min(max, 2 * min);
    if (doubled > min && doubled < max) {
      const twice = simulate(hpa, behavior, min, doubled);
      if (!twice.disabled && twice.seconds !== undefined) {
        lines.push(
          `Twice the load minReplicas carry at target: ${trajectoryText(twice.steps)} pods in ${duration(twice.seconds)}.`,
        );
      }
    }
    const back = simulate(hpa, behavior, max, min);
    lines.push(
      back.disabled
        ? 'Scale-down is disabled: pods added in a peak are never removed.'
        : `When the load falls back: waits ${duration(back.firstChangeAfter ?? 0)}, then ${trajectoryText(back.steps)}${back.seconds !== undefined ? ` — back at minReplicas after ${duration(back.seconds)}` : ' — not back at minReplicas within an hour'}.`,
    );
  }
  return lines;
}

/** "11.5 min", "45 s": the duration wording the hover uses, for rules that quote a simulation. */
export function formatDuration(seconds: number): string {
  return duration(seconds);
}

/** "3 → 6 → 12 → … → 50": the trajectory wording the hover uses, for rules that quote a simulation. */
export function formatTrajectory(steps: number[]): string {
  return trajectoryText(steps);
}
