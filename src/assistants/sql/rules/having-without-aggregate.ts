import { conjuncts, containsAggregate } from '../ast';
import { containsSubquery } from '../query';
import type { SqlRule } from '../rule';

/**
 * A HAVING condition with no aggregate in it: it filters groups by their key, which WHERE does before the
 * grouping. PostgreSQL's planner moves such conditions into WHERE itself (without grouping sets), so the
 * cost is small; the finding is about saying what the query does.
 */
export const havingWithoutAggregate: SqlRule = {
  id: 'having-without-aggregate',
  assistant: 'sql',
  title: 'HAVING condition without an aggregate belongs in WHERE',
  defaultSeverity: 'hint',
  impact: 'low',
  effort: 'small',
  roadmap: {
    task: 'Move {count} non-aggregate HAVING condition(s) into WHERE',
    baseHours: 0.25,
    hoursPerPlace: 0.1,
    risk: 'low',
    mitigation: 'Equivalent for conditions on GROUP BY columns without grouping sets.',
    skills: ['SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`HAVING\` is for conditions on aggregates (\`HAVING count(*) > 5\`). A condition on a grouped column
(\`HAVING status = 'paid'\`) reads as "group every row, then throw whole groups away". PostgreSQL's planner
notices and moves such conditions into \`WHERE\` itself — unless the query uses \`GROUPING SETS\`, \`ROLLUP\` or
\`CUBE\`, or the condition calls volatile functions — so in PostgreSQL the cost is usually nil; other
databases and readers of the query are not so kind. Reported as a hint.

## How to fix it

Move the condition into \`WHERE\` (\`AND\` it with what is there).

## When to ignore it

With grouping sets, where moving it would change the result.
`,
  when: { text: /having/i },
  check(context) {
    for (const level of context.levels()) {
      if (level.ref.type !== 'SelectStmt') continue;
      const having = level.ref.node.havingClause;
      const groups = level.ref.node.groupClause ?? [];
      if (!having || groups.length === 0) continue;
      if (groups.some((g: Record<string, unknown>) => 'GroupingSet' in g)) continue;
      for (const condition of conjuncts(having)) {
        if (containsAggregate(condition) || containsSubquery(condition)) continue;
        context.report({
          range: context.rangeOf(condition)!,
          message:
            'This HAVING condition uses no aggregate: it filters rows by their group key, which belongs in WHERE (before the grouping). ' +
            'PostgreSQL moves it there itself in most cases, so the cost is small; WHERE says what the query does.',
        });
      }
    }
  },
};
