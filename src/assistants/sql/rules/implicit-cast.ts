import type { Node } from '@pgsql/types';
import type { NodeRef } from '../ast';
import { asRef, operatorName, walk } from '../ast';
import { tableLabel } from '../names';
import { levelPredicates, localColumn } from '../predicates';
import type { QueryScope, ResolvedColumn } from '../query';
import type { SqlRule, SqlRuleContext } from '../rule';
import type { IndexInfo } from '../schema';
import { typeText } from '../schema';
import type { TextEdit } from '../../../core/finding';

/**
 * A bare column compared with a value of another type where PostgreSQL resolves the operator by casting
 * the COLUMN (`int_col = 1.0` runs as `int_col::numeric = 1.0`): no index on the column can serve it.
 * Only the type pairs verified with EXPLAIN in PostgreSQL 18 (PGlite) to lose the index are reported.
 */
export const implicitCast: SqlRule = {
  id: 'implicit-cast',
  assistant: 'sql',
  title: 'Comparison with a value of another type casts the column, so its index is not used',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Give the values of {count} comparison(s) the column type, so their indexes are used',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Check with EXPLAIN that the predicate became an Index Cond; make sure the application never passes fractions.',
    skills: ['PostgreSQL', 'SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

When the two sides of a comparison have different types, PostgreSQL picks an operator and casts whichever
side must change. For some type pairs it casts the **column**, not the value: \`id = 1.0\` on an
\`integer\` column runs as \`id::numeric = 1.0\`, which is an expression no B-tree on \`id\` can answer. The
query still returns the right rows, but by reading the whole table on every execution — invisible on a
small development table, a sequential scan that grows with the table in production. The value usually
gets its type by accident: a decimal literal, an ORM that binds every number as \`numeric\`, a
\`$1::numeric\` or \`$1::text\` cast written "to be safe".

Checked with \`EXPLAIN\` in PostgreSQL 18 (PGlite), with an index on the column and sequential scans
disabled, so only "cannot" shows up as a sequential scan:

| column type | value | what PostgreSQL runs | index used |
| --- | --- | --- | --- |
| \`smallint\` / \`integer\` / \`bigint\` | \`1.0\`, \`1e3\`, \`$1::numeric\`, \`= ANY($1::numeric[])\`, \`= ANY(ARRAY[1.0, 2.0])\`, \`IN (1.0, 2.0)\` | \`(id)::numeric = …\` | no |
| \`smallint\` / \`integer\` / \`bigint\` / \`numeric\` | \`5::float8\`, \`$1::double precision\`, \`::real\` | \`(id)::double precision = …\` | no |
| \`character(n)\` | \`'abc'::text\`, \`$1::text\` | \`(code)::text = …\` | no |
| \`character varying\` | \`'abc'::char(3)\`, \`$1::bpchar\` | \`(name)::bpchar = …\` | no |

And the pairs that look suspicious but are fine, so this rule stays quiet on them: \`integer\` vs a
\`bigint\` value (cross-type B-tree operators), \`numeric\` vs an integer, \`double precision\` vs
\`numeric\` (the value is cast), \`timestamp\` vs \`timestamptz\` / \`now()\` and \`date\` vs \`timestamp\` in
either direction (cross-type operators in the same operator family: the plan shows an Index Cond),
\`character(n)\` vs \`varchar\`, \`text\` vs \`varchar\` / \`char(n)\`, an untyped \`$1\` or \`'…'\` (it takes the
column's type). An explicit cast on the column (\`id::text = $1\`) is
[function-on-indexed-column](function-on-indexed-column.md)'s finding.

## How to fix it

Give the value the column's type, so the value is the side that is cast:

- \`id = 1.0\` → \`id = 1\`; \`id IN (1.0, 2.0)\` → \`id IN (1, 2)\`;
- \`id = $1::numeric\` → \`id = $1::bigint\` (the application must then bind whole numbers: \`2.5\` would be
  rounded where the old query matched nothing);
- \`code = $1::text\` on a \`character(n)\` column → \`code = $1::bpchar\` (\`character\` comparison ignores
  trailing spaces, as the cast to \`text\` already did on the column side);
- \`name = $1::char(3)\` on a \`varchar\` column → \`name = $1::text\`.

The quick fix does this where the result is the same: whole-number constants, and parameters (whose
fix title says what the application must bind).

## When to ignore it

The table stays small (a few thousand rows), or another, selective indexed predicate of the same query
narrows the rows first. A value that really has a fractional part (\`id = 2.5\`) matches nothing on an
integer column: fix the query rather than the cast.
`,
  // A value with a type of its own: a cast (`::`, CAST, a typed literal `numeric '1.5'` or `numeric $$1.5$$`), a
  // constant with a fraction or an exponent, or an integer past int4 (a float constant to the parser), which may be
  // written with separators or in hexadecimal, octal or binary (1_000_000_000_000, 0x7fffffffff).
  when: { text: /::|cast|'|\$[^\d\s$]*\$|\d[.e_]|\.\d|\d{10}|0[xob]/i },
  check(context) {
    for (const level of context.levels()) {
      const { where, quals } = levelPredicates(level);
      for (const expr of [where, ...quals]) {
        walk(expr, (ref) => {
          if (ref.type === 'SubLink' || ref.type === 'SelectStmt') return 'skip';
          if (ref.type === 'A_Expr') checkComparison(context, level.scope, ref);
        });
      }
    }
  },
};

const COMPARE = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
const INTEGER_TYPES =
  /^(smallint|integer|bigint|int|int2|int4|int8|serial|bigserial|smallserial|serial4|serial8|serial2)$/;
const BIGINT_MAX = 9223372036854775807n;

type ValueType = 'integer' | 'numeric' | 'float' | 'text' | 'bpchar' | 'varchar' | 'other';

/** The type a value side brings to the comparison, when it is fixed by the value itself. */
function valueType(ref: NodeRef | undefined): ValueType | undefined {
  if (!ref) return undefined;
  if (ref.type === 'A_Const') {
    if (ref.node.ival !== undefined) return 'integer';
    if (ref.node.fval !== undefined) {
      const text = String(ref.node.fval.fval ?? '');
      // libpg_query reports integers past int4 as "float" constants; PostgreSQL types them bigint while they fit.
      if (/^[+-]?\d+$/.test(text))
        return (BigInt(text) < 0n ? -BigInt(text) : BigInt(text)) <= BIGINT_MAX ? 'integer' : 'numeric';
      return 'numeric';
    }
    return undefined; // a string literal is "unknown" and takes the column's type
  }
  if (ref.type === 'TypeCast') {
    const base = typeText(ref.node.typeName)
      .replace(/\[\]$/, '')
      .replace(/\(.*\)$/, '');
    if (/^(numeric|decimal)$/.test(base)) return 'numeric';
    if (/^(double precision|real|float|float4|float8)$/.test(base)) return 'float';
    if (INTEGER_TYPES.test(base)) return 'integer';
    if (base === 'text') return 'text';
    if (base === 'character' || base === 'bpchar' || base === 'char') return 'bpchar';
    if (base === 'character varying') return 'varchar';
    return 'other';
  }
  return undefined;
}

type Family = 'integer' | 'numeric' | 'bpchar' | 'varchar';

function columnFamily(type: string | undefined): Family | undefined {
  const base = (type ?? '').replace(/\(.*\)$/, '');
  if (INTEGER_TYPES.test(base)) return 'integer';
  if (base === 'numeric' || base === 'decimal') return 'numeric';
  if (base === 'character' || base === 'bpchar') return 'bpchar';
  if (base === 'character varying') return 'varchar';
  return undefined;
}

/** The type PostgreSQL casts the column to for this pair, or undefined when the value is the side cast. */
function castTarget(family: Family, value: ValueType): string | undefined {
  if (family === 'integer') return value === 'numeric' ? 'numeric' : value === 'float' ? 'double precision' : undefined;
  if (family === 'numeric') return value === 'float' ? 'double precision' : undefined;
  if (family === 'bpchar') return value === 'text' ? 'text' : undefined;
  if (family === 'varchar') return value === 'bpchar' ? 'character' : undefined;
  return undefined;
}

/** The type to give the value instead (the column's, or one it compares with index support). */
function valueTypeFor(family: Family, columnType: string): string {
  if (family === 'integer')
    return columnType.replace(/^(big|small)?serial\d?$/, (_m, size: string | undefined) =>
      size === 'big' ? 'bigint' : size === 'small' ? 'smallint' : 'integer',
    );
  if (family === 'numeric') return 'numeric';
  if (family === 'bpchar') return 'bpchar';
  return 'text';
}

interface Operand {
  column: ResolvedColumn;
  columnRef: NodeRef;
  values: NodeRef[];
}

/** The values of an operand: a list, a List, an ARRAY[…], or the one value. */
function listOf(node: unknown): NodeRef[] {
  if (Array.isArray(node)) return node.map((n: Node) => asRef(n)).filter((n): n is NodeRef => !!n);
  const r = asRef(node as Node);
  if (r?.type === 'List') return ((r.node.items ?? []) as Node[]).map((n) => asRef(n)).filter((n): n is NodeRef => !!n);
  if (r?.type === 'A_ArrayExpr')
    return ((r.node.elements ?? []) as Node[]).map((n) => asRef(n)).filter((n): n is NodeRef => !!n);
  return r ? [r] : [];
}

/** `col op value`, `value op col`, `col IN (…)`, `col BETWEEN … AND …`, `col = ANY(value)`, `col = ANY(ARRAY[…])`. */
function operands(scope: QueryScope, ref: NodeRef): Operand | undefined {
  const kind = String(ref.node.kind);
  const left = asRef(ref.node.lexpr);
  const right = ref.node.rexpr;
  // Most comparisons have no value with a type of its own: they are told apart before any column is looked up.
  if (kind === 'AEXPR_OP' && COMPARE.has(operatorName(ref.node))) {
    const values = listOf(right);
    const column = values.some(mayCastColumn) ? localColumn(scope, left) : undefined;
    if (column) return { column, columnRef: left!, values };
    if (!left || !mayCastColumn(left)) return undefined;
    const rightRef = asRef(right as Node);
    const flipped = localColumn(scope, rightRef);
    return flipped ? { column: flipped, columnRef: rightRef!, values: [left] } : undefined;
  }
  if (
    ((kind === 'AEXPR_IN' || kind === 'AEXPR_OP_ANY') && COMPARE.has(operatorName(ref.node))) ||
    kind === 'AEXPR_BETWEEN' ||
    kind === 'AEXPR_NOT_BETWEEN'
  ) {
    const values = listOf(right);
    const column = values.some(mayCastColumn) ? localColumn(scope, left) : undefined;
    return column ? { column, columnRef: left!, values } : undefined;
  }
  return undefined;
}

/** A value whose type makes PostgreSQL cast a column of some type (castTarget defined for it): the others never do. */
function mayCastColumn(value: NodeRef): boolean {
  const type = valueType(value);
  return type === 'numeric' || type === 'float' || type === 'text' || type === 'bpchar';
}

/** The index whose leading key is the column (a plain, non-partial one first). */
function leadingIndex(indexes: readonly IndexInfo[], column: string): IndexInfo | undefined {
  return (
    indexes.find((i) => i.keys[0]?.column === column && !i.partial) ?? indexes.find((i) => i.keys[0]?.column === column)
  );
}

function checkComparison(context: SqlRuleContext, scope: QueryScope, ref: NodeRef): void {
  const found = operands(scope, ref);
  if (!found) return;
  const { column, values } = found;
  const table = column.entry.table;
  const columnType = column.info?.type;
  const family = columnFamily(columnType);
  if (!table || !columnType || !family) return;
  // Only values whose type is their own: constants and casts (not columns, functions or untyped parameters).
  const typed = values.map((v) => ({ node: v, type: valueType(v) }));
  const offending = typed.filter((v) => v.type && castTarget(family, v.type));
  if (offending.length === 0) return;
  const target = castTarget(family, offending[0].type!)!;
  const label = tableLabel(table, column.entry.rangeVar);
  const name = column.column;
  const index = leadingIndex(table.indexes, name);
  const newType = valueTypeFor(family, columnType.replace(/\(.*\)$/, ''));
  const valueText = offending
    .map((v) => context.fragment.sql.slice(context.spanOf(v.node)?.start ?? 0, context.spanOf(v.node)?.end ?? 0))
    .join(', ');
  const cost = index
    ? `so ${index.name} on ${label} (${index.keys.map((k) => k.column ?? 'expr').join(', ')}) cannot serve it: on a large table that is a sequential scan on every execution instead of an index lookup (small tables are fine).`
    : `so no index on ${label}.${name} could serve it (there is none today; on a large table, adding one would not help until the types match).`;
  const fix = fixFor(
    context,
    family,
    newType,
    offending.map((v) => v.node),
  );
  context.report({
    range: context.rangeOf(ref)!,
    severity: index ? 'warning' : 'info',
    message:
      `${name} is ${columnType} but ${valueText} ${offending.length > 1 ? 'are' : 'is'} ${offending[0].type === 'float' ? 'double precision' : offending[0].type === 'bpchar' ? 'character' : offending[0].type}: ` +
      `PostgreSQL casts the column (${name}::${target}) rather than the value, ${cost} ` +
      `Give the value the column's type${newType ? ` (${newType})` : ''} so the value is the side that is cast.`,
    related: index ? context.relatedAt(index.origin, `index ${index.name} on ${label}`) : undefined,
    fixes: fix ? [fix] : undefined,
  });
}

/** Rewrites of the values: whole-number constants lose their fraction; casts take the column's type. */
function fixFor(
  context: SqlRuleContext,
  family: Family,
  newType: string,
  nodes: NodeRef[],
): { title: string; isPreferred: boolean; edits: TextEdit[] } | undefined {
  const edits: TextEdit[] = [];
  let parameter = false;
  for (const node of nodes) {
    const span = context.spanOf(node);
    if (!span) return undefined;
    let text: string | undefined;
    if (node.type === 'A_Const') text = wholeNumber(String(node.node.fval?.fval ?? ''));
    else if (node.type === 'TypeCast') {
      const arg = asRef(node.node.arg);
      const argSpan = arg && context.spanOf(arg);
      if (!arg || !argSpan) return undefined;
      const argText = context.fragment.sql.slice(argSpan.start, argSpan.end);
      // The node's span may stop before a trailing `[]`, which then stays in the text.
      const hasArray = Array.isArray(node.node.typeName?.arrayBounds) && node.node.typeName.arrayBounds.length > 0;
      const array = hasArray && !/^\s*\[/.test(context.fragment.sql.slice(span.end)) ? '[]' : '';
      if (arg.type === 'ParamRef') {
        parameter = true;
        text = `${argText}::${newType}${array}`;
      } else if (arg.type === 'A_Const' && family === 'integer') {
        const whole =
          arg.node.ival !== undefined
            ? argText
            : arg.node.fval !== undefined
              ? wholeNumber(String(arg.node.fval.fval))
              : /^'[+-]?\d+'$/.test(argText)
                ? argText
                : undefined;
        text = whole;
      } else if (arg.type === 'A_Const' && arg.node.sval !== undefined) text = `${argText}::${newType}`;
    }
    if (text === undefined) return undefined;
    const edit = context.edit(span, text);
    if (!edit) return undefined;
    edits.push(edit);
  }
  if (edits.length === 0) return undefined;
  return {
    title: parameter
      ? `Cast the parameter to ${newType}${family === 'integer' ? ' (the application must bind whole numbers)' : ''}`
      : `Write the value${nodes.length > 1 ? 's' : ''} as ${newType}`,
    isPreferred: true,
    edits,
  };
}

/** `1.0` → `1`, `1e3` → `1000`; undefined when the number has a fractional part. */
function wholeNumber(text: string): string | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? String(value) : undefined;
}
