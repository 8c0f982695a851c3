import { parseSql } from '../parser';
import type { ProcInfo } from './allow-list';
import { executionRefusal, FIRST_NORMAL_OID, implicitRefusal, isImplicitSafe, planRefusal } from './allow-list';
import type { TreeValue } from './node-tree';
import { isList, isNode, NodeTreeError, parseNodeTree, stringField } from './node-tree';
import type { TreeObjects } from './tree-objects';
import { collectObjects, emptyObjects } from './tree-objects';

/**
 * What a statement would make the server run, asked of the server itself without planning or executing
 * anything, then checked against the allow-list (allow-list.ts).
 *
 * How: inside the read-only transaction, `PREPARE` the statement with `debug_print_rewritten` on and
 * `client_min_messages = log`. PREPARE only parses, analyses and rewrites (no planner, no executor), and
 * the server sends the rewritten tree as a LOG message: every function, operator, cast and aggregate as
 * the OID it resolved, with the statement's own search_path, overloads and implicit casts, views and
 * row-level security policies expanded. The tree is read back (node-tree.ts), its objects collected
 * (tree-objects.ts), and the catalogue consulted for what they bring along: each operator's function and
 * estimators and the operator families (hash, sort, index support) it belongs to; each type's input and
 * output functions, element, base, range and column types, default operator classes and domain CHECK
 * expressions; each relation's kind (foreign tables run their wrapper), access method and, for inheritance
 * and partitions, every descendant; and for a user-defined SQL function, whether the planner may inline
 * its body. The prepared statement is deallocated in the same transaction.
 *
 * What this leaves out, deliberately: parse analysis itself runs the input functions of the literals'
 * types (built-in parsers, or C code a superuser installed for a base type), and the database's own
 * definitions (an index expression, a partition constraint) are evaluated for every query on it,
 * whoever sends it. The check text also goes to the server log at LOG level.
 */

export interface ExecutionVerdict {
  /** Why EXPLAIN ANALYZE may not run the statement; empty when it may. */
  notExecuted: string[];
  /** Why not even plain EXPLAIN may be sent (the planner itself would run something); empty when it may. */
  notPlanned: string[];
}

export interface Notice {
  severity?: string;
  message?: string;
  detail?: string;
}

/** The open read-only transaction the check runs in. */
export interface CheckSession {
  readonly serverVersionNum: number;
  query<R extends object>(text: string, values?: unknown[]): Promise<R[]>;
  /** Runs one statement and returns the notices the server sent while it ran. */
  withNotices(text: string): Promise<Notice[]>;
}

/** Reasons shown per verdict; the rest are counted. */
const SHOWN_REASONS = 3;
/** Rounds of following types, operators and families; real schemas settle in a handful. */
const MAX_ROUNDS = 25;

export async function checkExecution(session: CheckSession, sql: string, name: string): Promise<ExecutionVerdict> {
  try {
    await session.query(
      `SELECT set_config('client_min_messages', 'log', true), set_config('debug_pretty_print', 'off', true), set_config('debug_print_rewritten', 'on', true)`,
    );
  } catch (error) {
    // A server that will not show the tree leaves nothing to check against: nothing is planned.
    const why = `the server would not show what the statement calls (${(error as Error).message})`;
    return { notExecuted: [why], notPlanned: [why] };
  }
  // A PREPARE that fails (an unknown table) aborts the transaction, which undoes the settings too.
  const notices = await session.withNotices(`PREPARE ${name} AS ${sql}`);
  await session.query(`SELECT set_config('debug_print_rewritten', 'off', true)`);
  await session.query(`DEALLOCATE ${name}`);
  const tree = rewrittenTree(notices);
  if (typeof tree === 'string') return { notExecuted: [tree], notPlanned: [tree] };
  const objects = collectObjects(tree);
  return verdict(await new Closure(session).resolve(objects), objects);
}

/** The statement's own tree among the LOG messages (the PREPARE around it prints a utility tree first). */
function rewrittenTree(notices: readonly Notice[]): TreeValue | string {
  const trees: TreeValue[] = [];
  for (const notice of notices) {
    if (!/^rewritten parse tree:?$/.test(notice.message ?? '') || !notice.detail) continue;
    let tree: TreeValue;
    try {
      tree = parseNodeTree(notice.detail);
    } catch (error) {
      const why = error instanceof NodeTreeError ? error.message : String(error);
      return `the server's description of the statement could not be read (${why})`;
    }
    if (!utilityOnly(tree)) trees.push(tree);
  }
  if (trees.length === 1) return trees[0];
  return trees.length === 0
    ? 'the server did not describe what the statement calls (debug_print_rewritten sent nothing: a connection pooler or proxy may drop LOG messages)'
    : 'the server described the statement more than once, so what it calls is not certain';
}

function utilityOnly(tree: TreeValue): boolean {
  const queries = isList(tree) ? tree.items.filter(isNode) : isNode(tree) ? [tree] : [];
  return queries.length > 0 && queries.every((q) => q.label === 'QUERY' && stringField(q, 'commandType') === '6');
}

interface Resolved {
  procs: Map<number, ProcInfo>;
  /** Operator → its function and name. */
  operators: Map<number, { name: string; code: number }>;
  /** Functions the server picks, with the role each plays (for the note). */
  implicit: Map<number, string>;
  foreign: string[];
  missing: string[];
  /** Functions called from domain CHECK expressions: treated as the statement's own calls. */
  domainCalls: Map<number, string>;
  unknownNodes: Set<string>;
}

type TypeRow = {
  oid: string;
  name: string;
  typtype: string;
  io: string[];
  related: string[];
  families: string[];
  checks: string[];
  range_support: string[];
};

/** Follows the statement's objects through the catalogue to everything they make the server run. */
class Closure {
  private readonly resolved: Resolved = {
    procs: new Map(),
    operators: new Map(),
    implicit: new Map(),
    foreign: [],
    missing: [],
    domainCalls: new Map(),
    unknownNodes: new Set(),
  };
  private readonly seen = { types: new Set<number>(), operators: new Set<number>(), families: new Set<number>() };

  constructor(private readonly session: CheckSession) {}

  async resolve(objects: TreeObjects): Promise<Resolved> {
    let types = [...objects.types];
    let operators = [...objects.operators];
    let families = [...objects.families];
    for (const oid of objects.supportFunctions) this.implicitly(oid, 'chosen by the server for this statement');
    await this.relations([...objects.relations], (f) => families.push(f));
    for (let round = 0; types.length + operators.length + families.length > 0; round++) {
      if (round >= MAX_ROUNDS) {
        this.resolved.missing.push('types or operator families that nest too deeply to follow');
        break;
      }
      const nextTypes: number[] = [];
      const nextOperators: number[] = [];
      const nextFamilies: number[] = [];
      await this.types(fresh(types, this.seen.types), nextTypes, nextOperators, nextFamilies);
      await this.operators(fresh(operators, this.seen.operators), nextOperators, nextFamilies);
      await this.families(fresh(families, this.seen.families));
      types = nextTypes;
      operators = nextOperators;
      families = nextFamilies;
    }
    const functions = new Set<number>([
      ...objects.functions.keys(),
      ...[...this.resolved.operators.values()].map((o) => o.code),
      ...this.resolved.implicit.keys(),
      ...this.resolved.domainCalls.keys(),
    ]);
    await this.procs(functions);
    // Planner support functions of whatever is called run while planning.
    const supports = new Set<number>();
    for (const proc of this.resolved.procs.values()) if (proc.support) supports.add(proc.support);
    for (const oid of supports) this.implicitly(oid, 'planner support');
    await this.procs(supports);
    return this.resolved;
  }

  private implicitly(oid: number, role: string): void {
    if (oid && !this.resolved.implicit.has(oid)) this.resolved.implicit.set(oid, role);
  }

  private async procs(oids: Set<number>): Promise<void> {
    const wanted = [...oids].filter((oid) => oid && !this.resolved.procs.has(oid));
    if (wanted.length === 0) return;
    const rows = await this.session.query<{
      oid: string;
      name: string;
      schema: string;
      volatility: string;
      kind: string;
      language: string | null;
      support: string;
      extension: string | null;
      source: string | null;
      atomic: boolean;
    }>(
      `SELECT p.oid::int8 AS oid, p.proname AS name, n.nspname AS schema, p.provolatile AS volatility,
              p.prokind AS kind, l.lanname AS language, p.prosupport::oid::int8 AS support,
              CASE WHEN l.lanname = 'sql' AND p.oid >= ${FIRST_NORMAL_OID} THEN p.prosrc END AS source,
              ${this.session.serverVersionNum >= 140000 ? 'p.prosqlbody IS NOT NULL' : 'false'} AS atomic,
              (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                  AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' LIMIT 1) AS extension
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace LEFT JOIN pg_language l ON l.oid = p.prolang
        WHERE p.oid = ANY($1::oid[])`,
      [wanted],
    );
    for (const row of rows) {
      const proc: ProcInfo = {
        oid: Number(row.oid),
        name: row.name,
        schema: row.schema,
        volatility: row.volatility,
        kind: row.kind,
        language: row.language ?? '?',
        support: Number(row.support),
        extension: row.extension ?? undefined,
      };
      if (row.language === 'sql' && !proc.extension && (row.atomic || row.source !== null))
        proc.inlinable = row.atomic || singleSelect(row.source ?? '');
      this.resolved.procs.set(proc.oid, proc);
    }
    for (const oid of wanted) if (!this.resolved.procs.has(oid)) this.resolved.missing.push(`function ${oid}`);
  }

  private async relations(oids: number[], addFamily: (oid: number) => void): Promise<void> {
    if (oids.length === 0) return;
    // Descendants too: a scan of a parent reads its children and partitions (one may be a foreign table).
    const rows = await this.session.query<{
      name: string;
      relkind: string;
      handlers: string[];
      partition_families: string[];
    }>(
      `WITH RECURSIVE rels(oid) AS (
         SELECT unnest($1::oid[]) UNION SELECT i.inhrelid FROM pg_inherits i JOIN rels ON i.inhparent = rels.oid)
       SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind,
              ARRAY(SELECT am.amhandler::oid::int8 FROM pg_am am WHERE am.oid = c.relam
                    UNION SELECT ia.amhandler::oid::int8 FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
                                 JOIN pg_am ia ON ia.oid = ic.relam WHERE x.indrelid = c.oid) AS handlers,
              ARRAY(SELECT oc.opcfamily::int8 FROM pg_partitioned_table pt JOIN pg_opclass oc ON oc.oid = ANY(pt.partclass::oid[])
                     WHERE pt.partrelid = c.oid) AS partition_families
         FROM rels JOIN pg_class c ON c.oid = rels.oid JOIN pg_namespace n ON n.oid = c.relnamespace`,
      [oids],
    );
    for (const row of rows) {
      if (row.relkind === 'f') this.resolved.foreign.push(row.name);
      for (const handler of row.handlers) this.implicitly(Number(handler), `access method of ${row.name}`);
      for (const family of row.partition_families) addFamily(Number(family));
    }
  }

  private async types(
    oids: number[],
    nextTypes: number[],
    nextOperators: number[],
    nextFamilies: number[],
  ): Promise<void> {
    if (oids.length === 0) return;
    const v14 = this.session.serverVersionNum >= 140000;
    const rows = await this.session.query<TypeRow>(
      `SELECT t.oid::int8 AS oid, format_type(t.oid, NULL) AS name, t.typtype,
              ARRAY[t.typinput::oid, t.typoutput::oid, t.typreceive::oid, t.typsend::oid, t.typmodin::oid,
                    t.typmodout::oid${v14 ? ', t.typsubscript::oid' : ''}]::int8[] AS io,
              ARRAY[t.typelem, t.typbasetype, r.rngsubtype${v14 ? ', (SELECT m.rngtypid FROM pg_range m WHERE m.rngmultitypid = t.oid)' : ''}]::int8[]
                || ARRAY(SELECT a.atttypid::int8 FROM pg_attribute a
                          WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS related,
              ARRAY(SELECT c.opcfamily::int8 FROM pg_opclass c WHERE c.opcintype = t.oid AND c.opcdefault
                    UNION SELECT c.opcfamily::int8 FROM pg_opclass c WHERE c.oid = r.rngsubopc) AS families,
              ARRAY(SELECT k.conbin::text FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') AS checks,
              ARRAY[r.rngcanonical::oid, r.rngsubdiff::oid]::int8[] AS range_support
         FROM pg_type t LEFT JOIN pg_range r ON r.rngtypid = t.oid
        WHERE t.oid = ANY($1::oid[])`,
      [oids],
    );
    const found = new Set<number>();
    for (const row of rows) {
      found.add(Number(row.oid));
      for (const fn of row.io) this.implicitly(Number(fn), `input/output of type ${row.name}`);
      for (const fn of row.range_support ?? []) if (fn) this.implicitly(Number(fn), `range type ${row.name}`);
      for (const related of row.related) if (related && Number(related)) nextTypes.push(Number(related));
      for (const family of row.families) nextFamilies.push(Number(family));
      for (const check of row.checks) {
        // A domain's CHECK runs whenever a value becomes that type: its calls count as the statement's.
        let objects: TreeObjects;
        try {
          objects = collectObjects(parseNodeTree(check), emptyObjects());
        } catch {
          this.resolved.missing.push(`the CHECK of domain ${row.name} (unreadable)`);
          continue;
        }
        for (const oid of objects.functions.keys())
          this.resolved.domainCalls.set(oid, `in a CHECK of domain ${row.name}`);
        for (const oid of objects.supportFunctions) this.implicitly(oid, `in a CHECK of domain ${row.name}`);
        for (const label of objects.unknownNodes) this.resolved.unknownNodes.add(label);
        nextTypes.push(...objects.types);
        nextOperators.push(...objects.operators);
        nextFamilies.push(...objects.families);
      }
    }
    for (const oid of oids) if (!found.has(oid)) this.resolved.missing.push(`type ${oid}`);
  }

  /** Operators with their functions and estimators; the planner may swap in the commutator or negator. */
  private async operators(oids: number[], nextOperators: number[], nextFamilies: number[]): Promise<void> {
    if (oids.length === 0) return;
    const rows = await this.session.query<{
      oid: string;
      name: string;
      code: string;
      rest: string;
      joinsel: string;
      related: string[];
      families: string[];
    }>(
      `SELECT o.oid::int8 AS oid, o.oid::regoperator::text AS name, o.oprcode::oid::int8 AS code,
              o.oprrest::oid::int8 AS rest, o.oprjoin::oid::int8 AS joinsel,
              ARRAY[o.oprcom, o.oprnegate]::int8[] AS related,
              ARRAY(SELECT a.amopfamily::int8 FROM pg_amop a WHERE a.amopopr = o.oid) AS families
         FROM pg_operator o WHERE o.oid = ANY($1::oid[])`,
      [oids],
    );
    const found = new Set<number>();
    for (const row of rows) {
      found.add(Number(row.oid));
      this.resolved.operators.set(Number(row.oid), { name: row.name, code: Number(row.code) });
      this.implicitly(Number(row.rest), `estimator of operator ${row.name}`);
      this.implicitly(Number(row.joinsel), `estimator of operator ${row.name}`);
      for (const family of row.families) nextFamilies.push(Number(family));
      for (const related of row.related) if (Number(related)) nextOperators.push(Number(related));
    }
    for (const oid of oids) if (!found.has(oid)) this.resolved.missing.push(`operator ${oid}`);
  }

  /** An operator family's support functions and member operators: sorting, hashing and index scans run them. */
  private async families(oids: number[]): Promise<void> {
    if (oids.length === 0) return;
    const rows = await this.session.query<{ name: string; functions: string[] }>(
      `SELECT format('%I.%I (%s)', n.nspname, f.opfname, am.amname) AS name,
              ARRAY(SELECT am.amhandler::oid::int8
                    UNION SELECT p.amproc::oid::int8 FROM pg_amproc p WHERE p.amprocfamily = f.oid
                    UNION SELECT o.oprcode::oid::int8 FROM pg_amop a JOIN pg_operator o ON o.oid = a.amopopr
                           WHERE a.amopfamily = f.oid) AS functions
         FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_namespace n ON n.oid = f.opfnamespace
        WHERE f.oid = ANY($1::oid[])`,
      [oids],
    );
    for (const row of rows) {
      for (const fn of row.functions) this.implicitly(Number(fn), `operator family ${row.name}`);
    }
  }
}

/** A SQL function body the planner could inline: one plain SELECT (an unreadable body counts as one). */
function singleSelect(body: string): boolean {
  const parsed = parseSql(body);
  if (parsed.errors.length > 0) return true;
  return parsed.statements.length === 1 && parsed.statements[0].type === 'SelectStmt';
}

function fresh(oids: readonly number[], seen: Set<number>): number[] {
  const out: number[] = [];
  for (const oid of oids) {
    if (!oid || seen.has(oid)) continue;
    seen.add(oid);
    out.push(oid);
  }
  return out;
}

function verdict(resolved: Resolved, objects: TreeObjects): ExecutionVerdict {
  const notExecuted: string[] = [...objects.writes];
  const notPlanned: string[] = [];
  const unknown = new Set([...objects.unknownNodes, ...resolved.unknownNodes]);
  if (unknown.size > 0)
    notExecuted.push(`uses ${[...unknown].join(', ')}, which this check does not know (PostgreSQL newer than it?)`);
  for (const name of resolved.foreign)
    notExecuted.push(`reads the foreign table ${name} (its wrapper would query another server or run a program)`);
  if (resolved.missing.length > 0) {
    const why = `refers to ${resolved.missing.slice(0, SHOWN_REASONS).join(', ')}, which the catalogue does not show`;
    notExecuted.push(why);
    notPlanned.push(why);
  }
  const proc = (oid: number) => resolved.procs.get(oid);
  for (const [oid, { cast }] of objects.functions) {
    const p = proc(oid);
    if (!p) continue;
    const refused = executionRefusal(p);
    if (refused) notExecuted.push(`${cast ? 'casts with' : 'calls'} ${refused.fn}, which ${refused.why}`);
    const unplannable = planRefusal(p, 'call');
    if (unplannable) notPlanned.push(unplannable);
  }
  for (const [oid, where] of resolved.domainCalls) {
    const p = proc(oid);
    if (!p) continue;
    const refused = executionRefusal(p);
    if (refused) notExecuted.push(`calls ${refused.fn} ${where}, which ${refused.why}`);
    const unplannable = planRefusal(p, 'call');
    if (unplannable) notPlanned.push(`${unplannable} (${where})`);
  }
  for (const { name, code } of resolved.operators.values()) {
    const p = proc(code);
    if (!p) continue;
    const refused = executionRefusal(p);
    if (refused) notExecuted.push(`uses the operator ${name}, whose function ${refused.fn} ${refused.why}`);
    const unplannable = planRefusal(p, 'operator');
    if (unplannable) notPlanned.push(`${unplannable} (operator ${name})`);
  }
  for (const [oid, role] of resolved.implicit) {
    const p = proc(oid);
    if (!p || isImplicitSafe(p)) continue;
    // Support functions also run while planning (estimators, cost estimates, partition pruning, folding casts).
    const refused = implicitRefusal(p);
    const why = `the server would call ${refused.fn} (${role}), which ${refused.why}`;
    notExecuted.push(why);
    notPlanned.push(why);
  }
  return { notExecuted: summarize(notExecuted), notPlanned: summarize(notPlanned) };
}

function summarize(reasons: readonly string[]): string[] {
  const unique = [...new Set(reasons)];
  if (unique.length <= SHOWN_REASONS) return unique;
  return [...unique.slice(0, SHOWN_REASONS), `and ${unique.length - SHOWN_REASONS} more`];
}
