import type { Planted, PlantedCategory } from './corpus';
import { PLANTED_CATEGORIES } from './corpus';

/** One finding of any tool, reduced to what the comparison needs; `line` is 1-based. */
export interface ToolFinding {
  file: string;
  rule: string;
  line: number;
}

/**
 * Which planted categories a finding of each rule can find: ours by their own category, each peer rule by the
 * category it claims. A rule not listed is outside the categories (a correctness or style check: counted under
 * "other", neither found nor noise). react-perf flags any new object, array, function or JSX passed as a prop,
 * so its findings count for props to memoised and to unmemoised children and for context values; the
 * `set-state-in-effect` rules flag any setState called synchronously in an effect (derived state and chains of
 * effects alike); react-x's use-state counts only for its lazy-initialisation message (its others are about
 * naming), and `exhaustive-deps` by its message (see `peerRule`). react-x's `no-duplicate-key` is mapped
 * but not in the sets the benchmark enables (bench/react/eslint-config.ts).
 */
export const RULE_CATEGORIES: Record<string, PlantedCategory[]> = {
  // Ours.
  'unstable-prop-to-memo-child': ['inline-prop-to-memo-child'],
  'unstable-prop-to-unmemoised-child': ['inline-prop-to-unmemoised-child'],
  'unstable-context-value': ['unstable-context-value'],
  'unstable-default-prop': ['unstable-default-prop'],
  'component-defined-in-render': ['component-in-render'],
  'missing-key': ['missing-key'],
  'index-key': ['index-key'],
  'duplicate-key': ['duplicate-key'],
  'derived-state-in-effect': ['derived-state-in-effect'],
  'effect-chain': ['effect-chain'],
  'effect-as-event-handler': ['effect-as-event-handler'],
  'state-passed-up-in-effect': ['state-passed-up-in-effect'],
  'set-state-in-render': ['set-state-in-render'],
  'hook-missing-dependency': ['missing-dependency'],
  'hook-unnecessary-dependency': ['unnecessary-dependency'],
  'hook-dependency-changes-every-render': ['dependency-changes-every-render'],
  'expensive-render-work': ['expensive-render-work'],
  'use-state-without-lazy-init': ['lazy-use-state'],
  'unvirtualised-list': ['unvirtualised-list'],
  'whole-library-import': ['whole-library-import'],
  'barrel-import': ['barrel-import'],
  'lazy-load-heavy-component': ['lazy-load-heavy-component'],
  'img-without-dimensions': ['img-without-size'],
  'lcp-image-lazy': ['lcp-image-lazy'],
  'render-blocking-script': ['render-blocking-script'],
  // ESLint peers.
  ...Object.fromEntries(
    ['jsx-no-new-object-as-prop', 'jsx-no-new-array-as-prop', 'jsx-no-new-function-as-prop', 'jsx-no-jsx-as-prop'].map(
      (rule) => [
        `react-perf/${rule}`,
        ['inline-prop-to-memo-child', 'inline-prop-to-unmemoised-child', 'unstable-context-value'],
      ],
    ),
  ),
  'react-x/no-unstable-context-value': ['unstable-context-value'],
  'react-x/no-unstable-default-props': ['unstable-default-prop'],
  'react-x/no-nested-component-definitions': ['component-in-render'],
  'react-x/static-components': ['component-in-render'],
  'react-hooks/static-components': ['component-in-render'],
  'react-x/no-missing-key': ['missing-key'],
  'react-x/no-array-index-key': ['index-key'],
  'react-x/no-duplicate-key': ['duplicate-key'],
  'react-x/set-state-in-effect': ['derived-state-in-effect', 'effect-chain'],
  'react-hooks/set-state-in-effect': ['derived-state-in-effect', 'effect-chain'],
  'react-hooks/no-deriving-state-in-effects': ['derived-state-in-effect'],
  'react-x/set-state-in-render': ['set-state-in-render'],
  'react-hooks/set-state-in-render': ['set-state-in-render'],
  'react-x/use-state:invalid-initialization': ['lazy-use-state'],
  ...Object.fromEntries(
    ['react-hooks', 'react-x'].flatMap((plugin) => [
      [`${plugin}/exhaustive-deps:missing`, ['missing-dependency']],
      [`${plugin}/exhaustive-deps:unnecessary`, ['unnecessary-dependency']],
      [`${plugin}/exhaustive-deps:every-render`, ['dependency-changes-every-render']],
    ]),
  ),
};

/** What `exhaustive-deps` says, by its message (it has no message ids): a missing, unnecessary or unstable entry. */
const EXHAUSTIVE_DEPS_MESSAGES: [RegExp, string][] = [
  [/missing dependenc/, 'missing'],
  [/unnecessary dependenc/, 'unnecessary'],
  [/change on every render/, 'every-render'],
];

/**
 * The key a peer's message is scored under: `rule:messageId` when that is mapped (react-x's use-state),
 * `exhaustive-deps` by what its message says, else the rule.
 */
export function peerRule(rule: string, messageId: string | undefined, message: string): string {
  if (RULE_CATEGORIES[`${rule}:${messageId ?? ''}`]) return `${rule}:${messageId}`;
  if (rule.endsWith('/exhaustive-deps')) {
    const kind = EXHAUSTIVE_DEPS_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
    if (kind) return `${rule}:${kind}`;
  }
  return rule;
}

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
  /** Near-misses of the category the corpus holds (clean code a careless check would report). */
  nearMisses: number;
  /** Near-misses with a finding of the family's rules for the category on their lines (each counted once). */
  nearMissesFlagged: number;
}

export interface DetectionScore {
  byCategory: Map<PlantedCategory, CategoryScore>;
  /** Findings of rules outside the categories, by rule. */
  other: Map<string, number>;
}

/** Each site by the `file:line` keys a finding on it starts at: its lines and where else it shows. */
function sitesByLine(sites: Planted[]): Map<string, Planted[]> {
  const at = new Map<string, Planted[]>();
  for (const p of sites) {
    const lines = Array.from({ length: p.endLine - p.line + 1 }, (_, i) => p.line + i);
    for (const line of [...lines, ...(p.alsoAt ?? [])]) {
      const key = `${p.file}:${line}`;
      at.set(key, [...(at.get(key) ?? []), p]);
    }
  }
  return at;
}

/**
 * Scores one family's findings against the planted problems and near-misses: a planted problem is found when a
 * finding of a rule mapped to its category starts on one of its lines (or where it shows: `alsoAt`); a mapped
 * finding that finds nothing is noise, counted under the category of the near-miss it lands on, else under its
 * rule's first category (for react-perf: a new function on a DOM element or on a child that is not memoised
 * and renders DOM elements only, where it costs nothing).
 */
export function score(planted: Planted[], findings: ToolFinding[], nearMisses: Planted[] = []): DetectionScore {
  const byCategory = new Map<PlantedCategory, CategoryScore>(
    PLANTED_CATEGORIES.map((c) => [c, { planted: 0, found: 0, noise: 0, nearMisses: 0, nearMissesFlagged: 0 }]),
  );
  for (const p of planted) byCategory.get(p.category)!.planted++;
  for (const p of nearMisses) byCategory.get(p.category)!.nearMisses++;
  const at = sitesByLine(planted);
  const cleanAt = sitesByLine(nearMisses);
  const found = new Set<Planted>();
  const flagged = new Set<Planted>();
  const other = new Map<string, number>();
  for (const finding of findings) {
    const categories = RULE_CATEGORIES[finding.rule];
    if (!categories) {
      const rule = finding.rule.replace(/:.*/, '');
      other.set(rule, (other.get(rule) ?? 0) + 1);
      continue;
    }
    const key = `${finding.file}:${finding.line}`;
    const hits = (at.get(key) ?? []).filter((p) => categories.includes(p.category));
    for (const p of hits) found.add(p);
    if (hits.length) continue;
    const misses = (cleanAt.get(key) ?? []).filter((p) => categories.includes(p.category));
    for (const p of misses) flagged.add(p);
    byCategory.get(misses[0]?.category ?? categories[0])!.noise++;
  }
  for (const p of found) byCategory.get(p.category)!.found++;
  for (const p of flagged) byCategory.get(p.category)!.nearMissesFlagged++;
  return { byCategory, other };
}
