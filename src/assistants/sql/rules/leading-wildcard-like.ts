import type { Node } from '@pgsql/types';
import type { NodeRef } from '../ast';
import { asRef, conjuncts, constValue, funcName, operatorName, walk } from '../ast';
import { isValue } from '../expressions';
import { tableLabel } from '../names';
import { asComparison, eachComparison, levelPredicates, localColumn } from '../predicates';
import { createIndexSql } from '../statement-text';
import type { QueryLevel, RangeEntry, ResolvedColumn } from '../query';
import { isIndependentOf } from '../query';
import type { TableInfo } from '../schema';
import type { SqlRule } from '../rule';

/**
 * `LIKE` / `ILIKE` with a pattern that starts with a wildcard (`'%vegan%'`, `'%' || $1 || '%'`): no B-tree
 * index can serve it, so every row is read and matched. Not reported when a trigram index covers the column.
 */
export const leadingWildcardLike: SqlRule = {
  id: 'leading-wildcard-like',
  assistant: 'sql',
  title: 'LIKE/ILIKE pattern starts with a wildcard, so no B-tree index can serve it',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Serve {count} substring search(es) from trigram or full-text indexes',
    baseHours: 2,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation: 'Build the GIN index CONCURRENTLY; check write overhead on busy tables.',
    skills: ['PostgreSQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

A B-tree index is sorted by the value's beginning, so it can find \`name LIKE 'Lauf%'\` but not
\`name LIKE '%lauf%'\` or \`name ILIKE '%' || $1 || '%'\`: PostgreSQL reads every row of the table and matches
the pattern against each one. Search boxes that query on every keystroke multiply that. The cost grows
linearly with the table. (Measured in the PGlite sandbox on 100k rows: a pg_trgm GIN index made
\`LIKE '%…%'\` ~400× faster.)

## How to fix it

A trigram index serves \`LIKE\` and \`ILIKE\` with wildcards anywhere:

\`\`\`sql
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX CONCURRENTLY products_name_trgm_idx ON products USING gin (name gin_trgm_ops);
\`\`\`

For searching words in longer text, full-text search (\`tsvector\` + GIN) ranks results too. Not reported
when a \`gin_trgm_ops\` / \`gist_trgm_ops\` index on the column exists in the schema.

An equality on an indexed column of the same table (\`tenant_id = $1 AND name ILIKE '%…%'\`) narrows the rows
before the pattern is matched: then the finding is a hint.

## When to ignore it

The table stays small (hundreds of rows), or another indexed predicate narrows the rows first.
`,
  // LIKE and ILIKE (NOT LIKE…) are the comparisons the rule reads; `~~` is an operator it does not.
  when: { text: /like/i },
  check(context) {
    for (const level of context.levels()) {
      const { where, quals } = levelPredicates(level);
      for (const expr of [where, ...quals]) {
        eachComparison(expr, (comparison) => {
          if (comparison.kind !== 'like') return;
          const pattern = patternStart(asRef(comparison.right as Node));
          if (pattern === undefined || !/^[%_]/.test(pattern)) return;
          // The column, possibly under lower()/upper().
          let column: ResolvedColumn | undefined;
          walk(comparison.left, (ref) => {
            if (ref.type === 'ColumnRef' && !column) column = level.scope.resolveLocal(ref.node);
          });
          const table = column?.entry.kind === 'table' ? column.entry.table : undefined;
          if (
            column &&
            table?.indexes.some(
              (i) => i.keys[0]?.column === column!.column && /trgm_ops$/.test(i.keys[0]?.opclass ?? ''),
            )
          )
            return;
          const label = tableLabel(table, column?.entry.rangeVar);
          const name = column?.column;
          const op = operatorName(comparison.node.node).includes('*') ? 'ILIKE' : 'LIKE';
          const narrowed = column && table ? indexedEquality(level, column.entry, table, comparison.node) : undefined;
          if (narrowed) {
            context.report({
              range: context.rangeOf(comparison.node)!,
              severity: 'hint',
              message:
                `${op} pattern starting with a wildcard, but ${narrowed.column} = … narrows ${label} first through the index ${narrowed.index}: ` +
                `the pattern is matched only against those rows. Only a hint: it matters when one ${narrowed.column} holds many rows; then a trigram index (pg_trgm GIN) on ${name ?? 'the column'} serves the search.`,
            });
            return;
          }
          const fix = name
            ? ` A trigram index serves it: CREATE EXTENSION IF NOT EXISTS pg_trgm; ${createIndexSql(label, `${name} gin_trgm_ops`, { using: 'gin' })} — or use full-text search for words.`
            : ' A pg_trgm GIN index on the column, or full-text search, serves it.';
          context.report({
            range: context.rangeOf(comparison.node)!,
            message:
              `${op} pattern starting with a wildcard: no B-tree index can serve it, so every row of ${label} is read and matched — on a large table a full scan per execution; small tables are fine.` +
              fix,
          });
        });
      }
    }
  },
};

/**
 * An equality on another column of the same table (`tenant_id = $1`) that leads one of its B-tree indexes: the
 * scan starts from that index, and the pattern is matched against its rows only.
 */
function indexedEquality(
  level: QueryLevel,
  entry: RangeEntry,
  table: TableInfo,
  like: NodeRef,
): { column: string; index: string } | undefined {
  const { where } = levelPredicates(level);
  for (const condition of conjuncts(where)) {
    if (condition === like) continue;
    const comparison = asComparison(condition);
    if (!comparison || (comparison.operator !== '=' && comparison.kind !== 'in')) continue;
    const column = localColumn(level.scope, comparison.left);
    if (!column || column.entry !== entry) continue;
    const rights = Array.isArray(comparison.right) ? comparison.right : [comparison.right];
    if (!rights.every((r) => isValue(r as Node) || isIndependentOf(r as Node, level.scope))) continue;
    const index = table.indexes.find(
      (i) => (i.method === 'btree' || i.method === 'hash') && i.keys[0]?.column === column.column,
    );
    if (index) return { column: column.column, index: index.name };
  }
  return undefined;
}

/** The known beginning of a pattern: a string constant, or the leftmost constant of `'%' || $1 || '%'` / concat('%', …). */
function patternStart(node: ReturnType<typeof asRef>): string | undefined {
  if (!node) return undefined;
  const value = constValue(node);
  if (typeof value === 'string') return value;
  if (node.type === 'TypeCast') return patternStart(asRef(node.node.arg));
  if (node.type === 'A_Expr' && node.node.kind === 'AEXPR_OP' && operatorName(node.node) === '||')
    return patternStart(asRef(node.node.lexpr));
  if (node.type === 'FuncCall' && funcName(node.node) === 'concat') return patternStart(asRef(node.node.args?.[0]));
  return undefined;
}
