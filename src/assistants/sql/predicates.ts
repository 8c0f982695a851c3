import type { Node } from '@pgsql/types';
import type { NodeRef } from './ast';
import { asRef, hasStar, operatorName, walk } from './ast';
import type { QueryLevel, QueryScope, ResolvedColumn } from './query';

/**
 * The comparisons and predicates an index could serve, as rules and the index advisor read them: the
 * WHERE and JOIN … ON conditions of a query level, comparisons of a bare column, the local column named.
 */

const COMPARISON_OPERATORS = new Set(['=', '<', '>', '<=', '>=']);

export interface Comparison {
  node: NodeRef;
  /** The operand sides (for IN and BETWEEN, the right is the list). */
  left: NodeRef | undefined;
  right: Node | Node[] | undefined;
  kind: 'op' | 'in' | 'between' | 'like';
  operator: string;
}

/** A comparison an index could serve, when written with the bare column: `=`, `<`…, IN (list), BETWEEN, LIKE. */
export function asComparison(ref: NodeRef): Comparison | undefined {
  if (ref.type !== 'A_Expr') return undefined;
  const kind = String(ref.node.kind);
  const left = asRef(ref.node.lexpr);
  if (kind === 'AEXPR_OP') {
    const op = operatorName(ref.node);
    return COMPARISON_OPERATORS.has(op)
      ? { node: ref, left, right: ref.node.rexpr, kind: 'op', operator: op }
      : undefined;
  }
  if (kind === 'AEXPR_IN' && operatorName(ref.node) === '=')
    return { node: ref, left, right: ref.node.rexpr, kind: 'in', operator: 'IN' };
  if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM')
    return { node: ref, left, right: ref.node.rexpr, kind: 'between', operator: 'BETWEEN' };
  if (kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE')
    return { node: ref, left, right: ref.node.rexpr, kind: 'like', operator: operatorName(ref.node) };
  return undefined;
}

/**
 * Predicates of a query level: WHERE and the JOIN … ON conditions, subqueries not entered. Found once per level and
 * kept on it: most rules ask for them, for every level of every statement. Shared, so read-only.
 */
export function levelPredicates(level: QueryLevel): { where: Node | undefined; quals: readonly Node[] } {
  if (level.predicates) return level.predicates;
  const quals: Node[] = [];
  const from: Node[] = level.ref.node.fromClause ?? level.ref.node.usingClause ?? [];
  for (const item of from) joinQuals(asRef(item), quals);
  return (level.predicates = { where: level.ref.node.whereClause, quals });
}

/** The quals of a FROM item's joins, each join's after those of its sides (left, then right). */
function joinQuals(ref: NodeRef | undefined, quals: Node[]): void {
  if (ref?.type !== 'JoinExpr') return;
  joinQuals(asRef(ref.node.larg), quals);
  joinQuals(asRef(ref.node.rarg), quals);
  if (ref.node.quals) quals.push(ref.node.quals);
}

/** Every comparison of a predicate at this level (subqueries skipped), in walk order. */
export function eachComparison(expr: Node | undefined, visit: (c: Comparison) => void): void {
  for (const comparison of comparisonsOf(expr)) visit(comparison);
}

/**
 * The comparisons of each predicate, found once: several rules read those of the same WHERE clause, and the AST is
 * never changed after parsing. Shared, so read-only. Kept on the expression under a symbol no enumeration sees, as
 * a walk keeps a node's children (ast.ts): they go when the statement goes.
 */
const COMPARISONS = Symbol('comparisons');

export function comparisonsOf(expr: Node | undefined): readonly Comparison[] {
  if (expr === null || typeof expr !== 'object') return [];
  const known = (expr as Record<symbol, readonly Comparison[] | undefined>)[COMPARISONS];
  if (known) return known;
  const found: Comparison[] = [];
  walk(expr, (ref) => {
    if (ref.type === 'SubLink' || ref.type === 'SelectStmt') return 'skip';
    const comparison = asComparison(ref);
    if (comparison) found.push(comparison);
  });
  if (Object.isExtensible(expr)) Object.defineProperty(expr, COMPARISONS, { value: found });
  return found;
}

/** The local table column a bare ColumnRef names. */
export function localColumn(scope: QueryScope, node: Node | NodeRef | undefined): ResolvedColumn | undefined {
  const ref = asRef(node);
  if (ref?.type !== 'ColumnRef' || hasStar(ref.node)) return undefined;
  const resolved = scope.resolveLocal(ref.node);
  return resolved?.entry.kind === 'table' ? resolved : undefined;
}
