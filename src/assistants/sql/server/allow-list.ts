/**
 * Which functions the server path lets PostgreSQL run, decided per function from its catalogue row (by
 * OID, after the server resolved the statement's names: see execution-check.ts).
 *
 * - Executed (EXPLAIN ANALYZE): only built-ins, meaning PostgreSQL's own functions in `pg_catalog`
 *   (OID below 16384, not part of an extension), that are IMMUTABLE or STABLE and not on the short list
 *   of those that still reach outside the transaction (run SQL given as text, assign a transaction ID),
 *   plus a few vetted VOLATILE ones whose only effect is their result (`random()`, `clock_timestamp()`…).
 *   Everything else is refused: user-defined functions and procedures, extensions' functions (dblink's
 *   and every other), and every other volatile built-in (`nextval`, `pg_terminate_backend`, `lo_export`,
 *   `pg_advisory_lock`, `pg_notify`, `set_config`, `pg_sleep`…).
 * - Functions the server picks for the statement rather than the statement naming them (type input and
 *   output, comparison and hashing support of operator families, selectivity estimators, access-method
 *   handlers) run with values the server supplies: they may be built-ins, or compiled (C) code an
 *   extension installed. A support function in SQL or a procedural language, or compiled code outside an
 *   extension, is refused.
 * - Even plain EXPLAIN runs code: the planner evaluates IMMUTABLE calls with constant arguments, STABLE
 *   ones while estimating (`WHERE x = f(1)`, `LIMIT f(1)`), and operator functions on column statistics.
 *   It also inlines SQL functions whose body is one SELECT, and then folds their body. So a statement is
 *   not planned at all when it calls a non-volatile function, an inlinable SQL function, or applies an
 *   operator, that is neither allowed nor an extension's IMMUTABLE function.
 */

/** PostgreSQL's FirstNormalObjectId: objects below it were created by initdb. */
export const FIRST_NORMAL_OID = 16384;

export interface ProcInfo {
  oid: number;
  name: string;
  schema: string;
  /** `i` immutable, `s` stable, `v` volatile. */
  volatility: string;
  /** `f` function, `a` aggregate, `w` window function, `p` procedure. */
  kind: string;
  /** `internal`, `c`, `sql`, `plpgsql`, … */
  language: string;
  /** `prosupport`: the planner support function, 0 when none. */
  support: number;
  /** The extension the function belongs to, if any. */
  extension?: string;
  /**
   * A user-defined SQL function the planner may inline (its body is one plain SELECT, or a standard SQL
   * body): the body is then planned, and constant parts of it folded, as part of the statement.
   */
  inlinable?: boolean;
}

/** Built-in VOLATILE functions whose only effect is their result. */
const VETTED_VOLATILE = new Set([
  'random',
  'random_normal',
  'clock_timestamp',
  'timeofday',
  'gen_random_uuid',
  'pg_relation_size',
  'pg_table_size',
  'pg_total_relation_size',
  'pg_indexes_size',
  'pg_partition_tree',
  'pg_partition_ancestors',
  'pg_is_in_recovery',
  'pg_jit_available',
]);

/** Built-in IMMUTABLE or STABLE functions that still reach outside the transaction. */
const REFUSED_STABLE = new Set([
  'table_to_xml',
  'table_to_xmlschema',
  'table_to_xml_and_xmlschema',
  'schema_to_xml',
  'schema_to_xmlschema',
  'schema_to_xml_and_xmlschema',
  'database_to_xml',
  'database_to_xmlschema',
  'database_to_xml_and_xmlschema',
  'txid_current',
  'pg_current_xact_id',
]);

/** What known functions do that a rollback does not undo: for the note, never for the decision. */
const EFFECTS: readonly [RegExp, string][] = [
  [/_to_xml(?:schema|_and_xmlschema)?$|^ts_stat$|^ts_rewrite$/, 'runs SQL given as text'],
  [/^dblink/, 'runs SQL on another connection (committed there, whatever happens here)'],
  [/^(?:nextval|setval)$/, 'changes a sequence (a rollback does not undo that)'],
  [/^pg_(?:terminate|cancel)_backend$/, 'ends or interrupts other sessions'],
  [/^(?:lo_|loread$|lowrite$)/, 'reads or writes large objects and server files'],
  [/^pg_(?:read_file|read_binary_file|ls_\w+|stat_file|file_\w+)/, "reaches the server's files"],
  [/advisory/, 'takes advisory locks that outlive the transaction'],
  [/^pg_notify$/, 'notifies other sessions'],
  [/^pg_sleep/, 'holds the connection while it sleeps'],
  [/^(?:set_config|setseed)$/, 'changes session settings'],
  [/^(?:txid_current|pg_current_xact_id)$/, 'assigns a transaction ID (a rollback does not give it back)'],
  [/^pg_stat_(?:reset|clear|force)/, 'resets server statistics'],
  [/replication|^pg_logical_|^pg_create_\w*slot|^pg_drop_\w*slot/, 'changes replication state'],
  [
    /^pg_(?:reload_conf|rotate_logfile|switch_wal|create_restore_point|promote|wal_replay|backup_|start_backup|stop_backup|log_backend)/,
    'acts on the server itself',
  ],
  [/^(?:pg_nextoid|pg_import_system_collations|binary_upgrade_)/, 'changes the catalogue'],
];

/** A refused function: its name as shown, and what it is or does, as a verb phrase. */
export interface Refusal {
  fn: string;
  why: string;
}

export function isCoreBuiltin(proc: ProcInfo): boolean {
  return proc.oid < FIRST_NORMAL_OID && proc.schema === 'pg_catalog' && !proc.extension;
}

function isCompiled(proc: ProcInfo): boolean {
  return proc.language === 'c' || proc.language === 'internal';
}

/** `nextval()`, `public.write_audit()`: how a function is named in a note. */
export function displayFunction(proc: Pick<ProcInfo, 'name' | 'schema'>): string {
  return `${proc.schema === 'pg_catalog' ? '' : `${proc.schema}.`}${proc.name}()`;
}

const VOLATILITY: Record<string, string> = { i: 'IMMUTABLE', s: 'STABLE', v: 'VOLATILE' };

function origin(proc: ProcInfo): string {
  if (proc.extension) return `from the extension ${proc.extension}`;
  if (isCoreBuiltin(proc)) return 'a built-in';
  if (proc.kind === 'a') return 'a user-defined aggregate';
  if (proc.kind === 'w') return 'a user-defined window function';
  return `user-defined in ${proc.language}`;
}

function effect(proc: ProcInfo): string | undefined {
  return EFFECTS.find(([pattern]) => pattern.test(proc.name))?.[1];
}

/**
 * Why the statement may not run `proc` by calling it (or applying an operator that is it), or undefined
 * when it is on the allow-list.
 */
export function executionRefusal(proc: ProcInfo): Refusal | undefined {
  const builtin = isCoreBuiltin(proc);
  if (builtin && (proc.kind === 'f' || proc.kind === 'a' || proc.kind === 'w')) {
    const vetted = proc.volatility === 'v' ? VETTED_VOLATILE.has(proc.name) : !REFUSED_STABLE.has(proc.name);
    if (vetted) return undefined;
  }
  const fn = displayFunction(proc);
  const known = effect(proc);
  if (known) return { fn, why: known };
  if (proc.kind === 'p') return { fn, why: 'is a procedure' };
  if (builtin)
    return { fn, why: 'is VOLATILE and not on the allow-list (it may have effects outside the transaction)' };
  return { fn, why: `is ${origin(proc)}: only vetted built-in functions are executed` };
}

/**
 * Functions the server chooses for the statement's types and operators: built-ins other than those with
 * effects, or an extension's compiled code.
 */
export function isImplicitSafe(proc: ProcInfo): boolean {
  if (isCoreBuiltin(proc)) return !REFUSED_STABLE.has(proc.name) && effect(proc) === undefined;
  return proc.extension !== undefined && isCompiled(proc);
}

export function implicitRefusal(proc: ProcInfo): Refusal {
  return { fn: displayFunction(proc), why: effect(proc) ?? `is ${origin(proc)}` };
}

/**
 * Why the planner could end up running `proc` when the statement calls it (`operator`: applies an operator
 * whose function it is), or undefined when planning it is harmless: it is allowed; or VOLATILE (never
 * evaluated while planning) as a call, unless the planner may inline its SQL body; or an aggregate or window
 * function (never evaluated while planning); or an extension's IMMUTABLE function.
 */
export function planRefusal(proc: ProcInfo, use: 'call' | 'operator'): string | undefined {
  if (executionRefusal(proc) === undefined) return undefined;
  if (use === 'call' && proc.inlinable)
    return `the planner may inline ${displayFunction(proc)} (a user-defined SQL function whose body is one SELECT), and would then fold and estimate its body as part of the statement`;
  if (use === 'call' && (proc.volatility === 'v' || proc.kind === 'a' || proc.kind === 'w')) return undefined;
  if (proc.extension !== undefined && proc.volatility === 'i') return undefined;
  const what = `${displayFunction(proc)} (${VOLATILITY[proc.volatility] ?? proc.volatility}, ${origin(proc)})`;
  return use === 'operator'
    ? `the planner calls the operator function ${what} on column statistics while estimating`
    : `the planner may evaluate ${what} itself (it folds calls with constant arguments, and evaluates STABLE ones while estimating)`;
}
