import { asRef, columnParts } from '../ast';
import { tableLabel } from '../names';
import type { RangeEntry } from '../query';
import type { SqlRule } from '../rule';
import { Catalog } from '../schema';

/**
 * `SELECT DISTINCT` whose rows are unique anyway: the select list contains a primary key or unique key of
 * every table it reads (joined many-to-one), or every GROUP BY expression. The DISTINCT only adds a sort or
 * hash over the whole result.
 */
export const redundantDistinct: SqlRule = {
  id: 'redundant-distinct',
  assistant: 'sql',
  title: 'DISTINCT over rows that are already unique',
  defaultSeverity: 'info',
  impact: 'low',
  effort: 'small',
  roadmap: {
    task: 'Remove {count} redundant DISTINCT(s)',
    baseHours: 0.25,
    hoursPerPlace: 0.1,
    risk: 'low',
    mitigation: 'Only where the select list holds a key of every table, so no duplicate can exist.',
    skills: ['SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`DISTINCT\` makes PostgreSQL sort or hash the whole result to drop duplicates. When the select list already
contains the primary key (or a NOT NULL unique key) of every table in the query, or every \`GROUP BY\`
expression, no two rows can be equal: the extra step costs time and memory on every row returned, for
nothing — and \`DISTINCT\` added "to be safe" often hides a join that multiplies rows.

## How to fix it

Remove \`DISTINCT\` (the quick fix does). If duplicates appeared before, look for a join that multiplies
rows instead.

## When to ignore it

The schema the assistant reads is not the one in production (a key dropped there).
`,
  when: { text: /distinct/i },
  check(context) {
    for (const level of context.levels()) {
      if (level.ref.type !== 'SelectStmt') continue;
      const distinct = level.ref.node.distinctClause as unknown[] | undefined;
      // DISTINCT is a list with one empty node; DISTINCT ON (…) has expressions.
      if (!distinct || distinct.length !== 1 || Object.keys(distinct[0] as object).length !== 0) continue;
      const selected = new Map<RangeEntry, Set<string>>();
      const selectedText = new Set<string>();
      let star = false;
      for (const target of level.ref.node.targetList ?? []) {
        const value = asRef(asRef(target)?.node.val);
        if (value?.type !== 'ColumnRef') continue;
        const parts = columnParts(value.node);
        selectedText.add(parts.join('.'));
        if (parts[parts.length - 1] === '*') {
          star = true;
          continue;
        }
        const resolved = level.scope.resolveLocal(value.node);
        if (!resolved) continue;
        if (!selected.has(resolved.entry)) selected.set(resolved.entry, new Set());
        selected.get(resolved.entry)!.add(resolved.column);
      }
      let why: string | undefined;
      const groups = level.ref.node.groupClause ?? [];
      if (groups.length > 0) {
        const all = groups.every((g: unknown) => {
          const ref = asRef(g);
          return ref?.type === 'ColumnRef' && selectedText.has(columnParts(ref.node).join('.'));
        });
        if (all) why = 'the select list contains every GROUP BY column, so each row is already a distinct group';
      } else if (!star) {
        const entries = level.scope.entries;
        const keyed =
          entries.length > 0 &&
          entries.every((e) => {
            if (e.kind !== 'table' || !e.table) return false;
            const cols = selected.get(e) ?? new Set<string>();
            const notNull = new Set([...cols].filter((c) => e.table!.columns.get(c)?.notNull));
            return Catalog.isUniqueSet(e.table, notNull);
          });
        if (keyed)
          why = `the select list contains a key of ${entries.map((e) => tableLabel(e.table)).join(' and ')}, so no two rows can be equal`;
      }
      if (!why) continue;
      const distinctToken = keywordBefore(context, level.ref.node.targetList?.[0]);
      const edit = distinctToken && context.edit({ start: distinctToken.start, end: distinctToken.end + 1 }, '');
      context.report({
        range: context.rangeOf(distinctToken ?? level.ref)!,
        message: `DISTINCT is redundant: ${why}. It still sorts or hashes every row of the result (noticeable on large results). Remove it.`,
        fixes:
          edit && context.fragment.sql[distinctToken.end] === ' '
            ? [{ title: 'Remove DISTINCT', isPreferred: true, edits: [edit] }]
            : undefined,
      });
    }
  },
};

function startOf(context: Parameters<typeof redundantDistinct.check>[0], target: unknown): number {
  return context.spanOf(asRef(target))?.start ?? context.statement.start;
}

/** The DISTINCT keyword just before the first select-list item. */
function keywordBefore(context: Parameters<typeof redundantDistinct.check>[0], target: unknown) {
  const at = startOf(context, target);
  const tokens = context.statement.tokens;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].end > at) continue;
    return tokens[i].keyword === 'DISTINCT' ? tokens[i] : undefined;
  }
  return undefined;
}
