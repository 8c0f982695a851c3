import type { NodeRef } from '../../assistants/sql/contract';
import { rowFilter, updatedColumns } from './sql-effects';
import type { Bound } from './sql-expr';
import { alwaysTrue, boundOf, columnsOf, conjuncts, disjuncts, exprKey, intersect, relate, snippet } from './sql-expr';

/**
 * Whether a changed DELETE, UPDATE or MERGE reaches rows the original did not, and how. Decided soundly
 * where it can be: a filter removed or always true, an OR branch added, a condition dropped (none of its
 * columns left in the new filter), a column's constant bound loosened or moved (`id = 42` → `id > 0`,
 * `id = 43`), a bound replaced by one that cannot be bounded (`id IN (SELECT …)`), ONLY dropped, more
 * columns overwritten. A rewrite of a condition on the same columns that is none of these
 * (`date_trunc('day', t) = d` → a range on `t`) is left to the query optimizer's check and the preview.
 */
export function widening(before: ChangeOf, after: ChangeOf): string | undefined {
  const was = rowFilter(before.ref);
  const now = rowFilter(after.ref);
  if (before.ref.node.relation?.inh === false && after.ref.node.relation?.inh !== false)
    return 'drops ONLY, so it reaches the child tables too';
  const overwritten = [...updatedColumns(after.ref)].filter((c) => !updatedColumns(before.ref).has(c));
  if (overwritten.length > 0) return `also overwrites ${overwritten.join(', ')}`;
  // Already unfiltered: the edit cannot widen it (destructiveParts names it on both sides).
  if (!was) return undefined;
  if (!now) return `removes its ${filterWord(before.ref)} (${snippet(before.textOf, was)})`;
  const kept = conjuncts(now).filter((c) => !alwaysTrue(c));
  if (alwaysTrue(now) || kept.length === 0)
    return `replaces its ${filterWord(before.ref)} by a condition that is always true (${snippet(after.textOf, now)})`;

  const keys = new Set(kept.map(exprKey));
  const wholeKey = exprKey(was);
  const original = conjuncts(was);
  for (const condition of original) {
    const key = exprKey(condition);
    if (keys.has(key)) continue;
    const branch = orBranch(condition, wholeKey, kept);
    if (branch) return `adds an OR branch to its ${filterWord(before.ref)} (${snippet(after.textOf, branch)})`;

    const bound = boundOf(condition);
    const mentioned = (column: string) => kept.some((c) => columnsOf(c).has(column));
    if (bound) {
      const newBounds = boundsOn(kept, bound.column);
      if (newBounds.length === 0) {
        if (!mentioned(bound.column)) return `drops the condition ${snippet(before.textOf, condition)}`;
        return `replaces the condition ${snippet(before.textOf, condition)} by one on ${bound.column} that cannot be bounded`;
      }
      const relation = relate(combined(boundsOn(original, bound.column)), combined(newBounds));
      const becomes = newBounds.map((b) => snippet(after.textOf, b.ref)).join(' AND ');
      if (relation === 'wider') return `loosens ${snippet(before.textOf, condition)} to ${becomes}`;
      if (relation === 'other')
        return `changes which rows it touches: ${snippet(before.textOf, condition)} becomes ${becomes}`;
      continue;
    }
    const columns = [...columnsOf(condition)];
    if (!columns.some(mentioned)) return `drops the condition ${snippet(before.textOf, condition)}`;
  }
  return undefined;
}

/** A data change and how to read its statement's source. */
export interface ChangeOf {
  ref: NodeRef;
  textOf: (node: unknown) => string | undefined;
}

function filterWord(ref: NodeRef): string {
  return ref.type === 'MergeStmt' ? 'join condition' : 'WHERE clause';
}

/** A new conjunct that is an OR holding the old condition (or the old filter) as one of its branches. */
function orBranch(condition: NodeRef, wholeKey: string, kept: readonly NodeRef[]): NodeRef | undefined {
  const own = disjuncts(condition).map(exprKey);
  for (const candidate of kept) {
    const parts = disjuncts(candidate);
    if (parts.length < 2) continue;
    const keys = new Set(parts.map(exprKey));
    if (keys.has(wholeKey) || keys.has(exprKey(condition))) return candidate;
    if (own.length < keys.size && own.every((k) => keys.has(k))) return candidate;
  }
  return undefined;
}

function boundsOn(conditions: readonly NodeRef[], column: string): Array<Bound & { ref: NodeRef }> {
  const out: Array<Bound & { ref: NodeRef }> = [];
  for (const ref of conditions) {
    const bound = boundOf(ref);
    if (bound?.column === column) out.push({ ...bound, ref });
  }
  return out;
}

function combined(bounds: readonly Bound[]): Bound['set'] {
  return bounds.slice(1).reduce((set, b) => intersect(set, b.set), bounds[0].set);
}
