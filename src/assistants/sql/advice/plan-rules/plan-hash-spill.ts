import type { PlanRule, PlanRuleContext } from './plan-rule';
import { joinSpan } from '../plan-spans';
import { measuredNote } from './measured-note';

export const planHashSpill: PlanRule = {
  check: hashSpill,
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

function hashSpill({ node, statement, levels, report }: PlanRuleContext): void {
  if (node.nodeType !== 'Hash' || (node.hashBatches ?? 1) <= 1) return;
  const span = joinSpan(statement, levels, node);
  if (!span) return;
  report({
    kind: 'hash-spill',
    message: `The hash table for this join spilled to disk in ${node.hashBatches} batches: the side it hashes is larger than work_mem. Filter that side first, or join it through an index (measured plan).`,
    ...span,
    node,
  });
}
