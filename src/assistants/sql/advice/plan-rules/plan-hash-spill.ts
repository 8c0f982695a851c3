import type { RuleMeta } from '../../../../core/rule';
import { measuredNote } from './measured-note';

/**
 * No check here: plan-findings.ts reads `hash-spill` from the plan, document.ts reports it under this rule.
 */
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
