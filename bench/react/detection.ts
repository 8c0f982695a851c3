import type { Planted, PlantedCategory } from './corpus';
import { PLANTED_CATEGORIES } from './corpus';

/** One finding of any tool, reduced to what the comparison needs; `line` is 1-based. */
export interface ToolFinding {
  file: string;
  rule: string;
  line: number;
}

/**
 * Which planted categories a finding of each rule can find. A rule not listed is outside the categories (a
 * correctness or style check: counted under "other", neither found nor noise). react-perf flags any new
 * object, array, function or JSX passed as a prop, so a finding of it on a planted context value also counts;
 * react-x's use-state counts only for its lazy-initialisation message (its others are about naming).
 */
export const RULE_CATEGORIES: Record<string, PlantedCategory[]> = {
  // Ours.
  'unstable-prop-to-memo-child': ['inline-prop-to-memo-child'],
  'unstable-context-value': ['unstable-context-value'],
  'component-defined-in-render': ['component-in-render'],
  'missing-key': ['missing-key'],
  'index-key': ['index-key'],
  'derived-state-in-effect': ['derived-state-in-effect'],
  'whole-library-import': ['whole-library-import'],
  'img-without-dimensions': ['img-without-size'],
  'use-state-without-lazy-init': ['lazy-use-state'],
  // ESLint peers.
  'react-perf/jsx-no-new-object-as-prop': ['inline-prop-to-memo-child', 'unstable-context-value'],
  'react-perf/jsx-no-new-array-as-prop': ['inline-prop-to-memo-child', 'unstable-context-value'],
  'react-perf/jsx-no-new-function-as-prop': ['inline-prop-to-memo-child', 'unstable-context-value'],
  'react-perf/jsx-no-jsx-as-prop': ['inline-prop-to-memo-child', 'unstable-context-value'],
  'react-x/no-unstable-context-value': ['unstable-context-value'],
  'react-x/no-nested-component-definitions': ['component-in-render'],
  'react-x/static-components': ['component-in-render'],
  'react-hooks/static-components': ['component-in-render'],
  'react-x/no-missing-key': ['missing-key'],
  'react-x/no-array-index-key': ['index-key'],
  'react-x/set-state-in-effect': ['derived-state-in-effect'],
  'react-hooks/set-state-in-effect': ['derived-state-in-effect'],
  'react-hooks/no-deriving-state-in-effects': ['derived-state-in-effect'],
  'react-x/use-state:invalid-initialization': ['lazy-use-state'],
};

/** The tool families the comparison reports separately, by rule prefix (ours have none). */
export const FAMILIES = ['ours', 'eslint (all peers)', 'react-hooks', 'react-perf', 'react-x'] as const;
export type Family = (typeof FAMILIES)[number];

export function familyOf(rule: string): Family[] {
  const slash = rule.indexOf('/');
  if (slash < 0) return ['ours'];
  const plugin = rule.slice(0, slash);
  const name = plugin === 'react-hooks' ? 'react-hooks' : plugin === 'react-perf' ? 'react-perf' : 'react-x';
  return ['eslint (all peers)', name];
}

export interface CategoryScore {
  planted: number;
  /** Planted problems with at least one finding of the family on their lines. */
  found: number;
  /** The family's findings of this category on no planted problem of it. */
  noise: number;
}

export interface DetectionScore {
  byCategory: Map<PlantedCategory, CategoryScore>;
  /** Findings of rules outside the categories, by rule. */
  other: Map<string, number>;
}

/**
 * Scores one family's findings against the planted problems: a planted problem is found when a finding of a
 * rule mapped to its category starts on one of its lines (or where it shows: `alsoAt`); a mapped finding that finds nothing is noise (for
 * react-perf: a new function on a DOM element or on a child that is not memoised, where it costs nothing).
 */
export function score(planted: Planted[], findings: ToolFinding[]): DetectionScore {
  const byCategory = new Map<PlantedCategory, CategoryScore>(
    PLANTED_CATEGORIES.map((c) => [c, { planted: 0, found: 0, noise: 0 }]),
  );
  const at = new Map<string, Planted[]>();
  for (const p of planted) {
    byCategory.get(p.category)!.planted++;
    const lines = Array.from({ length: p.endLine - p.line + 1 }, (_, i) => p.line + i);
    for (const line of [...lines, ...(p.alsoAt ?? [])]) {
      const key = `${p.file}:${line}`;
      at.set(key, [...(at.get(key) ?? []), p]);
    }
  }
  const found = new Set<Planted>();
  const other = new Map<string, number>();
  for (const finding of findings) {
    const categories = RULE_CATEGORIES[finding.rule];
    if (!categories) {
      const rule = finding.rule.replace(/:.*/, '');
      other.set(rule, (other.get(rule) ?? 0) + 1);
      continue;
    }
    const hits = (at.get(`${finding.file}:${finding.line}`) ?? []).filter((p) => categories.includes(p.category));
    if (hits.length === 0) byCategory.get(categories[0])!.noise++;
    for (const p of hits) found.add(p);
  }
  for (const p of found) byCategory.get(p.category)!.found++;
  return { byCategory, other };
}
