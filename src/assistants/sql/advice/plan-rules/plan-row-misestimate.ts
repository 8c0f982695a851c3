import { formatCount } from '../../../../core/format';
import type { PlanRule, PlanRuleContext } from './plan-rule';
import { MIN_MISESTIMATE_ROWS, MISESTIMATE_FACTOR, joinSpan, rowsOut } from '../plan-spans';
import { measuredNote } from './measured-note';

/**
 * No check here: plan-findings.ts reads `row-misestimate` and `nested-loop-many` from the plan, document.ts
 * reports it under this rule.
 */
export const planRowMisestimate: PlanRule = {
  check: rowMisestimate,
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

function rowMisestimate({ node, statement, levels, report }: PlanRuleContext): void {
  if (!/Join$|^Nested Loop$/.test(node.nodeType) || node.actualRows === undefined) return;
  const kept = rowsOut(node);
  const estimated = node.planRows * (node.actualLoops ?? 1);
  const high = Math.max(kept, estimated);
  const low = Math.max(1, Math.min(kept, estimated));
  if (high < MIN_MISESTIMATE_ROWS || high / low < MISESTIMATE_FACTOR) return;
  const span = joinSpan(statement, levels, node);
  if (!span) return;
  report({
    kind: 'row-misestimate',
    message: `The planner expected ${formatCount(estimated)} rows from this join and got ${formatCount(kept)} (${Math.round(high / low)}× ${kept > estimated ? 'more' : 'fewer'}): plans built on that estimate (join order, nested loops) can be far off. Check the statistics of these columns (ANALYZE, extended statistics for correlated columns) (measured plan).`,
    ...span,
    node,
  });
}
