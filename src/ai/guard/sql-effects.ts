import type { NodeRef, Payload } from '../../assistants/sql/contract';
import { asRef, funcName, names, walk } from '../../assistants/sql/contract';
import { alwaysTrue } from './sql-expr';

/**
 * What a SQL statement does, as the edit guard compares it: its kind (`DELETE FROM orders`, `DROP TABLE`),
 * the data-changing statements inside it (a DELETE in a WITH clause, under EXPLAIN ANALYZE, in a rule), and
 * what about it destroys (drops, empties, deletes every row, grants, runs programs or files on the server).
 */

/** The statement's kind as a user reads it; DML names its target, so a DELETE retargeted is another kind. */
export function kindLabel(ref: NodeRef): string {
  const node = ref.node;
  switch (ref.type) {
    case 'SelectStmt':
      return node.intoClause ? 'SELECT INTO' : 'SELECT';
    case 'InsertStmt':
      return `INSERT INTO ${relationName(node.relation)}`;
    case 'UpdateStmt':
      return `UPDATE ${relationName(node.relation)}`;
    case 'DeleteStmt':
      return `DELETE FROM ${relationName(node.relation)}`;
    case 'MergeStmt':
      return `MERGE INTO ${relationName(node.relation)}`;
    case 'CreateStmt':
      return 'CREATE TABLE';
    case 'IndexStmt':
      return 'CREATE INDEX';
    case 'ViewStmt':
      return 'CREATE VIEW';
    case 'CreateTableAsStmt':
      return node.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
    case 'DropStmt':
      return `DROP ${objectWord(node.removeType)}`;
    case 'AlterTableStmt':
      return `ALTER ${objectWord(node.objtype)}`;
    case 'RenameStmt':
      return `ALTER ${objectWord(node.renameType)} RENAME`;
    case 'GrantStmt':
      return node.is_grant ? 'GRANT' : 'REVOKE';
    case 'GrantRoleStmt':
      return node.is_grant ? 'GRANT ROLE' : 'REVOKE ROLE';
    case 'TransactionStmt':
      return String(node.kind ?? 'TRANS_STMT')
        .replace(/^TRANS_STMT_/, '')
        .replace(/_/g, ' ');
    case 'VariableSetStmt':
      return node.kind === 'VAR_RESET' || node.kind === 'VAR_RESET_ALL' ? 'RESET' : 'SET';
    case 'VariableShowStmt':
      return 'SHOW';
    case 'VacuumStmt':
      return node.is_vacuumcmd === false ? 'ANALYZE' : 'VACUUM';
    default:
      // CreateFunctionStmt → CREATE FUNCTION, AlterRoleStmt → ALTER ROLE.
      return ref.type
        .replace(/Stmt$/, '')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toUpperCase();
  }
}

/** Statements that change rows, found anywhere in a statement (itself, WITH, EXPLAIN, rules, PREPARE…). */
export function dataChanges(statement: NodeRef): NodeRef[] {
  const out: NodeRef[] = [];
  walk(statement, (ref) => {
    if (ref.type === 'DeleteStmt' || ref.type === 'UpdateStmt' || ref.type === 'MergeStmt' || ref.type === 'InsertStmt')
      out.push(ref);
  });
  return out;
}

/** The row filter of a data change: WHERE, or a MERGE's join condition. */
export function rowFilter(ref: NodeRef): NodeRef | undefined {
  return asRef(ref.type === 'MergeStmt' ? ref.node.joinCondition : ref.node.whereClause);
}

/** Functions whose effect reaches outside the statement's transaction, or outside the database. */
const OUTSIDE_EFFECTS: Readonly<Record<string, string>> = {
  pg_terminate_backend: 'ends other sessions',
  pg_cancel_backend: "cancels other sessions' queries",
  pg_reload_conf: "reloads the server's configuration",
  pg_rotate_logfile: "rotates the server's log",
  pg_promote: 'promotes a standby',
  pg_switch_wal: 'switches the write-ahead log',
  pg_drop_replication_slot: 'drops a replication slot',
  pg_replication_origin_drop: 'drops a replication origin',
  pg_file_write: 'writes a file on the server',
  pg_file_unlink: 'deletes a file on the server',
  pg_file_rename: 'renames a file on the server',
  pg_read_file: 'reads a file on the server',
  pg_read_binary_file: 'reads a file on the server',
  pg_ls_dir: "lists the server's folders",
  lo_import: 'reads a file on the server',
  lo_export: 'writes a file on the server',
  lo_unlink: 'deletes a large object',
  dblink: 'runs SQL over another connection',
  dblink_exec: 'runs SQL over another connection',
  dblink_connect: 'opens another connection',
  dblink_send_query: 'runs SQL over another connection',
  query_to_xml: 'runs SQL given as text',
  query_to_xml_and_xmlschema: 'runs SQL given as text',
  query_to_xmlschema: 'runs SQL given as text',
  set_config: 'changes session settings',
  setval: 'moves a sequence (not undone by a rollback)',
};

/** Statements that destroy or reach outside the data whatever they are written with. */
const STATEMENT_EFFECTS: Readonly<Record<string, string>> = {
  AlterDefaultPrivilegesStmt: 'changes default privileges',
  CreateRoleStmt: 'creates a role',
  AlterRoleStmt: 'changes a role',
  AlterRoleSetStmt: 'changes a role',
  ReassignOwnedStmt: 'hands over ownership (REASSIGN OWNED)',
  DoStmt: 'runs a code block (DO) that cannot be checked',
  AlterSystemStmt: "changes the server's configuration (ALTER SYSTEM)",
  LoadStmt: 'loads a library into the server (LOAD)',
  CreateTrigStmt: 'runs a function on every change it is set on (CREATE TRIGGER)',
  CreateEventTrigStmt: 'runs a function on schema changes (CREATE EVENT TRIGGER)',
  RuleStmt: 'rewrites the statements run on a table (CREATE RULE)',
};

/** Settings whose change is a change of privileges or of what constraints and triggers do. */
const PRIVILEGED_SETTINGS = new Set(['role', 'session_authorization', 'session_replication_role']);

/**
 * What in a statement destroys or reaches outside its data: one phrase per part, in the order they appear.
 * Phrases name what is hit, so the same drop written again (DROP INDEX → DROP INDEX CONCURRENTLY) reads the
 * same and a wider one (more objects, CASCADE) does not.
 */
export function destructiveParts(statement: NodeRef): string[] {
  const out: string[] = [];
  walk(statement, (ref) => {
    const node = ref.node;
    switch (ref.type) {
      case 'DropStmt':
        out.push(
          `drops ${objectWord(node.removeType).toLowerCase()} ${objectNames(node.objects)}${cascade(node.behavior)}`,
        );
        return;
      case 'TruncateStmt':
        out.push(`empties ${listNames(node.relations)} (TRUNCATE${cascade(node.behavior)})`);
        return;
      case 'DeleteStmt':
      case 'UpdateStmt': {
        const filter = rowFilter(ref);
        const verb = ref.type === 'DeleteStmt' ? 'deletes' : 'updates';
        if (!filter) out.push(`${verb} every row of ${relationName(node.relation)}`);
        else if (alwaysTrue(filter))
          out.push(`${verb} every row of ${relationName(node.relation)} (its WHERE is always true)`);
        return;
      }
      case 'MergeStmt': {
        const deletes = ((node.mergeWhenClauses ?? []) as unknown[]).some(
          (c) => asRef(c)?.node.commandType === 'CMD_DELETE',
        );
        if (deletes && alwaysTrue(rowFilter(ref)))
          out.push(`deletes every row of ${relationName(node.relation)} (MERGE … ON an always-true condition)`);
        return;
      }
      case 'AlterTableStmt':
        for (const cmd of (node.cmds ?? []) as unknown[]) {
          const c = asRef(cmd)?.node;
          const subtype = String(c?.subtype ?? '');
          if (!/^AT_Drop|^AT_DetachPartition/.test(subtype)) continue;
          const what = subtype
            .replace(/^AT_/, '')
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase();
          out.push(`${what}${c?.name ? ` ${c.name}` : ''} of ${relationName(node.relation)}${cascade(c?.behavior)}`);
        }
        return;
      case 'CopyStmt':
        if (node.is_program) out.push(`runs a program on the server (COPY … PROGRAM '${node.filename ?? ''}')`);
        else if (node.filename)
          out.push(
            node.is_from
              ? 'reads a file on the server (COPY … FROM a file)'
              : 'writes a file on the server (COPY … TO a file)',
          );
        return;
      case 'GrantStmt':
        out.push(`${node.is_grant ? 'grants' : 'revokes'} privileges on ${listNames(node.objects) || 'objects'}`);
        return;
      case 'GrantRoleStmt':
        out.push(`${node.is_grant ? 'grants' : 'revokes'} role membership`);
        return;
      case 'CreateFunctionStmt': {
        if (codeBody(ref) === undefined) return;
        const what = node.is_procedure ? 'procedure' : 'function';
        out.push(`defines a ${what} ${names(node.funcname).join('.')} whose code cannot be checked`);
        return;
      }
      case 'VariableSetStmt':
        if (PRIVILEGED_SETTINGS.has(String(node.name ?? '').toLowerCase()))
          out.push(`changes ${String(node.name).toLowerCase()} (SET)`);
        return;
      case 'FuncCall': {
        const name = funcName(node);
        const effect = OUTSIDE_EFFECTS[name] ?? (name.startsWith('dblink') ? 'uses another connection' : undefined);
        if (effect) out.push(`calls ${name}(), which ${effect}`);
        return;
      }
      default:
        if (STATEMENT_EFFECTS[ref.type]) out.push(STATEMENT_EFFECTS[ref.type]);
        else if (/^Drop\w*Stmt$/.test(ref.type)) out.push(`runs ${kindLabel(ref)}`);
    }
  });
  return out;
}

/**
 * The code of a DO block or of a function given as a string (`AS '…'`, `AS $$…$$`): text in another
 * language (or SQL the parser is not given), so the guard can tell only whether it changed. A SQL-standard
 * body (`BEGIN ATOMIC … END`) is parsed with the statement and walked like the rest.
 */
export function codeBody(ref: NodeRef): string | undefined {
  const options = ref.type === 'DoStmt' ? ref.node.args : ref.type === 'CreateFunctionStmt' ? ref.node.options : [];
  for (const option of (options ?? []) as unknown[]) {
    const def = asRef(option);
    if (def?.type !== 'DefElem' || def.node.defname !== 'as') continue;
    const arg = asRef(def.node.arg);
    if (arg?.type === 'String') return String(arg.node.sval ?? '');
    if (arg?.type === 'List') return names(arg.node.items).join('\u0000');
  }
  return undefined;
}

/** Target columns of an UPDATE (or a MERGE's UPDATE actions), lower-case. */
export function updatedColumns(ref: NodeRef): Set<string> {
  const out = new Set<string>();
  const targets: unknown[] =
    ref.type === 'UpdateStmt'
      ? (ref.node.targetList ?? [])
      : ref.type === 'MergeStmt'
        ? ((ref.node.mergeWhenClauses ?? []) as unknown[]).flatMap((c) => asRef(c)?.node.targetList ?? [])
        : [];
  for (const target of targets) {
    const name = asRef(target)?.node.name;
    if (typeof name === 'string') out.add(name.toLowerCase());
  }
  return out;
}

export function relationName(relation: Payload | undefined): string {
  if (!relation) return '?';
  return [relation.schemaname, relation.relname].filter(Boolean).join('.') || '?';
}

function objectWord(objectType: unknown): string {
  const word = String(objectType ?? 'OBJECT_UNKNOWN').replace(/^OBJECT_/, '');
  return word === 'MATVIEW' ? 'MATERIALIZED VIEW' : word.replace(/_/g, ' ');
}

function cascade(behavior: unknown): string {
  return behavior === 'DROP_CASCADE' ? ' CASCADE' : '';
}

/** Names of a DROP's objects: lists of names (tables), or objects with arguments (functions). */
function objectNames(objects: unknown): string {
  const out: string[] = [];
  for (const object of (objects ?? []) as unknown[]) {
    const ref = asRef(object);
    if (ref?.type === 'List') out.push(names(ref.node.items).join('.'));
    else if (ref?.type === 'ObjectWithArgs') out.push(`${names(ref.node.objname).join('.')}()`);
    else if (ref?.type === 'String') out.push(String(ref.node.sval ?? ''));
    else if (ref?.type === 'TypeName') out.push(names(ref.node.names).join('.'));
    else out.push('?');
  }
  return out.join(', ');
}

function listNames(relations: unknown): string {
  return ((relations ?? []) as unknown[])
    .map((r) => asRef(r))
    .map((r) => (r?.type === 'RangeVar' ? relationName(r.node) : r?.type === 'String' ? String(r.node.sval) : '?'))
    .join(', ');
}
