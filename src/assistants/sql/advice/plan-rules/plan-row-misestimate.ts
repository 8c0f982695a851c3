import type { RuleMeta } from '../../../../core/rule';
import { measuredNote } from './measured-note';

/**
 * No check here: plan-findings.ts reads `row-misestimate` and `nested-loop-many` from the plan, document.ts
 * reports it under this rule.
 */
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
