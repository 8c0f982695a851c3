import { asRef } from '../ast';
import { integerValue, isRandomCall } from '../expressions';
import { tableLabel } from '../names';
import type { SqlRule } from '../rule';

/** `ORDER BY random()`: every candidate row gets a random number and all of them are sorted to keep a few. */
export const orderByRandom: SqlRule = {
  id: 'order-by-random',
  assistant: 'sql',
  title: 'ORDER BY random() reads and sorts every candidate row to return a few',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Replace {count} ORDER BY random() {query|queries} with sampling',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation: 'Check the new sampling is random enough for the feature (TABLESAMPLE picks pages, not rows).',
    skills: ['PostgreSQL', 'SQL'],
  },
  docs: `
## Why it matters

\`ORDER BY random() LIMIT 8\` computes a random number for every row that passes the \`WHERE\` clause, then
sorts them all to keep eight. No index helps; the cost grows with the number of candidate rows, on every
execution — and "random picks" usually sit on busy pages like a start page.

## How to fix it

- \`TABLESAMPLE SYSTEM_ROWS(n)\` (extension \`tsm_system_rows\`) reads only a few pages; filter and over-sample
  if needed.
- Or pick random keys: draw ids in the key range (\`floor(random() * max_id)\`) and fetch those, or keep a
  precomputed random column with an index and start from a random point in it.
- Or cache the random selection for a minute: the visitor will not notice.

## When to ignore it

The candidate set is small and stays small (a few hundred rows).
`,
  when: { text: /random/i },
  check(context) {
    for (const level of context.levels()) {
      if (level.ref.type !== 'SelectStmt') continue;
      for (const sort of level.ref.node.sortClause ?? []) {
        const by = asRef(sort);
        const expr = asRef(by?.node.node);
        if (!isRandomCall(expr)) continue;
        const limit = integerValue(level.ref.node.limitCount);
        const tables = level.scope.baseTables.map((e) => tableLabel(e.table, e.rangeVar));
        const source = tables.length
          ? `every row of ${tables.join(', ')} that passes the WHERE clause`
          : 'every candidate row';
        context.report({
          range: context.rangeOf(by)!,
          message:
            `ORDER BY random() gives ${source} a random number and sorts them all${limit !== undefined ? ` to return ${limit}` : ''}: ` +
            'no index helps, so on a large table every execution reads and sorts them all (small tables are fine). Sample instead (TABLESAMPLE SYSTEM_ROWS, random keys, or a cached pick).',
        });
      }
    }
  },
};
