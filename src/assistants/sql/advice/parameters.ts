import { inferredParameterTypes } from './parameter-types';
import type { Node } from '@pgsql/types';
import type { NodeRef, Payload } from '../ast';
import { asRef, operatorName, spanOf, unwrap, walk } from '../ast';
import { ident } from '../names';
import type { SqlStatement } from '../parser';
import type { PlanEngine } from '../plan-engine/types';
import type { QueryLevel, QueryScope, RangeEntry } from '../query';
import { queryLevels } from '../query';
import type { Catalog } from '../schema';
import { typeText } from '../schema';
import type { ParameterCase, ParameterValue } from './types';

/**
 * Values for a statement's `$n`, drawn from the sandbox's own rows: for each parameter, the column (or
 * expression) it is compared with, and from that column's values a frequent, a typical and a rare one — the
 * values PostgreSQL's custom plans are made for, since the planner sees the value and its frequency. A range
 * bound takes the value that lets most rows through, the median, and one that lets few through. The statement
 * is then measured once per case, so an index that helps the typical value but not the most frequent one says so.
 */

type TargetKind = 'equal' | 'above' | 'below' | 'array' | 'pattern' | 'pattern-part' | 'limit' | 'offset' | 'new-key';

interface Target {
  number: number;
  kind: TargetKind;
  /** Where the values come from: a table and the expression evaluated on its rows (columns qualified by `alias`). */
  source?: { table: string; alias: string; expression: string };
  /** The type the statement casts it to (`$3::text`): a parameter compared with no column gets a neutral value of it. */
  cast?: string;
  /** `cast` is the type PostgreSQL inferred for an uncast parameter (`make_interval(secs => $3)`), not one written. */
  inferred?: boolean;
  /** `new-key`: the column's type, for a value none of its rows holds. */
  type?: string;
}

/**
 * `$n` the extraction wrote for host code spliced into the statement's text (a Go `+ strings.Join(where, " AND ")`,
 * a `${clause}` in a plain template), with that code: no driver binds a value there, so what runs is unknown here.
 */
export type SplicedParameters = ReadonlyMap<number, string>;

/** The parameters of a statement and what each is compared with; a parameter without one has no `source`. */
export function parameterTargets(statement: SqlStatement, sql: string, catalog: Catalog): Map<number, Target> {
  const targets = new Map<number, Target>();
  const text = (node: Node | NodeRef) => {
    const span = spanOf(node, statement.tokens);
    return span ? sql.slice(span.start, span.end) : undefined;
  };
  const add = (target: Target) => {
    const known = targets.get(target.number);
    if (!known || (!known.source && target.source)) targets.set(target.number, target);
  };
  const sourceOf = (scope: QueryScope, expression: NodeRef | undefined): Target['source'] => {
    if (!expression) return undefined;
    let entry: RangeEntry | undefined;
    let ok = true;
    walk(expression, (ref) => {
      if (ref.type === 'ParamRef' || ref.type === 'SubLink') ok = false;
      if (ref.type !== 'ColumnRef') return;
      const resolved = scope.resolveLocal(ref.node);
      if (!resolved || resolved.entry.kind !== 'table' || !resolved.entry.table) ok = false;
      else if (entry && entry !== resolved.entry) ok = false;
      else entry = resolved.entry;
    });
    const expressionText = text(expression);
    if (!ok || !entry?.table || !expressionText) return undefined;
    return { table: entry.table.key, alias: entry.alias, expression: expressionText };
  };
  for (const level of safeLevels(statement, catalog)) {
    compareLevel(level, sourceOf, add);
    limitsOf(level, add);
  }
  assignedValues(statement, catalog, add);
  // Every `$n` of the statement, found or not: one without a source means the statement cannot run with values,
  // unless the statement casts it to a type that has a neutral value.
  const casts = new Map<number, string>();
  walk(statement.node, (ref) => {
    if (ref.type === 'TypeCast' && asRef(ref.node.arg)?.type === 'ParamRef') {
      const n = asRef(ref.node.arg)?.node.number;
      if (typeof n === 'number' && !casts.has(n)) casts.set(n, typeText(ref.node.typeName as Payload));
    }
    if (ref.type === 'ParamRef' && typeof ref.node.number === 'number' && !targets.has(ref.node.number))
      targets.set(ref.node.number, { number: ref.node.number, kind: 'equal' });
  });
  for (const target of targets.values()) {
    const cast = casts.get(target.number);
    if (!target.source && cast && target.kind !== 'limit' && target.kind !== 'offset') target.cast = cast;
  }
  return targets;
}

/**
 * A value of the type that selects nothing by itself, for a parameter the statement compares with no column (an
 * optional filter's `$2::text = ''`, a channel name in `pg_notify(…, $4::text)`): the empty text, zero, false, now,
 * an empty array or object. Undefined for a type without an obvious one.
 */
export function neutralValue(type: string): string | undefined {
  if (type.endsWith('[]')) return '{}';
  const base = type.replace(/\(.*\)$/, '');
  if (/^(text|character varying|character|varchar|char|name|citext)$/.test(base)) return '';
  if (/^(bigint|integer|smallint|numeric|decimal|real|double precision|interval)$/.test(base)) return '0';
  if (base === 'boolean') return 'false';
  if (/^(timestamp with(out)? time zone|date)$/.test(base)) return 'now';
  if (base === 'jsonb' || base === 'json') return '{}';
  if (base === 'uuid') return '00000000-0000-0000-0000-000000000000';
  if (base === 'bytea') return '\\x';
  return undefined;
}

function safeLevels(statement: SqlStatement, catalog: Catalog): QueryLevel[] {
  try {
    return queryLevels(statement.node, catalog);
  } catch {
    return [];
  }
}

/**
 * `$n` itself, through casts (`$1::bigint`) and as the first choice of a `coalesce` (`coalesce($1::timestamptz,
 * now())`, the optional parameter of generated query code): where it is given, its value is what the column is
 * compared with or stores.
 */
function paramNumber(node: Node | NodeRef | undefined): number | undefined {
  let ref = asRef(node);
  while (ref?.type === 'TypeCast' || (ref?.type === 'CoalesceExpr' && Array.isArray(ref.node.args)))
    ref = asRef(ref.type === 'TypeCast' ? ref.node.arg : (ref.node.args as Node[])[0]);
  return ref?.type === 'ParamRef' && typeof ref.node.number === 'number' ? ref.node.number : undefined;
}

/** `'%' || $1 || '%'`, `concat('%', $1)`: the parameter inside a pattern built around it. */
function paramInside(node: Node | NodeRef | undefined): number | undefined {
  let found: number | undefined;
  walk(node, (ref) => {
    if (found === undefined && ref.type === 'ParamRef' && typeof ref.node.number === 'number') found = ref.node.number;
  });
  return found;
}

const FLIP: Readonly<Record<string, TargetKind>> = { '<': 'above', '<=': 'above', '>': 'below', '>=': 'below' };
const KEEP: Readonly<Record<string, TargetKind>> = { '<': 'below', '<=': 'below', '>': 'above', '>=': 'above' };

/** Comparisons of a level's predicates (subqueries are levels of their own). */
function compareLevel(
  level: QueryLevel,
  sourceOf: (scope: QueryScope, expression: NodeRef | undefined) => Target['source'],
  add: (target: Target) => void,
): void {
  const node = level.ref.node;
  const roots: unknown[] = [node.whereClause, node.havingClause];
  for (const item of node.fromClause ?? node.usingClause ?? []) {
    walk(item, (ref) => {
      if (ref.type === 'RangeSubselect' || ref.type === 'SelectStmt') return 'skip';
      if (ref.type === 'JoinExpr' && ref.node.quals) roots.push(ref.node.quals);
    });
  }
  for (const root of roots) {
    walk(root as Node, (ref) => {
      if (ref.type === 'SubLink' || ref.type === 'SelectStmt') return 'skip';
      if (ref.type !== 'A_Expr') return;
      const kind = String(ref.node.kind);
      const left = asRef(ref.node.lexpr);
      const right = ref.node.rexpr as Node | Node[] | undefined;
      const op = operatorName(ref.node);
      if (kind === 'AEXPR_OP' && ['=', '<', '<=', '>', '>='].includes(op)) {
        const r = paramNumber(right as Node);
        const l = paramNumber(left);
        if (r !== undefined && l === undefined)
          add({ number: r, kind: op === '=' ? 'equal' : KEEP[op], source: sourceOf(level.scope, left) });
        else if (l !== undefined && r === undefined)
          add({ number: l, kind: op === '=' ? 'equal' : FLIP[op], source: sourceOf(level.scope, asRef(right)) });
      } else if ((kind === 'AEXPR_OP_ANY' && op === '=') || (kind === 'AEXPR_OP_ALL' && (op === '<>' || op === '!='))) {
        // `= ANY($n)` picks the rows of the array's values, `<> ALL($n)` leaves them out: values of the column either way.
        const r = paramNumber(right as Node);
        if (r !== undefined) add({ number: r, kind: 'array', source: sourceOf(level.scope, left) });
      } else if (kind === 'AEXPR_IN' && Array.isArray(right)) {
        for (const item of right) {
          const r = paramNumber(item);
          if (r !== undefined) add({ number: r, kind: 'equal', source: sourceOf(level.scope, left) });
        }
      } else if ((kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM') && Array.isArray(right)) {
        const [low, high] = right.map((r) => paramNumber(r));
        if (low !== undefined) add({ number: low, kind: 'above', source: sourceOf(level.scope, left) });
        if (high !== undefined) add({ number: high, kind: 'below', source: sourceOf(level.scope, left) });
      } else if (kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE') {
        const whole = paramNumber(right as Node);
        const part = whole === undefined ? paramInside(right as Node) : undefined;
        if (whole !== undefined) add({ number: whole, kind: 'pattern', source: sourceOf(level.scope, left) });
        else if (part !== undefined) add({ number: part, kind: 'pattern-part', source: sourceOf(level.scope, left) });
      }
    });
  }
}

function limitsOf(level: QueryLevel, add: (target: Target) => void): void {
  const limit = paramNumber(level.ref.node.limitCount);
  const offset = paramNumber(level.ref.node.limitOffset);
  if (limit !== undefined) add({ number: limit, kind: 'limit' });
  if (offset !== undefined) add({ number: offset, kind: 'offset' });
}

/** `INSERT … VALUES ($1, …)` and `UPDATE … SET col = $1`: the column the value is stored in. */
function assignedValues(statement: SqlStatement, catalog: Catalog, add: (target: Target) => void): void {
  const ref = unwrap(statement.node);
  if (!ref) return;
  const relation = ref.node.relation as Payload | undefined;
  const table = catalog.resolveRangeVar(relation);
  if (!table) return;
  const alias = String(relation?.alias?.aliasname ?? table.name);
  const column = (name: string) => ({ table: table.key, alias, expression: `${ident(alias)}.${ident(name)}` });
  if (ref.type === 'InsertStmt') {
    const columns = (ref.node.cols ?? []).map((c: Node) => String(unwrap(c)?.node.name ?? ''));
    const select = unwrap(ref.node.selectStmt)?.node;
    // A key column's value is one no row holds yet: a drawn one would only measure the duplicate-key error.
    const keyColumns = new Set([...(table.primaryKey ?? []), ...table.uniques.flat()]);
    // `VALUES (…)` rows, or the select list of `INSERT … SELECT $1, m.id FROM …`: the value at a column's position.
    const rows: Node[][] = (select?.valuesLists ?? []).map((row: Node) => unwrap(row)?.node.items ?? []);
    if (!select?.valuesLists && select?.targetList)
      rows.push(select.targetList.map((target: Node) => unwrap(target)?.node.val as Node));
    for (const values of rows) {
      values.forEach((value: Node, i: number) => {
        const n = paramNumber(value);
        const name = columns[i];
        if (n === undefined || !name || !table.columns.has(name)) return;
        if (keyColumns.has(name))
          add({ number: n, kind: 'new-key', source: column(name), type: table.columns.get(name)!.type });
        else add({ number: n, kind: 'equal', source: column(name) });
      });
    }
  } else if (ref.type === 'UpdateStmt') {
    for (const target of ref.node.targetList ?? []) {
      const set = unwrap(target)?.node;
      const n = paramNumber(set?.val);
      const name = String(set?.name ?? '');
      if (n !== undefined && table.columns.has(name)) add({ number: n, kind: 'equal', source: column(name) });
    }
  }
}

/** LIMIT is a page size; OFFSET the first page: neither changes which rows the plan reads first. */
const PAGE_SIZE = '20';

/**
 * The frequent, typical and rare cases (fewer when the column's values are all as frequent as each other),
 * or why the statement cannot be given values: a parameter compared with nothing the sandbox holds, or an
 * engine that does not run queries.
 */
export async function parameterCases(
  engine: PlanEngine,
  targets: ReadonlyMap<number, Target>,
  signal?: AbortSignal,
  spliced: SplicedParameters = new Map(),
  sql?: string,
): Promise<{ cases: ParameterCase[] } | { reason: string; empty?: true }> {
  const unsourced = [...targets.values()].filter((t) => !t.source && t.kind !== 'limit' && t.kind !== 'offset');
  // Spliced host code first: its `$n` is no parameter at all, so no value, neutral or drawn, stands for it.
  const code = unsourced.filter((t) => spliced.has(t.number));
  if (code.length > 0)
    return {
      reason: `${code.map((t) => `$${t.number} stands for \`${shortCode(spliced.get(t.number)!)}\``).join(', ')}, SQL the code splices in at run time, so the statement that runs is not known here`,
    };
  // Neither cast nor compared with a column: the type PostgreSQL infers for it, as if the statement cast it.
  const uncast = unsourced.filter((t) => t.cast === undefined);
  if (uncast.length > 0 && sql !== undefined) {
    const inferred = await inferredParameterTypes(engine, sql, signal);
    for (const target of uncast) {
      const type = inferred.get(target.number);
      if (type !== undefined && type !== 'unknown' && neutralValue(type) !== undefined) {
        target.cast = type;
        target.inferred = true;
      }
    }
  }
  const missing = unsourced.filter((t) => t.cast === undefined || neutralValue(t.cast) === undefined);
  if (missing.length > 0)
    return {
      reason: `${missing.map((t) => `$${t.number}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} compared with nothing the schema knows and cast to no type with a neutral value, so no value can be drawn for ${missing.length === 1 ? 'it' : 'them'}`,
    };
  if (!engine.rows)
    return {
      reason: `values for $n are drawn from the sandbox's rows, and the ${engine.kind} engine does not run queries for them`,
    };
  const rows = engine.rows.bind(engine);
  const firstRow = async (sql: string): Promise<unknown[] | undefined> => {
    try {
      return (await rows(sql, { signal }))[0];
    } catch (error) {
      if (signal?.aborted) throw error;
      return undefined;
    }
  };
  const perParameter = new Map<number, { frequent: ParameterValue; typical: ParameterValue; rare: ParameterValue }>();
  let spread = false;
  for (const target of [...targets.values()].sort((a, b) => a.number - b.number)) {
    if (!target.source && target.cast !== undefined) {
      const value: ParameterValue = {
        number: target.number,
        value: neutralValue(target.cast)!,
        source: `no column: a neutral ${target.cast}${target.inferred ? ' (the type PostgreSQL infers for it)' : ''}`,
      };
      perParameter.set(target.number, { frequent: value, typical: value, rare: value });
      continue;
    }
    if (target.kind === 'limit' || target.kind === 'offset') {
      const value: ParameterValue = {
        number: target.number,
        value: target.kind === 'limit' ? PAGE_SIZE : '0',
        source: target.kind.toUpperCase(),
      };
      perParameter.set(target.number, { frequent: value, typical: value, rare: value });
      continue;
    }
    const source = target.source!;
    const label = source.expression.includes('(')
      ? source.expression
      : `${source.table.replace(/^public\./, '')}.${source.expression.split('.').pop()!.replace(/"/g, '')}`;
    const from = `${qualifiedTable(source.table)} AS ${ident(source.alias)}`;
    if (target.kind === 'new-key') {
      const row = await firstRow(newKeySql(source.expression, from, target.type ?? ''));
      if (!row || row[0] === null || row[0] === undefined)
        return { reason: `no new value for ${label} could be made to draw $${target.number} from` };
      const value: ParameterValue = { number: target.number, value: String(row[0]), source: `${label}, a new key` };
      perParameter.set(target.number, { frequent: value, typical: value, rare: value });
      continue;
    }
    if (target.kind === 'above' || target.kind === 'below') {
      const row = await firstRow(percentilesSql(source.expression, from));
      if (!row || row[2] === null || row[2] === undefined)
        return { reason: `${label} has no values in the sandbox to draw $${target.number} from`, empty: true };
      const [p01, p10, p50, p90, p99] = row.map((v) => String(v));
      const [many, few] = target.kind === 'above' ? [p10, p99] : [p90, p01];
      spread = spread || many !== few;
      perParameter.set(target.number, {
        frequent: { number: target.number, value: many, source: label },
        typical: { number: target.number, value: p50, source: label },
        rare: { number: target.number, value: few, source: label },
      });
      continue;
    }
    const row = await firstRow(frequenciesSql(source.expression, from));
    if (!row || row[0] === null || row[0] === undefined)
      return { reason: `${label} has no values in the sandbox to draw $${target.number} from`, empty: true };
    const [frequent, frequentRows, typical, typicalRows, rare, rareRows] = row;
    spread = spread || Number(frequentRows) !== Number(rareRows);
    const value = (v: unknown, rows: unknown): ParameterValue => ({
      number: target.number,
      value: shaped(target.kind, String(v)),
      source: label,
      rows: Number(rows),
    });
    perParameter.set(target.number, {
      frequent: value(frequent, frequentRows),
      typical: value(typical, typicalRows),
      rare: value(rare, rareRows),
    });
  }
  const build = (which: 'frequent' | 'typical' | 'rare'): ParameterCase => ({
    case: which,
    values: [...perParameter.values()].map((p) => p[which]),
  });
  // Every value as frequent as the next (a key): one case says it all.
  if (!spread) return { cases: [build('typical')] };
  const cases = [build('typical'), build('frequent'), build('rare')];
  const seen = new Set<string>();
  return {
    cases: cases.filter((c) => {
      const key = c.values.map((v) => v.value).join('\u0000');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  };
}

/** Host code as a reason quotes it: one line, at most 60 characters. */
function shortCode(code: string): string {
  const line = code.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** The values of one case as the statement's parameter list (`$1` first). */
export function parameterList(parameterCase: ParameterCase): string[] {
  const out: string[] = [];
  for (const v of parameterCase.values) out[v.number - 1] = v.value;
  return Array.from(out, (v) => v ?? null) as string[];
}

/** A value as the comparison takes it: an array for `= ANY($n)`, a prefix pattern for `LIKE $n`, a piece of text for `LIKE '%' || $n || '%'`. */
function shaped(kind: TargetKind, value: string): string {
  switch (kind) {
    case 'array':
      return `{"${value.replace(/(["\\])/g, '\\$1')}"}`;
    case 'pattern':
      return `${escapeLike(value.slice(0, 4))}%`;
    case 'pattern-part': {
      const from = Math.floor(value.length / 3);
      return value.slice(from, from + 4);
    }
    default:
      return value;
  }
}

function escapeLike(text: string): string {
  return text.replace(/([\\%_])/g, '\\$1');
}

function qualifiedTable(key: string): string {
  const dot = key.indexOf('.');
  return `${ident(key.slice(0, dot))}.${ident(key.slice(dot + 1))}`;
}

/** The most frequent value, the value of median frequency and the least frequent one, each with its row count. */
function frequenciesSql(expression: string, from: string): string {
  return (
    `WITH v AS (SELECT (${expression})::text AS v, count(*)::bigint AS n FROM ${from} WHERE (${expression}) IS NOT NULL GROUP BY 1), ` +
    `r AS (SELECT v, n, row_number() OVER (ORDER BY n, v) AS i, count(*) OVER () AS c FROM v) ` +
    `SELECT (SELECT v FROM r ORDER BY n DESC, v LIMIT 1), (SELECT n FROM r ORDER BY n DESC, v LIMIT 1), ` +
    `(SELECT v FROM r WHERE i = (c + 1) / 2), (SELECT n FROM r WHERE i = (c + 1) / 2), ` +
    `(SELECT v FROM r ORDER BY n, v LIMIT 1), (SELECT n FROM r ORDER BY n, v LIMIT 1)`
  );
}

/** A key value no row holds: one above the largest number, a random uuid, else a text no generated row has. */
function newKeySql(expression: string, from: string, type: string): string {
  if (/^(bigint|integer|smallint|numeric|decimal|real|double precision)/.test(type))
    return `SELECT (coalesce(max(${expression}), 0) + 1)::text FROM ${from}`;
  if (type === 'uuid') return `SELECT gen_random_uuid()::text`;
  if (/^(text|character varying|character|varchar|citext)/.test(type))
    return `SELECT left('new-' || md5(random()::text), greatest(1, coalesce(max(length(${expression})), 36))) FROM ${from}`;
  return `SELECT NULL`;
}

/** The 1st, 10th, 50th, 90th and 99th percentiles of the expression's values. */
function percentilesSql(expression: string, from: string): string {
  const at = (p: number) => `(percentile_disc(${p}) WITHIN GROUP (ORDER BY (${expression})))::text`;
  return `SELECT ${[0.01, 0.1, 0.5, 0.9, 0.99].map(at).join(', ')} FROM ${from} WHERE (${expression}) IS NOT NULL`;
}
