import { formatCount } from '../../../../core/format';
import type { PlanRule, PlanRuleContext } from './plan-rule';
import { MIN_SUBPLAN_LOOPS, escape, notInSpan } from '../plan-spans';
import { measuredNote } from './measured-note';

/**
 * No check here: plan-findings.ts reads `subplan-per-row` from the plan, document.ts reports it under this
 * rule.
 */
export const planSubplanPerRow: PlanRule = {
  check: subplanPerRow,
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

function subplanPerRow({ node, statement, report }: PlanRuleContext): void {
  for (const child of node.children) {
    if (child.parentRelationship !== 'SubPlan' || !child.subplanName) continue;
    const childLoops = child.actualLoops ?? 0;
    const hashed = new RegExp(`hashed ${escape(child.subplanName)}\\b`).test(
      `${node.filter ?? ''} ${node.joinCond ?? ''}`,
    );
    if (hashed || childLoops < MIN_SUBPLAN_LOOPS) continue;
    const span = notInSpan(statement);
    if (span) {
      report({
        kind: 'subplan-per-row',
        message: `The NOT IN subquery ran once per outer row (${formatCount(childLoops)} times): it was too large to hash in work_mem. NOT EXISTS runs as an anti-join instead (measured plan).`,
        ...span,
        node: child,
      });
    }
  }
}
