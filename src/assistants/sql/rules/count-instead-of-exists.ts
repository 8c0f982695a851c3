import type { Node } from '@pgsql/types';
import type { NodeRef } from '../ast';
import { asRef, funcName, nextToken, operatorName, walk } from '../ast';
import { integerValue } from '../expressions';
import type { SqlRule, SqlRuleContext } from '../rule';

/**
 * `count(*) > 0` (or `>= 1`, `<> 0`, `= 0`) to ask whether a row exists: the count reads every match,
 * EXISTS stops at the first. Both the whole-query shape (`SELECT count(*) > 0 FROM …`) and the subquery
 * shape (`(SELECT count(*) FROM …) > 0`) are reported, with an EXISTS rewrite where the shape is simple.
 */
export const countInsteadOfExists: SqlRule = {
  id: 'count-instead-of-exists',
  assistant: 'sql',
  title: 'count(*) compared with 0 counts every match where EXISTS stops at the first',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Answer {count} yes/no question(s) with EXISTS',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'The rewrite returns the same single boolean; keep the column alias.',
    skills: ['SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`SELECT count(*) > 0 FROM …\` and \`WHERE (SELECT count(*) FROM …) > 0\` find and count **every** matching
row to answer a yes/no question; \`EXISTS\` stops at the first match. The difference grows with the number of
matches: nothing for one match, a scan of thousands of rows for a popular product or a big customer.

## How to fix it

\`\`\`sql
SELECT EXISTS (SELECT 1 FROM order_items oi JOIN orders o ON o.id = oi.order_id
               WHERE o.user_id = $1 AND oi.product_id = $2) AS already_bought;
\`\`\`

The quick fix rewrites the simple shapes (one output column with an alias, no GROUP BY; or a scalar
subquery compared with 0 or 1); \`count(*) = 0\` becomes \`NOT EXISTS\`.

## When to ignore it

At most one row can match (a lookup by primary key): the count is then as cheap as EXISTS.
`,
  when: { text: /count/i },
  check(context) {
    for (const level of context.levels()) {
      const select = level.ref;
      if (select.type !== 'SelectStmt') continue;
      const grouped = (select.node.groupClause ?? []).length > 0;
      // Shape A: the query itself aggregates everything into one count compared with 0.
      if (!grouped) {
        for (const target of select.node.targetList ?? []) {
          const res = asRef(target);
          const expr = asRef(res?.node.val);
          const test = expr && existenceTest(expr);
          if (!test || test.count.type !== 'FuncCall') continue;
          reportWholeQuery(context, level.ref, res!, expr!, test.negated);
        }
      }
      // Shape B: a scalar subquery counting rows, compared with 0.
      walk(select.node.whereClause, (ref) => {
        if (ref.type === 'SubLink' && ref.node.subLinkType !== 'EXPR_SUBLINK') return 'skip';
        const test = existenceTest(ref);
        if (!test || test.count.type !== 'SubLink') return;
        reportSubquery(context, ref, test.count, test.negated);
        return 'skip';
      });
    }
  },
};

/** `count > 0`, `count >= 1`, `count <> 0`, `0 < count`, `count = 0`… with count a count(*) call or a counting scalar subquery. */
function existenceTest(ref: NodeRef): { count: NodeRef; negated: boolean } | undefined {
  if (ref.type !== 'A_Expr' || ref.node.kind !== 'AEXPR_OP') return undefined;
  const op = operatorName(ref.node);
  const left = asRef(ref.node.lexpr);
  const flip: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '=': '=', '<>': '<>' };
  const candidates: [NodeRef | undefined, Node | undefined, string][] = [
    [left, ref.node.rexpr, op],
    [asRef(ref.node.rexpr), ref.node.lexpr, flip[op] ?? ''],
  ];
  for (const [side, other, operator] of candidates) {
    if (!side || !isCount(side)) continue;
    const n = integerValue(other);
    if (n === undefined) continue;
    if ((operator === '>' && n === 0) || (operator === '>=' && n === 1) || (operator === '<>' && n === 0))
      return { count: side, negated: false };
    if ((operator === '=' && n === 0) || (operator === '<' && n === 1) || (operator === '<=' && n === 0))
      return { count: side, negated: true };
  }
  return undefined;
}

function isCount(ref: NodeRef): boolean {
  if (ref.type === 'FuncCall') return funcName(ref.node) === 'count' && !ref.node.over && !ref.node.agg_distinct;
  if (ref.type === 'SubLink' && ref.node.subLinkType === 'EXPR_SUBLINK') {
    const sub = asRef(ref.node.subselect);
    if (
      sub?.type !== 'SelectStmt' ||
      (sub.node.groupClause ?? []).length ||
      sub.node.havingClause ||
      (sub.node.targetList ?? []).length !== 1
    )
      return false;
    const value = asRef(asRef(sub.node.targetList[0])?.node.val);
    return (
      !!value &&
      value.type === 'FuncCall' &&
      funcName(value.node) === 'count' &&
      !value.node.over &&
      !value.node.agg_distinct
    );
  }
  return false;
}

function reportWholeQuery(
  context: SqlRuleContext,
  select: NodeRef,
  target: NodeRef,
  comparison: NodeRef,
  negated: boolean,
): void {
  const node = select.node;
  const simple =
    context.levels()[0]?.ref === select &&
    (node.targetList ?? []).length === 1 &&
    !node.distinctClause &&
    !node.havingClause &&
    !(node.sortClause ?? []).length &&
    !node.limitCount &&
    !node.limitOffset &&
    !node.withClause &&
    !(node.windowClause ?? []).length &&
    !(node.lockingClause ?? []).length &&
    !!target.node.name;
  const span = context.spanOf(comparison);
  let fixes;
  if (simple && span) {
    const tokens = context.statement.tokens;
    const alias = nextToken(tokens, span.end, (t) => t.kind !== 'keyword' || t.keyword !== 'AS', 2);
    const aliasEnd = alias && alias.text.replace(/"/g, '') === target.node.name ? alias.end : undefined;
    const replace =
      aliasEnd !== undefined
        ? context.edit({ start: span.start, end: aliasEnd }, `${negated ? 'NOT ' : ''}EXISTS (SELECT 1`)
        : undefined;
    const close = context.edit(
      { start: context.statement.end, end: context.statement.end },
      `) AS ${alias?.text ?? target.node.name}`,
    );
    if (replace && close)
      fixes = [
        { title: `Rewrite as ${negated ? 'NOT ' : ''}EXISTS (SELECT 1 …)`, isPreferred: true, edits: [replace, close] },
      ];
  }
  context.report({
    range: context.rangeOf(comparison)!,
    message:
      `count(*) ${negated ? '= 0' : '> 0'} counts every matching row to answer yes or no; ${negated ? 'NOT EXISTS' : 'EXISTS'} stops at the first match. ` +
      'The difference grows with the number of matches.',
    fixes,
  });
}

function reportSubquery(context: SqlRuleContext, comparison: NodeRef, sublink: NodeRef, negated: boolean): void {
  const sub = asRef(sublink.node.subselect)!;
  const countCall = asRef(asRef(sub.node.targetList[0])?.node.val);
  const sublinkSpan = context.spanOf(sublink);
  const comparisonSpan = context.spanOf(comparison);
  const countSpan = context.spanOf(countCall);
  let fixes;
  if (sublinkSpan && comparisonSpan && countSpan) {
    const edits = [
      context.edit({ start: comparisonSpan.start, end: sublinkSpan.start }, negated ? 'NOT EXISTS ' : 'EXISTS '),
      context.edit(countSpan, '1'),
      context.edit({ start: sublinkSpan.end, end: comparisonSpan.end }, ''),
    ];
    if (edits.every(Boolean) && comparisonSpan.start <= sublinkSpan.start) {
      fixes = [
        {
          title: `Rewrite as ${negated ? 'NOT ' : ''}EXISTS (SELECT 1 …)`,
          isPreferred: true,
          edits: edits.map((e) => e!),
        },
      ];
    }
  }
  context.report({
    range: context.rangeOf(comparison)!,
    message:
      `(SELECT count(*) …) ${negated ? '= 0' : '> 0'} counts every matching row to test whether one exists; ${negated ? 'NOT EXISTS' : 'EXISTS'} (SELECT 1 …) stops at the first match. ` +
      'The difference grows with the number of matches.',
    fixes,
  });
}
