import type { NodeRef, Payload } from '../../assistants/sql/contract';
import { asRef, columnParts, conjuncts, constValue, operatorName, unwrap, walk } from '../../assistants/sql/contract';

/**
 * What the edit guard needs to know about a WHERE clause: whether it is always true, which columns it
 * bounds to which constants, and how it reads (for the reason a user is shown). Expressions from the
 * real parser's AST; everything here answers "don't know" rather than guess.
 */

/** Deeper than this an expression is not evaluated (a generated predicate; the parser's own limit is higher). */
const MAX_DEPTH = 200;

/** Same expression, written anywhere: the AST without source positions. */
export function exprKey(node: NodeRef | undefined): string {
  if (!node) return '';
  return JSON.stringify({ [node.type]: node.node }, (key, value: unknown) =>
    key === 'location' || key === 'rexpr_list_start' || key === 'rexpr_list_end' ? undefined : value,
  );
}

export { conjuncts };

/** The disjuncts of an expression (`a OR (b OR c)` → a, b, c). */
export function disjuncts(node: NodeRef): NodeRef[] {
  const out: NodeRef[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const ref = stack.pop()!;
    if (ref.type === 'BoolExpr' && ref.node.boolop === 'OR_EXPR') {
      const args = ((ref.node.args ?? []) as unknown[]).map(asRef).filter((a): a is NodeRef => !!a);
      stack.push(...args.reverse());
    } else out.push(ref);
  }
  return out;
}

type Value = string | number | boolean | null;
/** Three-valued: true, false, or null (SQL's unknown); undefined when it cannot be decided here. */
type Truth = boolean | null | undefined;

/** True when the condition holds for every row: `true`, `1 = 1`, `'a' = 'a'`, `x = x`, `p OR NOT p`… */
export function alwaysTrue(node: NodeRef | undefined): boolean {
  return node !== undefined && truth(node, 0) === true;
}

function truth(ref: NodeRef, depth: number): Truth {
  if (depth > MAX_DEPTH) return undefined;
  const value = constant(ref, depth);
  if (value !== undefined) return value === null ? null : typeof value === 'boolean' ? value : undefined;
  const node = ref.node;
  switch (ref.type) {
    case 'BoolExpr': {
      const args = ((node.args ?? []) as unknown[]).map((a) => {
        const arg = asRef(a);
        return arg ? truth(arg, depth + 1) : undefined;
      });
      if (node.boolop === 'NOT_EXPR') return args[0] === undefined || args[0] === null ? args[0] : !args[0];
      if (node.boolop === 'AND_EXPR') {
        if (args.includes(false)) return false;
        return args.every((a) => a === true) ? true : undefined;
      }
      if (args.includes(true)) return true;
      return complementary(disjuncts(ref)) ? true : undefined;
    }
    case 'A_Expr': {
      // `x = x`, `x >= x`: true for every row where x is not null, which is a DELETE of (almost) everything.
      const op = operatorName(node);
      if (node.kind === 'AEXPR_OP' && ['=', '<=', '>='].includes(op)) {
        const left = asRef(node.lexpr);
        const right = asRef(node.rexpr);
        if (left && right && left.type === 'ColumnRef' && exprKey(left) === exprKey(right)) return true;
      }
      return undefined;
    }
    case 'SubLink': {
      // EXISTS over a query without FROM or WHERE (`EXISTS (SELECT 1)`) always finds its row.
      const select = asRef(node.subselect);
      if (node.subLinkType !== 'EXISTS_SUBLINK' || select?.type !== 'SelectStmt') return undefined;
      const s = select.node;
      return !s.fromClause && !s.whereClause && !s.havingClause && !s.limitCount && !s.larg ? true : undefined;
    }
    default:
      return undefined;
  }
}

/** `x IS NULL OR x IS NOT NULL`, `p OR NOT p`: one disjunct the negation of another. */
function complementary(parts: readonly NodeRef[]): boolean {
  const keys = new Set(parts.map(exprKey));
  for (const part of parts) {
    if (part.type === 'NullTest') {
      const flipped = {
        ...part.node,
        nulltesttype: part.node.nulltesttype === 'IS_NULL' ? 'IS_NOT_NULL' : 'IS_NULL',
      };
      if (keys.has(exprKey({ type: 'NullTest', node: flipped }))) return true;
    }
    if (part.type === 'BoolExpr' && part.node.boolop === 'NOT_EXPR') {
      const inner = asRef(part.node.args?.[0]);
      if (inner && keys.has(exprKey(inner))) return true;
    }
  }
  return false;
}

/** The value of a constant expression (`42`, `'t'::boolean`, `1 < 2`, `NOT false`), or undefined. */
function constant(ref: NodeRef, depth: number): Value | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = ref.node;
  switch (ref.type) {
    case 'A_Const':
      return constValue(ref);
    case 'TypeCast': {
      const inner = asRef(node.arg);
      const value = inner ? constant(inner, depth + 1) : undefined;
      const type = typeName(node.typeName);
      if (value === undefined || value === null) return value;
      if (type === 'bool' || type === 'boolean') return booleanLiteral(value);
      if (/^(int[248]?|integer|smallint|bigint|numeric|decimal|float[48]|real|double precision)$/.test(type))
        return Number.isFinite(Number(value)) ? Number(value) : undefined;
      return typeof value === 'string' && type === 'text' ? value : undefined;
    }
    case 'BoolExpr': {
      if (node.boolop !== 'NOT_EXPR') return undefined;
      const inner = asRef(node.args?.[0]);
      const value = inner ? constant(inner, depth + 1) : undefined;
      return typeof value === 'boolean' ? !value : value === null ? null : undefined;
    }
    case 'A_Expr': {
      if (node.kind !== 'AEXPR_OP') return undefined;
      const left = asRef(node.lexpr);
      const right = asRef(node.rexpr);
      const a = left ? constant(left, depth + 1) : undefined;
      const b = right ? constant(right, depth + 1) : undefined;
      if (a === undefined || b === undefined) return undefined;
      if (a === null || b === null) return null;
      return compare(operatorName(node), a, b);
    }
    case 'NullTest': {
      const inner = asRef(node.arg);
      const value = inner ? constant(inner, depth + 1) : undefined;
      if (value === undefined) return undefined;
      return node.nulltesttype === 'IS_NULL' ? value === null : value !== null;
    }
    case 'BooleanTest': {
      const inner = asRef(node.arg);
      const value = inner ? constant(inner, depth + 1) : undefined;
      if (value === undefined || (value !== null && typeof value !== 'boolean')) return undefined;
      switch (node.booltesttype) {
        case 'IS_TRUE':
          return value === true;
        case 'IS_NOT_TRUE':
          return value !== true;
        case 'IS_FALSE':
          return value === false;
        case 'IS_NOT_FALSE':
          return value !== false;
        case 'IS_UNKNOWN':
          return value === null;
        case 'IS_NOT_UNKNOWN':
          return value !== null;
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

function typeName(typeNameNode: Payload | undefined): string {
  const parts = ((typeNameNode?.names ?? []) as unknown[])
    .map((n) => unwrap(n))
    .map((n) => (n?.type === 'String' ? String(n.node.sval ?? '') : ''))
    .filter((n) => n !== 'pg_catalog');
  return parts.join('.').toLowerCase();
}

function booleanLiteral(value: Value): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(text)) return true;
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(text)) return false;
  return undefined;
}

function compare(op: string, a: Exclude<Value, null>, b: Exclude<Value, null>): boolean | undefined {
  // Text ordering depends on the collation: only equality is decided for strings.
  const numeric = typeof a === 'number' && typeof b === 'number';
  switch (op) {
    case '=':
      return typeof a === typeof b ? a === b : undefined;
    case '<>':
    case '!=':
      return typeof a === typeof b ? a !== b : undefined;
    case '<':
      return numeric ? a < b : undefined;
    case '<=':
      return numeric ? a <= b : undefined;
    case '>':
      return numeric ? a > b : undefined;
    case '>=':
      return numeric ? a >= b : undefined;
    default:
      return undefined;
  }
}

/** The column names an expression mentions (last part, lower-case), subqueries included. */
export function columnsOf(node: NodeRef): Set<string> {
  const out = new Set<string>();
  walk(node, (ref) => {
    if (ref.type === 'ColumnRef') {
      const parts = columnParts(ref.node);
      const last = parts[parts.length - 1];
      if (last && last !== '*') out.add(last.toLowerCase());
    }
  });
  return out;
}

/**
 * The rows a simple condition keeps, as a set of values of one column: `id = 42`, `id IN (1, 2)`,
 * `id > 0`, `id BETWEEN 1 AND 5`. A bind parameter (`id = $1`) is one value we do not know.
 */
export interface Bound {
  column: string;
  set: ValueSet;
}

interface RangeEnd {
  value: number;
  inclusive: boolean;
}

/** Listed values (and how many bind parameters, whose values are unknown), or a numeric range. */
export type ValueSet =
  { kind: 'points'; values: (string | number)[]; unknown: number } | { kind: 'range'; low?: RangeEnd; high?: RangeEnd };

export function boundOf(ref: NodeRef): Bound | undefined {
  const node = ref.node;
  if (ref.type !== 'A_Expr') return undefined;
  const column = columnName(asRef(node.lexpr));
  if (!column) return undefined;
  const op = operatorName(node);
  if (node.kind === 'AEXPR_IN' && op === '=') {
    const items = ((asRef(node.rexpr)?.node.items ?? []) as unknown[]).map((i) => asRef(i));
    const values = items.map(pointValue);
    if (values.some((v) => v === undefined)) return undefined;
    return { column, set: points(values as (string | number | '?')[]) };
  }
  if (node.kind === 'AEXPR_OP_ANY' && op === '=') {
    // `id = ANY($1)`: however many values the array holds, none of them known here.
    const array = asRef(node.rexpr);
    if (array?.type === 'ParamRef') return { column, set: { kind: 'points', values: [], unknown: Infinity } };
    return undefined;
  }
  if (node.kind === 'AEXPR_BETWEEN') {
    const items = ((asRef(node.rexpr)?.node.items ?? []) as unknown[]).map((i) => asRef(i));
    const [low, high] = items.map((i) => (i ? constant(i, 0) : undefined));
    if (typeof low !== 'number' || typeof high !== 'number') return undefined;
    return {
      column,
      set: { kind: 'range', low: { value: low, inclusive: true }, high: { value: high, inclusive: true } },
    };
  }
  if (node.kind !== 'AEXPR_OP') return undefined;
  const value = pointValue(asRef(node.rexpr));
  if (value === undefined) return undefined;
  if (op === '=') return { column, set: points([value]) };
  if (value === '?' || typeof value !== 'number') return undefined;
  switch (op) {
    case '>':
      return { column, set: { kind: 'range', low: { value, inclusive: false } } };
    case '>=':
      return { column, set: { kind: 'range', low: { value, inclusive: true } } };
    case '<':
      return { column, set: { kind: 'range', high: { value, inclusive: false } } };
    case '<=':
      return { column, set: { kind: 'range', high: { value, inclusive: true } } };
    default:
      return undefined;
  }
}

function columnName(ref: NodeRef | undefined): string | undefined {
  if (ref?.type !== 'ColumnRef') return undefined;
  const parts = columnParts(ref.node);
  const last = parts[parts.length - 1];
  return last && last !== '*' ? last.toLowerCase() : undefined;
}

/** A constant (number or string), '?' for a bind parameter, undefined for anything else. */
function pointValue(ref: NodeRef | undefined): string | number | '?' | undefined {
  if (!ref) return undefined;
  if (ref.type === 'ParamRef') return '?';
  const value = constant(ref, 0);
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

function points(values: (string | number | '?')[]): ValueSet {
  const known = values.filter((v) => v !== '?');
  return { kind: 'points', values: [...new Set(known)], unknown: values.length - known.length };
}

/** Both conditions at once (the conjuncts on one column of a WHERE). */
export function intersect(a: ValueSet, b: ValueSet): ValueSet {
  if (a.kind === 'points' && b.kind === 'points') {
    if (a.unknown > 0 || b.unknown > 0) return a.values.length + a.unknown <= b.values.length + b.unknown ? a : b;
    return { kind: 'points', values: a.values.filter((v) => b.values.includes(v)), unknown: 0 };
  }
  if (a.kind === 'points' && b.kind === 'range')
    return { ...a, values: a.values.filter((v) => typeof v === 'number' && inRange(v, b)) };
  if (a.kind === 'range' && b.kind === 'points') return intersect(b, a);
  const ra = a as Extract<ValueSet, { kind: 'range' }>;
  const rb = b as Extract<ValueSet, { kind: 'range' }>;
  return { kind: 'range', low: tighter(ra.low, rb.low, 1), high: tighter(ra.high, rb.high, -1) };
}

function tighter(a: RangeEnd | undefined, b: RangeEnd | undefined, direction: 1 | -1): RangeEnd | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return (a.value - b.value) * direction > 0 ? a : b;
  return a.inclusive ? b : a;
}

function inRange(value: number, range: Extract<ValueSet, { kind: 'range' }>): boolean {
  if (range.low && (value < range.low.value || (value === range.low.value && !range.low.inclusive))) return false;
  if (range.high && (value > range.high.value || (value === range.high.value && !range.high.inclusive))) return false;
  return true;
}

/**
 * How `after` relates to `before`: 'within' (it keeps no row `before` did not), 'wider' (it keeps every
 * row `before` did and more), 'other' (different rows), or undefined when unknown values leave it open.
 * A range counts as endless (a numeric column has no gaps), so it is never within a list of values.
 */
export function relate(before: ValueSet, after: ValueSet): 'within' | 'wider' | 'other' | undefined {
  if (after.kind === 'points') {
    if (after.unknown > 0) {
      // `id = $1` for `id = 42`: still as few rows, whichever they are.
      const room = before.kind === 'range' ? Infinity : before.values.length + before.unknown;
      return after.values.length + after.unknown <= room ? 'within' : undefined;
    }
    if (before.kind === 'range')
      return after.values.every((v) => typeof v === 'number' && inRange(v, before)) ? 'within' : 'other';
    if (after.values.every((v) => before.values.includes(v))) return 'within';
    if (before.unknown > 0) return undefined;
    return before.values.every((v) => after.values.includes(v)) ? 'wider' : 'other';
  }
  if (before.kind === 'points')
    return before.values.every((v) => typeof v === 'number' && inRange(v, after)) ? 'wider' : 'other';
  if (within(after, before)) return 'within';
  return within(before, after) ? 'wider' : 'other';
}

/** Every value of range `inner` is in `outer`. */
function within(inner: Extract<ValueSet, { kind: 'range' }>, outer: Extract<ValueSet, { kind: 'range' }>): boolean {
  const side = (i: RangeEnd | undefined, o: RangeEnd | undefined, direction: 1 | -1) =>
    !o || (!!i && ((i.value - o.value) * direction > 0 || (i.value === o.value && (o.inclusive || !i.inclusive))));
  return side(inner.low, outer.low, 1) && side(inner.high, outer.high, -1);
}

/** How a condition reads, for a reason shown to the user: its source text on one line, clipped. */
export function snippet(textOf: (node: unknown) => string | undefined, node: NodeRef | undefined): string {
  const text =
    (node &&
      textOf({ [node.type]: node.node })
        ?.replace(/\s+/g, ' ')
        .trim()) ||
    '…';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
