import type { RuleMeta } from '../../../../core/rule';
import { measuredNote } from './measured-note';

/**
 * No check here: plan-findings.ts reads `sort-spill` from the plan, document.ts reports it under this rule.
 */
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
