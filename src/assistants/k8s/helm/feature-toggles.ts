import { isValueMap, newMap } from './values';
import type { ValueMap } from './values';

/**
 * The switches a chart ships its scaling objects behind: `autoscaling.enabled: false`, `pdb.enabled: false`,
 * `podDisruptionBudget.enabled`, `keda.enabled`, Bitnami's `pdb.create` and `autoscaling.hpa.enabled`. The default
 * render has no HPA or budget to review; a second render with these switched on shows what a user who turns them
 * on deploys. Only booleans that are false are named (one that is true is in the default render already), and
 * only under keys that name an autoscaler or a disruption budget: a chart's other features (ingress, metrics,
 * persistence) change what is deployed, not how it scales, and each would need values of its own to render.
 */

/** Keys whose `enabled`/`create` boolean switches an autoscaler or a disruption budget on. */
const FEATURE_KEY = /^(autoscaling|autoscaler|hpa|horizontalPodAutoscaler|pdb|podDisruptionBudget|keda|scaledObject)$/i;
const EVENT_DRIVEN = /^(keda|scaledObject)$/i;
const SWITCH_KEYS = ['enabled', 'create'];

/** Values nest this deep at most when looking for switches (a chart's values are a few levels deep). */
const MAX_DEPTH = 8;

/** A switch: the path of the boolean, as `helm --set` writes it (`controller.autoscaling.enabled`). */
export type FeatureToggle = string[];

/**
 * The false switches in a chart's values. Where one section has both an HPA switch and a KEDA one, only the HPA's:
 * charts offer them as alternatives (KEDA makes its own HPA), and both on at once is a setup no chart means.
 */
export function featureToggles(values: unknown, prefix: readonly string[] = []): FeatureToggle[] {
  const found: FeatureToggle[] = [];
  const walk = (map: ValueMap, path: string[], depth: number) => {
    if (depth > MAX_DEPTH) return;
    const here: FeatureToggle[] = [];
    for (const [key, value] of Object.entries(map)) {
      if (!isValueMap(value) || !FEATURE_KEY.test(key)) continue;
      const name = SWITCH_KEYS.find((k) => value[k] === false);
      if (name) here.push([...path, key, name]);
    }
    const hpa = here.some((t) => !EVENT_DRIVEN.test(t[t.length - 2]));
    found.push(...here.filter((t) => !(hpa && EVENT_DRIVEN.test(t[t.length - 2]))));
    for (const [key, value] of Object.entries(map)) if (isValueMap(value)) walk(value, [...path, key], depth + 1);
  };
  if (isValueMap(values)) walk(values, [...prefix], 0);
  return found;
}

/** The values that switch the toggles on, to coalesce over the chart's (a `--set a.b.enabled=true` each). */
export function toggleOverlay(toggles: readonly FeatureToggle[]): ValueMap {
  const out = newMap();
  for (const toggle of toggles) {
    let map = out;
    for (const key of toggle.slice(0, -1)) {
      const existing = map[key];
      const next = isValueMap(existing) ? existing : newMap();
      map[key] = next;
      map = next;
    }
    map[toggle[toggle.length - 1]] = true;
  }
  return out;
}

/** How a finding's condition is said: "`autoscaling.enabled: true`, `pdb.enabled: true`". */
export function describeToggles(toggles: readonly FeatureToggle[]): string {
  return toggles.map((t) => `\`${t.join('.')}: true\``).join(', ');
}
