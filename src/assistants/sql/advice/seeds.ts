import type { Node } from '@pgsql/types';
import type { NodeRef, Payload } from '../ast';
import { asRef, columnParts, constValue, operatorName, walk } from '../ast';
import type { CheckSeeds, ColumnSeed } from '../plan-engine/types';

/**
 * The constants queries compare columns with, for the per-check dataset: `col = c`, `<`, `>`, `<=`, `>=`,
 * `<>`, BETWEEN, IN lists, LIKE patterns (their literal parts), IS NULL, also through a function of one
 * column (`date_trunc('day', created_at) = '2024-03-01'`). Collected from BOTH queries, so a threshold the
 * rewrite changed (`> 100` → `> 50`) gets rows between the two. A qualified reference resolves its
 * table through the aliases the queries declare; an unqualified one is left to the sandbox, which seeds
 * every table with a column of that name (a superset: harmless, it only adds rows around the constant).
 */

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
const LIKE_OPERATORS = new Set(['~~', '~~*', '!~~', '!~~*']);
/** Enough for any realistic query; a generated IN list of thousands adds nothing a few of its values do not. */
const MAX_VALUES_PER_COLUMN = 24;
const MAX_FILTERS = 48;
const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
const LIKE_SQL: Readonly<Record<string, string>> = {
  '~~': 'LIKE',
  '~~*': 'ILIKE',
  '!~~': 'NOT LIKE',
  '!~~*': 'NOT ILIKE',
};
const BETWEEN_SQL: Readonly<Record<string, string>> = {
  AEXPR_BETWEEN: 'BETWEEN',
  AEXPR_NOT_BETWEEN: 'NOT BETWEEN',
  AEXPR_BETWEEN_SYM: 'BETWEEN SYMMETRIC',
  AEXPR_NOT_BETWEEN_SYM: 'NOT BETWEEN SYMMETRIC',
};

/** Seeds from parsed statements (the SelectStmt wrappers of the original and the rewrite). */
export function collectSeeds(statements: readonly Node[]): CheckSeeds {
  const tables = new Set<string>();
  const aliases = new Map<string, Set<string>>();
  for (const statement of statements) {
    walk(statement, (ref) => {
      if (ref.type !== 'RangeVar') return;
      const name = ref.node.schemaname ? `${ref.node.schemaname}.${ref.node.relname}` : String(ref.node.relname);
      tables.add(name);
      for (const alias of [ref.node.alias?.aliasname ?? ref.node.relname, name]) {
        const set = aliases.get(alias) ?? new Set<string>();
        set.add(name);
        aliases.set(alias, set);
      }
    });
  }
  // CTE names are not tables: a column qualified by one is seeded on every table with that column.
  for (const statement of statements) {
    walk(statement, (ref) => {
      if (ref.type === 'CommonTableExpr') tables.delete(String(ref.node.ctename));
    });
  }
  const seeds = new Map<string, ColumnSeed>();
  const filters = new Map<string, { table?: string; sql: string }>();
  const resolve = (column: NodeRef): { name?: string; tables: (string | undefined)[] } => {
    const parts = columnParts(column.node);
    const name = parts[parts.length - 1];
    if (!name || name === '*') return { tables: [] };
    const qualifier = parts.length >= 2 ? parts.slice(0, -1).join('.') : undefined;
    const resolved = qualifier ? [...(aliases.get(qualifier) ?? [])].filter((t) => tables.has(t)) : [];
    return { name, tables: resolved.length ? resolved : [undefined] };
  };
  /** A predicate on a plain column (not through a function), rebuilt over its bare name. */
  const filter = (side: unknown, build: (column: string) => string) => {
    const column = asRef(side);
    if (column?.type !== 'ColumnRef' || filters.size >= MAX_FILTERS) return;
    const { name, tables: owners } = resolve(column);
    if (!name) return;
    for (const table of owners) {
      const sql = build(quoteIdent(name));
      filters.set(`${table ?? ''}|${sql}`, { ...(table ? { table } : {}), sql });
    }
  };
  const add = (column: NodeRef, values: string[], exact = false) => {
    const { name, tables: owners } = resolve(column);
    if (!name) return;
    for (const table of owners) {
      const key = `${table ?? ''}|${name}|${exact}`;
      const seed = seeds.get(key) ?? {
        ...(table ? { table } : {}),
        column: name,
        values: [],
        ...(exact ? { exact } : {}),
      };
      for (const value of values)
        if (!seed.values.includes(value) && seed.values.length < MAX_VALUES_PER_COLUMN) seed.values.push(value);
      seeds.set(key, seed);
    }
  };
  for (const statement of statements) {
    walk(statement, (ref) => {
      if (ref.type === 'NullTest') {
        const column = soleColumn(ref.node.arg);
        if (column) add(column, []);
        filter(ref.node.arg, (c) => `${c} IS ${ref.node.nulltesttype === 'IS_NOT_NULL' ? 'NOT ' : ''}NULL`);
        return;
      }
      if (ref.type !== 'A_Expr') return;
      const expr = ref.node;
      const kind: string = expr.kind;
      if (kind === 'AEXPR_OP' && COMPARISONS.has(operatorName(expr))) {
        const operator = operatorName(expr);
        for (const [side, other, flipped] of [
          [expr.lexpr, expr.rexpr, false],
          [expr.rexpr, expr.lexpr, true],
        ] as const) {
          const column = soleColumn(side);
          const value = literal(other);
          if (!column || value === undefined) continue;
          add(column, [value]);
          filter(side, (c) => `${c} ${flipped ? (FLIPPED[operator] ?? operator) : operator} ${value}`);
        }
      } else if (kind === 'AEXPR_IN' || kind.startsWith('AEXPR_BETWEEN') || kind.startsWith('AEXPR_NOT_BETWEEN')) {
        const column = soleColumn(expr.lexpr);
        const items: unknown[] = asRef(expr.rexpr)?.type === 'List' ? (asRef(expr.rexpr)!.node.items ?? []) : [];
        const values = items.map(literal).filter((v): v is string => v !== undefined);
        if (column && values.length) add(column, values);
        if (values.length !== items.length || values.length === 0) return;
        if (kind === 'AEXPR_IN')
          filter(expr.lexpr, (c) => `${c} ${operatorName(expr) === '<>' ? 'NOT IN' : 'IN'} (${values.join(', ')})`);
        else if (BETWEEN_SQL[kind] && values.length === 2)
          filter(expr.lexpr, (c) => `${c} ${BETWEEN_SQL[kind]} ${values[0]} AND ${values[1]}`);
      } else if (
        kind === 'AEXPR_LIKE' ||
        kind === 'AEXPR_ILIKE' ||
        (kind === 'AEXPR_OP' && LIKE_OPERATORS.has(operatorName(expr)))
      ) {
        const column = soleColumn(expr.lexpr);
        const pattern = constValue(unwrapCast(expr.rexpr));
        if (column && typeof pattern === 'string') add(column, likeSamples(pattern).map(quoteLiteral), true);
        const operator =
          kind === 'AEXPR_ILIKE' ? (operatorName(expr).startsWith('!') ? '!~~*' : '~~*') : operatorName(expr);
        if (typeof pattern === 'string' && LIKE_SQL[operator])
          filter(expr.lexpr, (c) => `${c} ${LIKE_SQL[operator]} ${quoteLiteral(pattern)}`);
      }
    });
  }
  return { tables: [...tables].sort(), columns: [...seeds.values()], filters: [...filters.values()] };
}

/** Text a LIKE pattern matches and text just beside it: the literal parts, wildcards filled, the prefix cut short or changed. */
export function likeSamples(pattern: string): string[] {
  const literalParts = pattern.split(/(?<!\\)[%_]/).map((s) => s.replace(/\\(.)/g, '$1'));
  const prefix = literalParts[0];
  const samples = new Set<string>([
    literalParts.join(''),
    pattern
      .replace(/(?<!\\)%/g, 'x')
      .replace(/(?<!\\)_/g, 'y')
      .replace(/\\(.)/g, '$1'),
  ]);
  if (prefix.length > 0) {
    samples.add(prefix.slice(0, -1));
    samples.add(`${prefix.slice(0, -1)}~`);
    samples.add(`x${prefix}`);
  }
  return [...samples];
}

/** The one column an expression reads (a ColumnRef, or a function / cast of exactly one column). */
function soleColumn(expr: unknown): NodeRef | undefined {
  const ref = asRef(expr);
  if (!ref) return undefined;
  if (ref.type === 'ColumnRef') return ref;
  if (ref.type !== 'FuncCall' && ref.type !== 'TypeCast' && ref.type !== 'A_Expr' && ref.type !== 'CoalesceExpr')
    return undefined;
  const found: NodeRef[] = [];
  let subquery = false;
  walk(ref, (inner) => {
    if (inner.type === 'SubLink') {
      subquery = true;
      return 'skip';
    }
    if (inner.type === 'ColumnRef') found.push(inner);
  });
  return !subquery && found.length === 1 ? found[0] : undefined;
}

function unwrapCast(expr: unknown): NodeRef | undefined {
  let ref = asRef(expr);
  while (ref?.type === 'TypeCast') ref = asRef((ref.node as Payload).arg);
  return ref;
}

/** A constant as SQL literal text, or undefined when the expression is not one. */
function literal(expr: unknown): string | undefined {
  const ref = unwrapCast(expr);
  // A float or a bigint literal keeps its digits as written (a JS number would round them).
  const written = ref?.type === 'A_Const' ? ref.node.fval?.fval : undefined;
  if (typeof written === 'string' && /^-?[\d.]+(e[-+]?\d+)?$/i.test(written)) return written;
  const value = constValue(ref);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quoteLiteral(value);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
