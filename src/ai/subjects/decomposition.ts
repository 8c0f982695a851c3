import type { DecompositionPlan } from '../../assistants/decomposition/contract';
import { defineSubject } from './schema';
import type { SubjectSpec } from './types';

const categories = [
  'service-boundary',
  'data-ownership',
  'coupling',
  'communication',
  'shared-dependency',
  'migration-step',
  'other',
];

/** The decomposition planner's deep review: no edits (boundaries are decisions, not line changes). */
export const decompositionSubject: SubjectSpec = defineSubject({
  subject: 'decomposition',
  displayName: 'decomposition planner',
  toolName: 'report_decomposition_review',
  toolDescription: 'Report the decomposition review: findings on cited lines of the module and a short plan.',
  facts: {
    importGraph:
      'the boundaries our engine proposed on the import graph: crossings between services (imports and calls), metrics against two baselines',
    modules:
      'the proposed services: files, responsibilities, tables owned and read from others, routes, operations; the shared library and outliers; the strangler-fig steps',
  },
  categories,
  paths: false,
  edits: false,
  summary:
    'Markdown: the proposed service boundaries, migration order (strangler fig) and the main risks, grounded in the import graph.',
});

/** Each fact block stays readable: the longest lists are cut with a count of what was left out. */
const MAX_ITEMS = 40;

function capped<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_ITEMS).map(line);
  if (items.length > MAX_ITEMS) lines.push(`… and ${items.length - MAX_ITEMS} more`);
  return lines;
}

/**
 * The facts of a decomposition review, from the planner's plan (the subject's `importGraph` and `modules`): what
 * Claude must ground its boundaries, data ownership and order on. `file`, when given, puts the crossings of the
 * reviewed module first. Paths are as the plan names them; the AI layer redacts the text before it is sent.
 */
export function decompositionReviewFacts(
  plan: DecompositionPlan,
  file?: string,
): { importGraph: string; modules: string } {
  const pairs = new Map<string, number>();
  for (const c of plan.crossings)
    pairs.set(`${c.fromService} → ${c.toService}`, (pairs.get(`${c.fromService} → ${c.toService}`) ?? 0) + 1);
  const own = file ? plan.crossings.filter((c) => c.file === file) : [];
  const metricNames = Object.keys(plan.metrics.ours) as (keyof DecompositionPlan['metrics']['ours'])[];
  const value = (n: number) => (Number.isNaN(n) ? 'n/a' : String(n));
  const importGraph = [
    `Crossings between proposed services (imports and calls): ${plan.crossings.length}`,
    ...capped(
      [...pairs].sort(([, a], [, b]) => b - a),
      ([pair, n]) => `- ${pair}: ${n}`,
    ),
    ...(own.length > 0
      ? [
          `Crossings in ${file}:`,
          ...capped(
            own,
            (c) => `- line ${c.range.start.line + 1}: ${c.fromService} uses ${c.symbol} of ${c.toService}`,
          ),
        ]
      : []),
    'Metrics (ours | one service per folder | plain Louvain on imports):',
    ...metricNames.map(
      (m) =>
        `- ${m}: ${value(plan.metrics.ours[m])} | ${value(plan.metrics.folders[m])} | ${value(plan.metrics.louvain[m])}`,
    ),
  ].join('\n');
  const modules = [
    ...plan.services.flatMap((s) => [
      `Service ${s.name} (named from ${s.nameFrom}; ${s.files.length} files)`,
      ...s.responsibilities.map((r) => `  - ${r}`),
      `  - tables owned: ${s.tablesOwned.join(', ') || 'none'}; tables of others used: ${s.tablesRead.join(', ') || 'none'}`,
      `  - operations offered: ${s.operations.map((o) => o.symbol).join(', ') || 'none'}; calls: ${[...new Set(s.calls.map((o) => `${o.service}.${o.symbol}`))].join(', ') || 'none'}`,
      ...(file && s.files.includes(file) ? [`  - ${file} belongs here`] : []),
    ]),
    `Shared library: ${plan.shared.join(', ') || 'none'}`,
    ...capped(plan.outliers, (o) => `Outlier ${o.file}: ${o.why}`),
    'Strangler-fig steps (effort: estimates from edge counts):',
    ...plan.steps.map(
      (s) => `${s.order}. phase ${s.phase} ${s.service}: ${s.effort.size}; ${s.dataMigrations.length} data migrations`,
    ),
  ].join('\n');
  return { importGraph, modules };
}
