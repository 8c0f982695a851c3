import type { Node } from '@pgsql/types';
import type { Payload } from '../ast';
import { asRef, columnParts, unwrap } from '../ast';
import { integerValue } from '../expressions';
import type { SqlStatement, Token } from '../parser';
import { parseSql } from '../parser';
import { nodeSpan } from './rewrites';
import { collectSeeds } from './seeds';
import type { CheckSeeds, PlanEngine } from '../plan-engine/types';

/**
 * Are two queries the same query, as far as the sandbox's data can tell? Both run on the measurement rows,
 * on the small adversarial dataset (NULLs in nullable columns, duplicates, ties on sort keys, parents
 * without children) and on a dataset seeded for this check around the constants either query compares
 * columns with (seeds.ts, sandbox/check-dataset.ts), so a changed threshold, range bound or LIKE pattern
 * selects different rows there. Rows are compared as multisets; with ORDER BY the sort key values must also come in
 * the same sequence; with ORDER BY … LIMIT the rows of the last tie group may differ (either choice is a
 * correct answer), so those are compared by their sort key values only. A difference on either dataset
 * proves the rewrite wrong; equal results prove it only on this data, and only when some dataset gave both
 * queries rows to compare; the note says on how many rows and datasets.
 */

export interface EquivalenceResult {
  /** true: same results on both datasets; false: they differ (or the rewrite fails); null: not provable here. */
  equivalent: boolean | null;
  note: string;
}

export type Dataset = 'main' | 'edge' | 'check';

interface Shape {
  /** The parsed statement (the source of its constants). */
  node: Node;
  /** The query with its sort keys appended as extra output columns (or as written when not needed). */
  sql: string;
  ordered: boolean;
  limited: boolean;
  /** Output column indexes of the sort keys, when known. */
  keyColumns?: number[];
  /** Sort key columns appended after the query's own output columns. */
  appended: number;
}

/** Requires `loadSqlParser()` to have resolved. */
export async function checkEquivalence(
  engine: PlanEngine,
  original: string,
  rewrite: string,
  options: { signal?: AbortSignal; params?: readonly unknown[]; datasets?: readonly Dataset[] } = {},
): Promise<EquivalenceResult> {
  if (!engine.rows)
    return {
      equivalent: null,
      note: `the ${engine.kind} engine does not run queries for comparison (only the sandbox does)`,
    };
  const a = shapeOf(original);
  if ('error' in a) return { equivalent: null, note: `the original cannot be analysed: ${a.error}` };
  const b = shapeOf(rewrite);
  if ('error' in b) return { equivalent: false, note: `the rewrite is not valid SQL: ${b.error}` };
  if (a.limited && !a.ordered)
    return { equivalent: null, note: 'LIMIT without ORDER BY: the original has no unique result to compare with' };

  const datasets = options.datasets ?? (['main', 'edge', 'check'] as Dataset[]);
  const seeds = datasets.includes('check') ? collectSeeds([a.node, b.node]) : undefined;
  const compared: string[] = [];
  const ran: Dataset[] = [];
  const skipped: string[] = [];
  let rowsSeen = 0;
  let withRows = 0;
  for (const dataset of datasets) {
    let left: unknown[][];
    let right: unknown[][];
    const request = {
      signal: options.signal,
      params: options.params,
      dataset,
      ...(dataset === 'check' ? { seeds } : {}),
    };
    try {
      left = await engine.rows(a.sql, request);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // The seeded data may hold values the original cannot take (a cast of a column to a narrower type): not proof either way.
      if (dataset === 'check') {
        skipped.push(`the ${describeDataset(dataset, seeds)} was not usable (${message(error)})`);
        continue;
      }
      return {
        equivalent: null,
        note: `the original fails on the ${describeDataset(dataset, seeds)}: ${message(error)}`,
      };
    }
    try {
      right = await engine.rows(b.sql, request);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return {
        equivalent: false,
        note: `the rewrite fails on the ${describeDataset(dataset, seeds)}: ${message(error)}`,
      };
    }
    rowsSeen += left.length;
    const verdict = compare(a, b, left, right);
    if (verdict) return { equivalent: false, note: `on the ${describeDataset(dataset, seeds)}: ${verdict}` };
    if (left.length > 0) withRows++;
    ran.push(dataset);
    compared.push(`${left.length} row${left.length === 1 ? '' : 's'} on the ${describeDataset(dataset, seeds)}`);
  }
  const extra = skipped.length ? `; ${skipped.join('; ')}` : '';
  if (rowsSeen === 0) {
    const where =
      compared.length > 1
        ? `on any of the ${compared.length} datasets`
        : ran.length === 1
          ? `on the ${describeDataset(ran[0], seeds)}`
          : 'anywhere';
    return { equivalent: null, note: `both queries return no rows ${where}: nothing to compare${extra}` };
  }
  const how = a.limited
    ? 'same sort key sequence, the same rows before the last tie group, and the last tie group (which LIMIT may cut either way) compared by its sort key values'
    : a.ordered
      ? 'same rows as a multiset and the same sort key sequence'
      : 'same rows as a multiset';
  return {
    equivalent: true,
    note: `${how}, proven on ${rowsSeen} row${rowsSeen === 1 ? '' : 's'} from ${withRows} of ${compared.length} datasets: ${compared.join(', ')}${extra}`,
  };
}

function describeDataset(dataset: Dataset, seeds?: CheckSeeds): string {
  if (dataset === 'main') return 'synthetic rows';
  if (dataset === 'edge') return 'edge-case rows (NULLs, duplicates, ties)';
  const constants = seeds?.columns.reduce((n, c) => n + c.values.length, 0) ?? 0;
  return constants
    ? `rows seeded around the queries' ${constants} constant${constants === 1 ? '' : 's'}`
    : 'seeded check rows';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A difference, in words, or undefined when the results agree. */
function compare(a: Shape, b: Shape, left: unknown[][], right: unknown[][]): string | undefined {
  if (left.length !== right.length) return `the original returns ${left.length} row(s), the rewrite ${right.length}`;
  const width = (rows: unknown[][], shape: Shape) => (rows[0]?.length ?? 0) - shape.appended;
  const leftWidth = width(left, a);
  const rightWidth = width(right, b);
  if (left.length > 0 && leftWidth !== rightWidth)
    return `the original returns ${leftWidth} column(s), the rewrite ${rightWidth}`;
  const leftKeys = a.keyColumns ? left.map((row) => rowKey(a.keyColumns!.map((i) => row[i]))) : undefined;
  const rightKeys = b.keyColumns ? right.map((row) => rowKey(b.keyColumns!.map((i) => row[i]))) : undefined;
  const visible = (row: unknown[], w: number) => rowKey(row.slice(0, w));
  if (a.ordered && leftKeys && rightKeys) {
    for (let i = 0; i < leftKeys.length; i++) {
      if (leftKeys[i] !== rightKeys[i])
        return `row ${i + 1} differs in its sort key (${leftKeys[i]} vs ${rightKeys[i]})`;
    }
  }
  if (a.limited && leftKeys) {
    // Rows before the last tie group must be the same rows; the last group only needs the same keys (checked above).
    const last = leftKeys[leftKeys.length - 1];
    const before = (rows: unknown[][], keys: string[], w: number) =>
      rows.filter((_, i) => keys[i] !== last).map((r) => visible(r, w));
    return multisetDifference(before(left, leftKeys, leftWidth), before(right, rightKeys ?? leftKeys, rightWidth));
  }
  if (a.ordered && !leftKeys) {
    // Sort keys unknown (a set operation, DISTINCT): the order must match exactly.
    for (let i = 0; i < left.length; i++)
      if (visible(left[i], leftWidth) !== visible(right[i], rightWidth))
        return `row ${i + 1} differs: ${visible(left[i], leftWidth)} vs ${visible(right[i], rightWidth)}`;
    return undefined;
  }
  return multisetDifference(
    left.map((r) => visible(r, leftWidth)),
    right.map((r) => visible(r, rightWidth)),
  );
}

function multisetDifference(left: string[], right: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const row of left) counts.set(row, (counts.get(row) ?? 0) + 1);
  for (const row of right) {
    const n = counts.get(row);
    if (!n) return `the rewrite returns ${row}, which the original does not (or not as often)`;
    counts.set(row, n - 1);
  }
  for (const [row, n] of counts)
    if (n > 0) return `the original returns ${row}, which the rewrite does not (or not as often)`;
  return undefined;
}

/** A row as comparable text: NULLs, dates, numbers (floats to 12 significant digits) and JSON normalised. */
export function rowKey(row: readonly unknown[]): string {
  return JSON.stringify(row.map(normaliseValue));
}

function normaliseValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return `date:${Number.isNaN(value.getTime()) ? String(value) : value.toISOString()}`;
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

const CLAUSE_AFTER_TARGETS = new Set([
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'WINDOW',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'FETCH',
  'FOR',
  'INTO',
]);

/** How the query orders and limits, and its text with sort keys appended as output columns where needed. */
function shapeOf(sql: string): Shape | { error: string } {
  const parsed = parseSql(sql);
  if (parsed.errors.length > 0) return { error: parsed.errors[0].message };
  if (parsed.statements.length !== 1) return { error: `expected one statement, found ${parsed.statements.length}` };
  const statement = parsed.statements[0];
  const ref = unwrap(statement.node);
  if (ref?.type !== 'SelectStmt')
    return { error: `${statement.type} is not a query (only SELECT results can be compared)` };
  const node = ref.node;
  const sorts: Payload[] = (node.sortClause ?? []).map((s: Node) => asRef(s)!.node);
  const ordered = sorts.length > 0;
  const limited = !!(node.limitCount || node.limitOffset);
  const text = sql.slice(statement.start, statement.end);
  const base: Shape = { node: statement.node, sql: text, ordered, limited, appended: 0 };
  if (!ordered) return base;
  const setOperation = node.op && node.op !== 'SETOP_NONE';
  const targets: Payload[] = (node.targetList ?? []).map((t: Node) => asRef(t)!.node);
  if (setOperation || (node.distinctClause ?? []).length > 0 || targets.length === 0) return base;
  const width = targets.length;
  const keyColumns: number[] = [];
  const appended: string[] = [];
  for (const sort of sorts) {
    const expr = asRef(sort.node);
    const ordinal = integerValue(sort.node);
    if (ordinal !== undefined && ordinal >= 1 && ordinal <= width && expr?.type === 'A_Const') {
      keyColumns.push(ordinal - 1);
      continue;
    }
    if (expr?.type === 'ColumnRef') {
      const parts = columnParts(expr.node);
      const named = parts.length === 1 ? targets.findIndex((t) => t.name === parts[0]) : -1;
      if (named >= 0) {
        keyColumns.push(named);
        continue;
      }
    }
    const span = nodeSpan(expr, statement.tokens);
    if (!span) return base;
    keyColumns.push(width + appended.length);
    appended.push(`${sql.slice(span.start, span.end)} AS "__sa_sort_key_${appended.length + 1}"`);
  }
  if (appended.length === 0) return { ...base, keyColumns };
  const at = endOfTargets(statement, targets);
  if (at === undefined) return base;
  return {
    ...base,
    sql: `${sql.slice(statement.start, at)}, ${appended.join(', ')}${sql.slice(at, statement.end)}`,
    keyColumns,
    appended: appended.length,
  };
}

/** The end of the select list: the last token before FROM (or the next clause) at bracket depth 0. */
function endOfTargets(statement: SqlStatement, targets: Payload[]): number | undefined {
  const tokens: readonly Token[] = statement.tokens;
  const lastStart = targets[targets.length - 1].location;
  let i = tokens.findIndex((t) => t.start >= lastStart);
  if (i < 0) return undefined;
  let depth = 0;
  let end = tokens[i].end;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (depth === 0 && t.keyword && CLAUSE_AFTER_TARGETS.has(t.keyword)) break;
    end = t.end;
  }
  return end;
}
