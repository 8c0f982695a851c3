import { formatCount } from '../../../../core/format';
import type { PlanRule, PlanRuleContext } from './plan-rule';
import { groupBySpan, orderBySpan } from '../plan-spans';
import { measuredNote } from './measured-note';

export const planSortSpill: PlanRule = {
  check: sortSpill,
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

function sortSpill({ node, statement, report }: PlanRuleContext): void {
  if (node.nodeType !== 'Sort' || !node.sortSpilled) return;
  const span = orderBySpan(statement) ?? groupBySpan(statement);
  if (!span) return;
  report({
    kind: 'sort-spill',
    message: `The sort spilled to disk (${node.sortMethod ?? 'external sort'}${node.sortSpaceKb ? `, ${formatCount(node.sortSpaceKb)} kB` : ''}): it sorts more rows than work_mem holds. An index that returns the rows in this order, or fewer rows before the sort, avoids it (measured plan).`,
    ...span,
    node,
  });
}
