import type { Node } from '@pgsql/types';
import type { NodeRef, Payload } from '../ast';
import { asRef, columnParts, containsAggregate, previousToken } from '../ast';
import { integerValue } from '../expressions';
import type { SqlRule, SqlRuleContext } from '../rule';

/**
 * `OFFSET` with a parameter or a large constant: PostgreSQL produces and throws away every row before the
 * page, so page n costs n pages of work. Keyset pagination seeks straight to the page.
 */
export const deepOffsetPagination: SqlRule = {
  id: 'deep-offset-pagination',
  assistant: 'sql',
  title: 'OFFSET pagination reads and discards every row before the page',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Switch {count} paginated {query|queries} to keyset pagination',
    baseHours: 3,
    hoursPerPlace: 2,
    risk: 'medium',
    mitigation:
      'Keyset pages are addressed by the last row seen rather than a page number: adapt the API and the client together.',
    skills: ['SQL', 'API design'],
  },
  docs: `
## Why it matters

\`LIMIT 24 OFFSET 2400\` makes PostgreSQL produce 2,424 rows in order and throw away the first 2,400. Page n
costs as much as reading n pages, so deep pages (and crawlers that walk them all) get slower the larger the
table grows, and rows shift between pages when new ones arrive. Reported when the offset is a parameter
(it grows with the page number) or a constant of at least \`scalingAssistant.sql.offsetThreshold\` (1,000); not
when the code computes it from the page size alone (\`OFFSET \${limit - 1} LIMIT 1\`, the last row of a page).
(Measured in the PGlite sandbox: keyset instead of a deep OFFSET, ~11,000× on a late page.)

## How to fix it

Keyset ("seek") pagination: remember the sort key of the last row of the page and ask for rows after it,
with a unique tie-breaker:

\`\`\`sql
SELECT … FROM products
WHERE active AND (created_at, id) < ($1, $2)   -- last row of the previous page
ORDER BY created_at DESC, id DESC
LIMIT 24;
\`\`\`

An index on the sort key (\`(created_at, id)\`) lets each page start where the last one ended.

## When to ignore it

The result set is small and bounded (an admin list of a few hundred rows), or users need to jump to
arbitrary page numbers and the table stays small.
`,
  when: { text: /offset/i },
  check(context) {
    for (const level of context.levels()) {
      if (level.ref.type !== 'SelectStmt') continue;
      const offset = level.ref.node.limitOffset;
      const ref = asRef(offset);
      if (!ref) continue;
      const constant = integerValue(offset);
      if (constant !== undefined && constant < context.settings.offsetThreshold) continue;
      // Pages of a grouped result ordered by an aggregate (`GROUP BY name ORDER BY count(*) DESC OFFSET $1`):
      // every page computes every group before it can sort them, so the OFFSET only adds to a top-N sort.
      if (ordersGroupsByAggregate(level.ref.node)) continue;
      const span = context.spanOf(ref);
      if (!span) continue;
      if (pageSizeOffset(context, span)) continue;
      const keyword = previousToken(context.statement.tokens, span.start, (t) => t.keyword === 'OFFSET', 2);
      const sortKeys: string[] = (level.ref.node.sortClause ?? []).map((s: unknown) => {
        const by = asRef(s);
        const col = asRef(by?.node.node);
        if (col?.type !== 'ColumnRef' || !writtenAsIs(context, col)) return '';
        return columnParts(col.node).join('.');
      });
      const keys = sortKeys.filter(Boolean);
      // A unique key last keeps pages apart where the sort keys tie; one named id already is.
      const tieBreak = keys.some((k) => k === 'id' || k.endsWith('.id')) ? [] : ['id'];
      const keyset = keys.length
        ? `Use keyset pagination: WHERE (${[...keys, ...tieBreak].join(', ')}) < (values of the last row seen) ORDER BY the same keys, with an index on them.`
        : 'Use keyset pagination: ORDER BY a unique key and ask for the rows after the last one seen.';
      const size =
        constant !== undefined
          ? `OFFSET ${constant} makes PostgreSQL produce and discard ${constant} rows before the page`
          : 'OFFSET from a parameter grows with the page number: every page produces and discards all rows before it';
      context.report({
        range: context.rangeOf({ start: keyword?.start ?? span.start, end: span.end })!,
        message: `${size}, so deep pages get slower as the table grows (and rows shift between pages as new ones arrive). ${keyset}`,
      });
    }
  },
};

/** A GROUP BY level whose ORDER BY leads with an aggregate: written out, by its output name, or by its position. */
function ordersGroupsByAggregate(select: Payload): boolean {
  if (!(select.groupClause ?? []).length) return false;
  const targets: (Payload | undefined)[] = (select.targetList ?? []).map((t: unknown) => asRef(t)?.node);
  const key: Node | undefined = asRef((select.sortClause ?? [])[0])?.node.node;
  const first = asRef(key);
  if (!first) return false;
  if (containsAggregate(first)) return true;
  const position = integerValue(key);
  if (position !== undefined) return !!targets[position - 1] && containsAggregate(targets[position - 1]!.val);
  if (first.type !== 'ColumnRef') return false;
  const parts = columnParts(first.node);
  const named = parts.length === 1 ? targets.find((t) => t?.name === parts[0]) : undefined;
  return !!named && containsAggregate(named.val);
}

/**
 * An OFFSET the host computes from the page size alone (`OFFSET ${limit - 1} LIMIT 1`, the last row of the
 * page, to find the next cursor): bounded by the largest page, it does not grow with the page number.
 */
function pageSizeOffset(context: SqlRuleContext, span: { start: number; end: number }): boolean {
  const host = context.fragment.map.spanToHost(span.start, span.end);
  const written = context.document.text.slice(host.start, host.end);
  if (written === context.fragment.sql.slice(span.start, span.end)) return false;
  const names = written.match(/[A-Za-z_$][\w$]*/g) ?? [];
  return names.some((n) => PAGE_SIZE.test(n)) && !names.some((n) => PAGE_POSITION.test(n));
}

const PAGE_SIZE = /limit|size|per_?page|take|batch/i;
const PAGE_POSITION = /offset|skip|^page$|page_?(?:num|number|index|no)|cursor|start|from|after|before|position/i;

/** The SQL text is the host's own (not a stand-in for `%order%` or `${sort}`, whose column only running code knows). */
function writtenAsIs(context: SqlRuleContext, ref: NodeRef): boolean {
  const span = context.spanOf(ref);
  return !!span && context.fragment.map.editableSpan(span.start, span.end) !== undefined;
}
