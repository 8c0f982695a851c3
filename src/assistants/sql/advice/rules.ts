import type { RuleMeta } from '../../../core/rule';
import type { PlanFinding } from './types';

/**
 * Rules of the measured review (`Scaling Assistant: Optimize query`): problems read from an executed plan
 * and mapped onto the SQL, and measured advice on a statement no static rule flagged. They appear only
 * after a measurement (sandbox or server), never in the static analysis; listed with the SQL assistant's
 * rules so their pages are generated and their ids can be suppressed like any other.
 */

const measuredNote = `
The finding comes from \`EXPLAIN (ANALYZE)\` of the statement in the sandbox (embedded PostgreSQL on synthetic
rows, the \`scalingAssistant.sql.sandbox.rows\` setting) or on the configured database, when you run *Optimize SQL Query*.
The numbers in the message are measured there; on your production data the plan may differ.`;

export const planSeqScanFilter: RuleMeta = {
  id: 'plan-seq-scan-filter',
  assistant: 'sql',
  title: 'A sequential scan reads the whole table and its filter throws most rows away',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Index {count} filter(s) the plans show scanning whole tables',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation:
      'Create the index CONCURRENTLY in its own migration, outside a transaction, and drop it if it is not used.',
    skills: ['SQL', 'PostgreSQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

The plan reads every row of the table and keeps only a few: the work grows with the table, not with the
result. At 10× the rows the query takes 10× as long.
${measuredNote}

## How to fix it

An index whose leading columns are the ones compared with \`=\` (then one range or the ORDER BY columns) lets
PostgreSQL read only the matching rows. The quick fix offers the index the advisor measured as fastest.

## When to ignore it

Small tables that stay small, or queries that really need most of the rows.
`,
};

export const planSortSpill: RuleMeta = {
  id: 'plan-sort-spill',
  assistant: 'sql',
  title: 'The sort spilled to disk',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Stop {count} sort(s) spilling to disk',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation:
      'Prefer an index in ORDER BY order over raising work_mem globally; raise it per query or role if needed.',
    skills: ['SQL', 'PostgreSQL'],
  },
  docs: `
## Why it matters

The rows to sort did not fit in \`work_mem\`, so PostgreSQL wrote them to temporary files and merged them: many
times slower than an in-memory sort, and it gets worse as the data grows.
${measuredNote}

## How to fix it

An index in the ORDER BY order (after the equality columns) returns rows already sorted, and with a LIMIT stops
early. Otherwise sort fewer rows (filter first, aggregate first) or raise \`work_mem\` for this query.

## When to ignore it

Reports and batch jobs that run rarely.
`,
};

export const planHashSpill: RuleMeta = {
  id: 'plan-hash-spill',
  assistant: 'sql',
  title: 'The hash join spilled to disk in batches',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Shrink {count} hash join(s) that spill to disk',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation: 'Filter the hashed side first or index the join key; measure before and after on production-like data.',
    skills: ['SQL', 'PostgreSQL'],
  },
  docs: `
## Why it matters

The side of the join PostgreSQL hashes was larger than \`work_mem\`: it split it into batches written to disk.
${measuredNote}

## How to fix it

Filter the hashed side before the join, join through an index on the join key, or raise \`work_mem\`.

## When to ignore it

Batch queries where the time is acceptable.
`,
};

export const planRowMisestimate: RuleMeta = {
  id: 'plan-row-misestimate',
  assistant: 'sql',
  title: "The planner's row estimate for a join is off by 10× or more",
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Fix the statistics behind {count} join misestimate(s)',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation: 'ANALYZE and extended statistics change plans: check the changed plans of the hot queries afterwards.',
    skills: ['PostgreSQL'],
  },
  docs: `
## Why it matters

Join order and join methods are chosen from row estimates. An estimate off by an order of magnitude can pick a
nested loop over thousands of rows or a hash of a huge side.
${measuredNote}

## How to fix it

Run \`ANALYZE\` on the tables, raise the statistics target of the join columns, or create extended statistics
(\`CREATE STATISTICS … (dependencies) ON a, b FROM t\`) for correlated columns.

## When to ignore it

The synthetic data of the sandbox has other correlations than production: check the estimate on a real server.
`,
};

export const planSubplanPerRow: RuleMeta = {
  id: 'plan-subplan-per-row',
  assistant: 'sql',
  title: 'A NOT IN subquery runs once per outer row',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Rewrite {count} per-row NOT IN subquer(ies) as NOT EXISTS',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'NOT EXISTS differs from NOT IN exactly where the subquery yields NULLs: check the callers expect rows there.',
    skills: ['SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

PostgreSQL runs \`NOT IN (SELECT …)\` as a hashed subplan only while the subquery's rows fit in \`work_mem\`;
beyond that it re-runs the subquery for every outer row: quadratic work.
${measuredNote}

## How to fix it

Rewrite as \`NOT EXISTS (SELECT 1 … WHERE … = outer.column)\`, which PostgreSQL runs as an anti-join. Mind the
NULL semantics (see \`not-in-subquery\`): the advisor offers the rewrite as a fix only when it returns the
same rows as the original on the synthetic data and the edge cases.

## When to ignore it

Never at scale.
`,
};

export const measuredAdvice: RuleMeta = {
  id: 'measured-advice',
  assistant: 'sql',
  title: 'An index or rewrite made this statement measurably faster',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Apply {count} measured index or rewrite suggestion(s)',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation:
      'Create indexes CONCURRENTLY outside a transaction; apply rewrites only where they were proven to return the same rows.',
    skills: ['SQL', 'PostgreSQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

The advisor tried index candidates (multi-column B-tree in equality/range/sort order, expression, partial,
pg_trgm GIN) and rewrites on the statement and timed each with \`EXPLAIN (ANALYZE)\`: warm-up, then the median
of three runs before and after. This finding carries the best one when no other rule already points at the
problem; the quick fix applies it (a new migration with \`CREATE INDEX CONCURRENTLY\`, or the rewrite when it
was proven to return the same rows).
${measuredNote}

## How to fix it

Apply the quick fix, or run the suggested \`CREATE INDEX CONCURRENTLY\` with your migration tool.

## When to ignore it

When the statement is rare, or the table is write-heavy and the index's write cost outweighs the gain.
`,
};

export const ADVICE_RULES: readonly RuleMeta[] = [
  planSeqScanFilter,
  planSortSpill,
  planHashSpill,
  planRowMisestimate,
  planSubplanPerRow,
  measuredAdvice,
];

export const PLAN_RULE_OF: Readonly<Record<PlanFinding['kind'], RuleMeta>> = {
  'seq-scan-filter': planSeqScanFilter,
  'sort-spill': planSortSpill,
  'hash-spill': planHashSpill,
  'row-misestimate': planRowMisestimate,
  'nested-loop-many': planRowMisestimate,
  'subplan-per-row': planSubplanPerRow,
};
