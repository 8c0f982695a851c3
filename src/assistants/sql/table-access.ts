import type { SourceDocument } from '../../core/assistant';
import type { TableAccess, TableAccessFacts, TableAccessProvider } from '../../core/facts';
import type { AnalysisError } from '../../core/finding';
import { LineIndex } from '../../core/text';
import type { NodeRef, Payload } from './ast';
import { names, unwrap, walk } from './ast';
import { documentSqlOf } from './document-fragments';
import type { SqlStatement, Token } from './parser';
import { loadSqlParser } from './parser';
import { parseFragment } from './fragment-parse';
import { SCRIPT_FILE, SQL_FILE } from './sources';

/**
 * Which tables each statement of a document reads and writes, for other assistants (the decomposition
 * planner's data ownership) through core/facts.ts. Syntax only: no schema is loaded, so a view counts as a
 * table and a table the workspace never defines is still named.
 */

/** The tables a statement of this type writes, from its own fields. */
const WRITTEN: Readonly<Record<string, (node: Payload) => unknown[]>> = {
  InsertStmt: (node) => [node.relation],
  UpdateStmt: (node) => [node.relation],
  DeleteStmt: (node) => [node.relation],
  MergeStmt: (node) => [node.relation],
  CopyStmt: (node) => (node.is_from ? [node.relation] : []),
  TruncateStmt: (node) => (node.relations ?? []).map((r: unknown) => unwrap(r)?.node),
  SelectStmt: (node) => [node.intoClause?.rel],
  CreateTableAsStmt: (node) => [node.into?.rel],
  ViewStmt: (node) => [node.view],
  CreateStmt: (node) => [node.relation],
  AlterTableStmt: (node) => [node.relation],
  RenameStmt: (node) => [node.relation],
  IndexStmt: (node) => [node.relation],
  RefreshMatViewStmt: (node) => [node.relation],
  CreateTrigStmt: (node) => [node.relation],
};

/**
 * Statements whose other named tables are read. Utility statements (GRANT, LOCK, VACUUM, COMMENT…) name
 * tables without reading or changing their rows, and are left out.
 */
const ACCESSING = new Set([...Object.keys(WRITTEN), 'DropStmt', 'ExplainStmt', 'DeclareCursorStmt', 'PrepareStmt']);

const SCHEMA_CHANGES = new Set([
  'CreateStmt',
  'CreateTableAsStmt',
  'ViewStmt',
  'AlterTableStmt',
  'RenameStmt',
  'IndexStmt',
  'DropStmt',
  'CreateTrigStmt',
]);

/** Objects of ALTER, RENAME and DROP that are tables (or a table's parts); an index or a sequence is not. */
const TABLE_OBJECTS = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_FOREIGN_TABLE',
  'OBJECT_COLUMN',
  'OBJECT_TABCONSTRAINT',
]);

function accessesTables(statement: NodeRef): boolean {
  switch (statement.type) {
    case 'AlterTableStmt':
      return TABLE_OBJECTS.has(statement.node.objtype);
    case 'RenameStmt':
      return TABLE_OBJECTS.has(statement.node.renameType);
    case 'DropStmt':
      return TABLE_OBJECTS.has(statement.node.removeType);
    default:
      return ACCESSING.has(statement.type);
  }
}

/**
 * A table's name as written; where the engine stood in for a name only running code knows (`${schema}.jobs`,
 * see stand-ins.ts), that part is not a name at all: the schema is left out, and a stood-in table is none.
 */
function tableName(rangeVar: Payload, standIn: (offset: number) => boolean, tokens: readonly Token[]): string {
  const relname = String(rangeVar.relname ?? '');
  const at = typeof rangeVar.location === 'number' ? tokens.findIndex((t) => t.start === rangeVar.location) : -1;
  const first = tokens[at];
  const relation = rangeVar.schemaname ? tokens[at + 2] : first;
  if (relation && standIn(relation.start)) return '';
  if (!rangeVar.schemaname || (first && standIn(first.start))) return relname;
  return `${rangeVar.schemaname}.${relname}`;
}

/**
 * Reads and writes of one parsed statement; undefined when it touches no table. `standIn` says whether an
 * offset of the statement's text lies on a stand-in, `tokens` are the statement's.
 */
export function statementTables(
  node: SqlStatement['node'],
  tokens: readonly Token[] = [],
  standIn: (offset: number) => boolean = () => false,
): { reads: string[]; writes: string[]; changesSchema: boolean } | undefined {
  const statement = unwrap(node);
  if (!statement || !accessesTables(statement)) return undefined;
  const named = new Map<Payload, boolean>();
  const name = (target: unknown, write: boolean) => {
    if (target && typeof target === 'object' && !named.has(target)) named.set(target, write);
  };
  const writes = new Set<string>();
  const ctes = new Set<string>();
  // A statement is visited before its fields, so its targets are taken as written before the walk reaches
  // them as RangeVars (those it reaches: some targets sit in fields it does not type).
  walk(statement, (ref) => {
    if (ref.type === 'CommonTableExpr' && ref.node.ctename) ctes.add(String(ref.node.ctename));
    for (const target of WRITTEN[ref.type]?.(ref.node) ?? []) name(target, true);
    if (ref.type === 'RangeVar') name(ref.node, false);
    if (ref.type === 'DropStmt')
      for (const object of ref.node.objects ?? []) writes.add(names(unwrap(object)?.node.items).join('.'));
  });
  const reads = new Set<string>();
  for (const [rangeVar, write] of named) {
    if (!rangeVar.schemaname && ctes.has(String(rangeVar.relname))) continue;
    (write ? writes : reads).add(tableName(rangeVar, standIn, tokens));
  }
  writes.delete('');
  reads.delete('');
  if (reads.size === 0 && writes.size === 0) return undefined;
  return {
    reads: [...reads].sort(),
    writes: [...writes].sort(),
    changesSchema: SCHEMA_CHANGES.has(statement.type) || Boolean(statement.node.intoClause),
  };
}

/** Table access of every statement of a document (a SQL file, or SQL embedded in TypeScript/JavaScript). */
export async function tableAccess(doc: SourceDocument): Promise<TableAccessFacts> {
  const accesses: TableAccess[] = [];
  const errors: AnalysisError[] = [];
  try {
    const { fragments, notAnalysed } = await documentSqlOf(doc);
    if (notAnalysed) errors.push({ file: doc.file, kind: 'unsupported', message: notAnalysed.message });
    if (fragments.length === 0) return { accesses, errors };
    await loadSqlParser();
    const lines = new LineIndex(doc.text);
    for (const found of fragments) {
      const { fragment, parsed } = parseFragment(found);
      for (const error of parsed.errors) {
        const span = fragment.map.spanToHost(error.start, Math.max(error.end, error.start));
        errors.push({
          file: doc.file,
          kind: error.refused ? 'unsupported' : 'parse',
          message: `${error.message}: the tables of this statement are not known`,
          range: lines.rangeOf(span.start, span.end),
        });
      }
      const standIns = fragment.map.standInSpans();
      const standIn = (offset: number) => standIns.some((p) => offset >= p.sqlStart && offset < p.sqlEnd);
      for (const statement of parsed.statements) {
        const tables = statementTables(statement.node, statement.tokens, standIn);
        if (!tables) continue;
        const host = fragment.map.spanToHost(statement.start, statement.end);
        accesses.push({ file: doc.file, range: lines.rangeOf(host.start, host.end), ...tables });
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    errors.push({ file: doc.file, kind: 'internal', message: `table access not read: ${message}` });
  }
  return { accesses, errors };
}

/** The query optimizer's table-access facts, handed out by the catalog as `factsProvider('table-access')`. */
export const sqlTableAccess: TableAccessProvider = {
  files: new RegExp(`${SQL_FILE.source}|${SCRIPT_FILE.source}`, 'i'),
  tableAccess,
};
