import { formatCount } from '../../../../core/format';
import type { PlanRule, PlanRuleContext } from './plan-rule';
import { MIN_REMOVED_ROWS, MIN_REMOVED_SHARE, predicateSpan, rowsOut } from '../plan-spans';
import { measuredNote } from './measured-note';

/**
 * No check here: plan-findings.ts reads `seq-scan-filter` from the plan, document.ts reports it under this
 * rule.
 */
export const planSeqScanFilter: PlanRule = {
  check: seqScanFilter,
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

function seqScanFilter({ node, statement, levels, report }: PlanRuleContext): void {
  if (node.nodeType !== 'Seq Scan' || !node.filter) return;
  const kept = rowsOut(node);
  const removed = (node.rowsRemovedByFilter ?? 0) * (node.actualLoops ?? 1);
  if (removed < MIN_REMOVED_ROWS || removed < MIN_REMOVED_SHARE * (removed + kept)) return;
  const span = predicateSpan(statement, levels, node);
  if (!span) return;
  const share = Math.round((100 * removed) / (removed + kept));
  report({
    kind: 'seq-scan-filter',
    message: `Sequential scan on ${node.relation ?? 'a table'}: its filter removed ${formatCount(removed)} of the ${formatCount(removed + kept)} rows it read (${share}%) to keep ${formatCount(kept)} — an index on these columns would read only the rows kept (measured plan, EXPLAIN ANALYZE).`,
    ...span,
    node,
  });
}
