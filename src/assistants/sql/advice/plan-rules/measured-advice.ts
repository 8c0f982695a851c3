import type { RuleMeta } from '../../../../core/rule';
import { measuredNote } from './measured-note';

/**
 * No check here: document.ts reports it where no other finding of the statement carries the best measured
 * gain.
 */
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
