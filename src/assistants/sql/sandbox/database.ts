import { threadId } from 'node:worker_threads';
import { summarizePlan } from '../plan-engine/plan';
import type { CheckSeeds, IndexCandidate, PlanSummary } from '../plan-engine/types';
import type { CheckBuild } from './check-dataset';
import { buildCheckDataset, CHECK_SCHEMA } from './check-dataset';
import type { Pglite, PgliteModules } from './pglite-loader';
import { loadPglite } from './pglite-loader';
import type { LoadReport, RowSettings, SandboxSchema, SpecColumn, SpecTable } from './schema-spec';
import { EDGE_SCHEMA, qualified, quoteIdent, quoteLiteral, rowsFor } from './schema-spec';
import { statementShape } from './statement';
import type { Dataset } from './synth';
import { family, isOneToOne, rankExpr, uniqueColumns, valueExpr, withNulls } from './synth';

/**
 * One PGlite database holding the workspace schema with synthetic rows (`public` and the other schemas
 * as declared) and the small adversarial copy (`sa_edge`). Everything here runs on the thread that owns
 * PGlite: the worker (worker.ts) in the extension and the CLI, the caller's own thread in tests.
 *
 * Requests are serialised: PGlite is one single-user backend, and the EXPLAIN helpers wrap their
 * statement in BEGIN … ROLLBACK (DML under EXPLAIN ANALYZE changes nothing; a candidate index is created
 * and rolled back with the transaction, so the database is as before even when the EXPLAIN fails).
 */

export interface ExplainRequest {
  analyze: boolean;
  params?: readonly unknown[];
  timeoutMs?: number;
}

export interface RowsRequest {
  params?: readonly unknown[];
  /** `check`: the per-check dataset built from `seeds` (rebuilt only when they change). */
  dataset?: Dataset | 'check';
  seeds?: CheckSeeds;
  timeoutMs?: number;
}

const DEFAULT_EDGE_ROWS = 12;

export class SandboxDatabase {
  private chain: Promise<unknown> = Promise.resolve();
  private report?: LoadReport;
  /** The loaded tables (the check dataset copies them) and the seeds `sa_check` was last built for. */
  private tables: SpecTable[] = [];
  private checkSeeds?: string;
  /** Rows per table and build time of the last check dataset (tests, benchmark). */
  lastCheckBuild?: CheckBuild;

  private constructor(
    private readonly db: Pglite,
    readonly extensions: string[],
    readonly startMs: number,
    /** Directory PGlite was loaded from (`dist/pglite` when built). */
    readonly pgliteFrom: string,
  ) {}

  /** Starts PGlite with pg_trgm and btree_gin when they are available. */
  static async start(modules: PgliteModules = loadPglite()): Promise<SandboxDatabase> {
    const started = performance.now();
    const db = await modules.create({ extensions: modules.extensions });
    const extensions: string[] = [];
    for (const name of Object.keys(modules.extensions)) {
      try {
        await db.exec(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)}`);
        extensions.push(name);
      } catch {
        // Not fatal: candidates needing it are reported as not measurable.
      }
    }
    return new SandboxDatabase(db, extensions, performance.now() - started, modules.from);
  }

  get loadReport(): LoadReport | undefined {
    return this.report;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Empties the database for another schema: every user schema dropped, `public` recreated with the
   * extensions. Much cheaper than a new PGlite (seconds of WASM start-up).
   */
  reset(): Promise<void> {
    return this.serial(async () => {
      const schemas = await this.db.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'`,
      );
      for (const { nspname } of schemas.rows) await this.db.exec(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
      await this.db.exec('CREATE SCHEMA public');
      for (const name of this.extensions) await this.db.exec(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)}`);
      this.report = undefined;
      this.tables = [];
      this.checkSeeds = undefined;
    });
  }

  /** Creates the schema, fills it, builds the edge copy, ANALYZEs. On a fresh (or reset) database. */
  load(schema: SandboxSchema, settings: RowSettings, onProgress?: (message: string) => void): Promise<LoadReport> {
    return this.serial(() => this.loadNow(schema, settings, onProgress));
  }

  private async loadNow(
    schema: SandboxSchema,
    settings: RowSettings,
    onProgress?: (message: string) => void,
  ): Promise<LoadReport> {
    const skipped = [...schema.skipped];
    const report: LoadReport = {
      startMs: this.startMs,
      schemaMs: 0,
      dataMs: 0,
      analyzeMs: 0,
      rows: {},
      edgeRows: {},
      skipped,
      extensions: [...this.extensions],
      reused: false,
      pglite: this.pgliteFrom,
      thread: threadId,
    };
    let t = performance.now();
    onProgress?.(`creating ${schema.tables.length} tables`);
    const created: SpecTable[] = [];
    for (const schemaName of new Set([...schema.tables, ...(schema.enums ?? [])].map((s) => s.schema))) {
      if (schemaName !== 'public') await this.db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schemaName)}`);
    }
    // Enum types before the tables: a column keeps its type (a statement's `$1::state` cast works) and its labels.
    for (const type of schema.enums ?? []) {
      try {
        await this.db.exec(
          `CREATE TYPE ${qualified(type.schema, type.name)} AS ENUM (${type.labels.map(quoteLiteral).join(', ')})`,
        );
      } catch (error) {
        skipped.push({ object: `type ${type.schema}.${type.name}`, reason: `enum not created: ${message(error)}` });
      }
    }
    for (const spec of schema.tables) {
      const table = await this.createTable(spec, skipped);
      if (table) created.push(table);
    }
    await this.createFunctions(schema.functions ?? [], skipped);
    report.schemaMs = performance.now() - t;

    t = performance.now();
    const loaded = new Set<string>();
    const deferred: { table: SpecTable; fk: number }[] = [];
    for (const table of created) {
      const wanted = rowsFor(table, settings);
      onProgress?.(`generating ${wanted.toLocaleString('en-US')} rows for ${table.key}`);
      report.rows[table.key] = await this.fill(table, 'main', wanted, loaded, deferred, skipped, table.schema);
      loaded.add(table.key);
    }
    if (deferred.length) onProgress?.(`filling ${deferred.length} self or cyclic references`);
    for (const { table, fk } of deferred) await this.fillDeferred(table, fk, 'main', table.schema, skipped);
    for (const table of created) await this.setDefaults(table, skipped);
    onProgress?.('adding CHECK and FOREIGN KEY constraints');
    for (const table of created) await this.addChecksAndKeys(table, skipped, loaded);
    onProgress?.(`creating ${created.reduce((n, t) => n + t.indexes.length, 0)} workspace indexes`);
    for (const table of created) {
      for (const index of table.indexes) {
        try {
          await this.db.exec(index.sql);
        } catch (error) {
          skipped.push({ object: `index ${index.name}`, reason: `not created: ${message(error)}` });
        }
      }
    }
    onProgress?.('building the edge-case dataset');
    await this.db.exec(`CREATE SCHEMA IF NOT EXISTS ${EDGE_SCHEMA}`);
    const edgeLoaded = new Set<string>();
    const edgeDeferred: { table: SpecTable; fk: number }[] = [];
    const edgeNames = new Set<string>();
    for (const table of created) {
      if (edgeNames.has(table.name)) {
        skipped.push({
          object: `${EDGE_SCHEMA}.${table.name}`,
          reason: `a table of that name from another schema is already in the edge dataset`,
        });
        continue;
      }
      edgeNames.add(table.name);
      await this.db.exec(
        `CREATE UNLOGGED TABLE ${qualified(EDGE_SCHEMA, table.name)} (LIKE ${qualified(table.schema, table.name)} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)`,
      );
      report.edgeRows[table.key] = await this.fill(
        table,
        'edge',
        settings.edgeRows ?? DEFAULT_EDGE_ROWS,
        edgeLoaded,
        edgeDeferred,
        skipped,
        EDGE_SCHEMA,
      );
      edgeLoaded.add(table.key);
    }
    for (const { table, fk } of edgeDeferred) await this.fillDeferred(table, fk, 'edge', EDGE_SCHEMA, skipped);
    await this.db.exec('DROP SCHEMA IF EXISTS sa_keys CASCADE');
    this.keyLists.clear();
    report.dataMs = performance.now() - t;

    t = performance.now();
    onProgress?.('ANALYZE');
    // The measurement tables only: the edge copy is for result comparison, never for plans.
    if (created.length)
      await this.db.exec(`ANALYZE ${created.map((table) => qualified(table.schema, table.name)).join(', ')}`);
    report.analyzeMs = performance.now() - t;
    this.report = report;
    this.tables = created;
    this.checkSeeds = undefined;
    return report;
  }

  /**
   * The schema's own functions, as written, so the queries that call them run. Bodies are not checked at creation
   * (a function may read a table the sandbox did not load); one that fails to create is skipped with the reason.
   * Each is created as one statement of its own: its text is the schema file's, never the user's query.
   */
  private async createFunctions(functions: readonly { name: string; sql: string }[], skipped: LoadReport['skipped']) {
    if (functions.length === 0) return;
    await this.db.exec('SET check_function_bodies = off');
    try {
      for (const fn of functions) {
        try {
          await this.db.exec(fn.sql);
        } catch (error) {
          skipped.push({ object: `function ${fn.name}`, reason: `not created: ${message(error)}` });
        }
      }
    } finally {
      await this.db.exec('RESET check_function_bodies');
    }
  }

  /**
   * The schema's column defaults, after the synthetic rows (which have their own generators) and the schema's
   * functions: a statement's INSERT that leaves `created_ts` out gets `extract(epoch from now())` as in production.
   * Each is set on its own, so one PGlite cannot evaluate (an extension's function) is reported and the rest kept;
   * such a column keeps NOT NULL, and an INSERT leaving it out fails as it would without the extension.
   * A `nextval('seq')` default gets its sequence, started after the rows' largest value.
   */
  private async setDefaults(table: SpecTable, skipped: LoadReport['skipped']): Promise<void> {
    const target = qualified(table.schema, table.name);
    for (const column of table.columns) {
      if (column.default === undefined || column.identity) continue;
      const sequence = /^nextval\s*\(\s*'([^']+)'(?:::regclass)?\s*\)$/i.exec(column.default)?.[1];
      try {
        if (sequence) {
          await this.db.exec(`CREATE SEQUENCE IF NOT EXISTS ${sequence}`);
          await this.db.query(
            `SELECT setval(${quoteLiteral(sequence)}, coalesce(max(${quoteIdent(column.name)})::bigint, 0) + 1, false) FROM ${target}`,
          );
        }
        await this.db.exec(
          `ALTER TABLE ${target} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT ${column.default}`,
        );
      } catch (error) {
        skipped.push({
          object: `${table.key}.${column.name}`,
          reason: `DEFAULT ${column.default} not set: ${message(error)}`,
        });
      }
    }
  }

  /** CREATE TABLE with columns, NOT NULL, PRIMARY KEY and UNIQUE; a type PGlite does not know becomes text. */
  private async createTable(spec: SpecTable, skipped: LoadReport['skipped']): Promise<SpecTable | undefined> {
    const table: SpecTable = { ...spec, columns: spec.columns.map((c) => ({ ...c, type: sqlType(c.type) })) };
    for (let attempt = 0; attempt <= table.columns.length; attempt++) {
      const parts = table.columns.map((c) => {
        const identity = c.identity ? ' GENERATED BY DEFAULT AS IDENTITY' : '';
        return `${quoteIdent(c.name)} ${c.type}${identity}${c.notNull ? ' NOT NULL' : ''}`;
      });
      try {
        // UNLOGGED and without keys while loading: a bulk insert is ~10× faster than into indexed, WAL-logged
        // tables; keys and indexes are built after the rows (sorted builds). DML timings exclude WAL writes.
        await this.db.exec(
          `CREATE UNLOGGED TABLE ${qualified(table.schema, table.name)} (\n  ${parts.join(',\n  ')}\n)`,
        );
        return table;
      } catch (error) {
        const text = message(error);
        const type = /type "([^"]+)" does not exist/.exec(text)?.[1];
        const column = type
          ? table.columns.find(
              (c) =>
                c.type === type ||
                c.type.replace(/\[\]$/, '') === type ||
                c.type.split('.').pop()?.replace(/\[\]$/, '') === type ||
                c.type.startsWith(`${type}(`),
            )
          : undefined;
        if (column) {
          skipped.push({
            object: `${table.key}.${column.name}`,
            reason: `type ${column.type} is not defined in the sandbox (enum, domain or extension type): created as text`,
          });
          column.type = column.type.endsWith('[]') ? 'text[]' : 'text';
          column.identity = false;
          continue;
        }
        // Some other failure (a type spelling PostgreSQL does not take back): every column of an unusual type becomes text, once.
        const unusual = table.columns.filter(
          (c) =>
            family(c.type) === 'other' ||
            /\?/.test(c.type) ||
            (c.type.includes('(') && !['decimal', 'text'].includes(family(c.type))),
        );
        if (unusual.length === 0 || (attempt > 0 && unusual.every((c) => c.type === 'text'))) {
          skipped.push({ object: table.key, reason: `table not created: ${text}` });
          return undefined;
        }
        for (const c of unusual) {
          skipped.push({
            object: `${table.key}.${c.name}`,
            reason: `type ${c.type} not accepted (${text}): created as text`,
          });
          c.type = 'text';
          c.identity = false;
        }
      }
    }
    return undefined;
  }

  /**
   * Inserts `wanted` rows with one INSERT … SELECT generate_series, parents' keys joined in from
   * shuffled key lists. Returns the rows the table holds afterwards.
   */
  private async fill(
    table: SpecTable,
    dataset: Dataset,
    wanted: number,
    loaded: ReadonlySet<string>,
    deferred: { table: SpecTable; fk: number }[],
    skipped: LoadReport['skipped'],
    schemaName: string,
  ): Promise<number> {
    const target = qualified(schemaName, table.name);
    const unique = uniqueColumns(table);
    const fkOf = new Map<string, { fk: number; position: number }>();
    table.foreignKeys.forEach((fk, i) => fk.columns.forEach((c, position) => fkOf.set(c, { fk: i, position })));
    const joins: string[] = [];
    const ranks: string[] = [];
    const fkAlias = new Map<number, string>();
    let limit = wanted;
    // A 1:1 child takes each parent once (rank = g): it cannot be over-generated.
    let oneToOneKey = false;
    const isSelfOrLater = (i: number) => {
      const ref = table.foreignKeys[i].refTable;
      return ref === table.key || !loaded.has(ref);
    };
    const inline = new Map<string, string>();
    for (let i = 0; i < table.foreignKeys.length; i++) {
      const fk = table.foreignKeys[i];
      const selfTree = selfReferenceTree(table, i, unique, dataset);
      if (selfTree) {
        inline.set(fk.columns[0], selfTree);
        continue;
      }
      if (isSelfOrLater(i)) {
        deferred.push({ table, fk: i });
        continue;
      }
      const keys = await this.keysTable(fk.refTable, fk.refColumns, dataset === 'edge' ? EDGE_SCHEMA : undefined);
      const nullable = fk.columns.every((c) => !table.columns.find((col) => col.name === c)?.notNull);
      if (keys.rows === 0) {
        if (!nullable) {
          skipped.push({
            object: table.key,
            reason: `no rows: its parent ${fk.refTable} has none and ${fk.columns.join(', ')} cannot be NULL`,
          });
          return 0;
        }
      }
      const oneToOne = isOneToOne(table, fk.columns);
      if (oneToOne) {
        limit = Math.min(limit, keys.rows);
        oneToOneKey = true;
      }
      const alias = `k${i}`;
      fkAlias.set(i, alias);
      ranks.push(
        `${keys.rows === 0 ? 'NULL::int' : rankExpr(keys.rows, oneToOne, nullable && !oneToOne, dataset, ranks.length)} AS r${i}`,
      );
      joins.push(`LEFT JOIN ${keys.name} ${alias} ON ${alias}.rn = s.r${i}`);
    }
    const columns: string[] = [];
    const values: string[] = [];
    for (const column of table.columns) {
      const fkRef = fkOf.get(column.name);
      let expr: string | undefined;
      if (inline.has(column.name)) expr = inline.get(column.name);
      else if (fkRef && fkAlias.has(fkRef.fk)) expr = `${fkAlias.get(fkRef.fk)}.k${fkRef.position}`;
      else if (fkRef) expr = column.notNull ? placeholder(column) : 'NULL';
      else {
        const isUnique = unique.has(column.name);
        expr = valueExpr(column, dataset, isUnique, table.name);
        if (expr === undefined) {
          if (column.notNull && !column.identity)
            skipped.push({
              object: `${table.key}.${column.name}`,
              reason: `no generator for type ${column.type}: left to its default`,
            });
          else if (!column.notNull && dataset === 'main')
            skipped.push({
              object: `${table.key}.${column.name}`,
              reason: `no generator for type ${column.type}: NULL`,
            });
          continue;
        }
        if (!isUnique && !(table.primaryKey ?? []).includes(column.name)) expr = withNulls(expr, column, dataset);
      }
      columns.push(quoteIdent(column.name));
      values.push(`${expr} AS ${quoteIdent(column.name)}`);
    }
    if (limit <= 0 || columns.length === 0) return 0;
    await this.db.query(`SELECT setseed(${dataset === 'edge' ? 0.25 : 0.5})`);
    const overriding = table.columns.some((c) => c.identity && columns.includes(quoteIdent(c.name)))
      ? ' OVERRIDING SYSTEM VALUE'
      : '';
    // Main: keys are added after the insert, so a unique set made only of foreign keys is over-generated by
    // 30% and de-duplicated. Edge: the copy already has its keys (LIKE … INCLUDING INDEXES), ON CONFLICT skips.
    const fkOnlySet = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques].some(
      (set) => !set.some((c) => unique.has(c)),
    );
    const generate = dataset === 'main' && fkOnlySet && !oneToOneKey ? Math.ceil(limit * 1.3) : limit;
    const sql =
      `INSERT INTO ${target} (${columns.join(', ')})${overriding}\n` +
      `SELECT ${values.join(',\n       ')}\n` +
      `FROM (SELECT g${ranks.map((r) => `, ${r}`).join('')} FROM generate_series(1, ${generate}) AS g OFFSET 0) AS s\n` +
      `${joins.join('\n')}` +
      (dataset === 'edge' ? '\nON CONFLICT DO NOTHING' : '');
    let count = 0;
    try {
      count = (await this.db.query(sql)).affectedRows ?? 0;
    } catch (error) {
      skipped.push({ object: `${schemaName}.${table.name}`, reason: `rows not generated: ${message(error)}` });
      return 0;
    }
    if (dataset === 'main') count -= await this.addKeys(table, skipped);
    if (count > limit) {
      await this.db.exec(`DELETE FROM ${target} WHERE ctid IN (SELECT ctid FROM ${target} OFFSET ${limit})`);
      count = limit;
    }
    // CHECKs the generator could not honour by construction: rows that break them go.
    for (const check of table.checks) {
      try {
        const result = await this.db.query(`DELETE FROM ${target} WHERE NOT (${check.sql})`);
        if (result.affectedRows) {
          count -= result.affectedRows;
          if (dataset === 'main')
            skipped.push({
              object: `${table.key} ${check.name}`,
              reason: `${result.affectedRows} generated rows broke CHECK (${check.sql}) and were removed`,
            });
        }
      } catch (error) {
        skipped.push({
          object: `${table.key} ${check.name}`,
          reason: `CHECK (${check.sql}) could not be evaluated: ${message(error)}`,
        });
      }
    }
    for (const column of table.columns) {
      if (!column.identity) continue;
      await this.db.query(
        `SELECT setval(pg_get_serial_sequence(${quoteLiteral(`${quoteIdent(schemaName)}.${quoteIdent(table.name)}`)}, ${quoteLiteral(column.name)}), coalesce(max(${quoteIdent(column.name)}), 0) + 1, false) FROM ${target}`,
      );
    }
    return count;
  }

  /**
   * PRIMARY KEY and UNIQUE constraints after the rows: when generated values collide (a key made only of
   * foreign keys, a truncated varchar), the later duplicates are deleted and the constraint added again.
   * Returns the rows deleted.
   */
  private async addKeys(table: SpecTable, skipped: LoadReport['skipped']): Promise<number> {
    const target = qualified(table.schema, table.name);
    let deleted = 0;
    const sets: [string, string[]][] = [
      ...(table.primaryKey ? [['PRIMARY KEY', table.primaryKey] as [string, string[]]] : []),
      ...table.uniques.map((u): [string, string[]] => ['UNIQUE', u]),
    ];
    for (const [kind, set] of sets) {
      const cols = set.map(quoteIdent).join(', ');
      const add = `ALTER TABLE ${target} ADD ${kind} (${cols})`;
      try {
        await this.db.exec(add);
        continue;
      } catch (error) {
        if (!/could not create unique index|duplicate key/i.test(message(error))) {
          skipped.push({ object: `${table.key} ${kind} (${set.join(', ')})`, reason: `not added: ${message(error)}` });
          continue;
        }
      }
      const notNull = set.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
      const result = await this.db.query(
        `DELETE FROM ${target} WHERE ctid IN (SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY ${cols}) AS n FROM ${target} WHERE ${notNull}) AS d WHERE n > 1)`,
      );
      deleted += result.affectedRows ?? 0;
      try {
        await this.db.exec(add);
      } catch (error) {
        skipped.push({ object: `${table.key} ${kind} (${set.join(', ')})`, reason: `not added: ${message(error)}` });
      }
    }
    return deleted;
  }

  private keysCounter = 0;
  /** Key lists already built during this load, by parent and columns (a parent is final once its children start). */
  private readonly keyLists = new Map<string, { name: string; rows: number }>();

  /** A shuffled, numbered copy of a parent's keys (rn 1…P) to join generated children to. */
  private async keysTable(
    parentKey: string,
    refColumns: string[],
    schemaOverride?: string,
  ): Promise<{ name: string; rows: number }> {
    const cacheKey = `${schemaOverride ?? ''}|${parentKey}|${refColumns.join(',')}`;
    const cached = this.keyLists.get(cacheKey);
    if (cached) return cached;
    const [schemaName, ...rest] = parentKey.split('.');
    const parent = qualified(schemaOverride ?? schemaName, rest.join('.'));
    const name = `sa_keys.k${++this.keysCounter}`;
    await this.db.exec('CREATE SCHEMA IF NOT EXISTS sa_keys');
    const cols = refColumns.map((c, i) => `${quoteIdent(c)} AS k${i}`).join(', ');
    const notNull = refColumns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
    // Shuffled so the heavily referenced parents are not simply the oldest ones.
    await this.db.exec(
      `CREATE UNLOGGED TABLE ${name} AS SELECT (row_number() OVER (ORDER BY random()))::int AS rn, ${cols} FROM ${parent} WHERE ${notNull}`,
    );
    // PGlite reports no row count for CREATE TABLE AS.
    const counted = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`);
    const list = { name, rows: counted.rows[0]?.n ?? 0 };
    this.keyLists.set(cacheKey, list);
    return list;
  }

  /** Self-references and cycle edges: filled once the parent exists (itself, or a later table). */
  private async fillDeferred(
    table: SpecTable,
    fkIndex: number,
    dataset: Dataset,
    schemaName: string,
    skipped: LoadReport['skipped'],
  ): Promise<void> {
    const fk = table.foreignKeys[fkIndex];
    const target = qualified(schemaName, table.name);
    const keys = await this.keysTable(fk.refTable, fk.refColumns, dataset === 'edge' ? EDGE_SCHEMA : undefined);
    if (keys.rows === 0) return;
    const nullable = fk.columns.every((c) => !table.columns.find((col) => col.name === c)?.notNull);
    // Roots: a nullable self-reference leaves a third of the rows without a parent (a forest, not a chain).
    const rank = nullable
      ? `CASE WHEN random() < 0.3 THEN NULL ELSE 1 + floor(${keys.rows} * power(random(), 2.2))::int END`
      : `1 + floor(${keys.rows} * power(random(), 2.2))::int`;
    const edgeRank = nullable
      ? `CASE WHEN n % 3 = 0 THEN NULL ELSE 1 + (n % ${Math.min(2, keys.rows)}) END`
      : `1 + (n % ${Math.min(2, keys.rows)})`;
    const set = fk.columns.map((c, i) => `${quoteIdent(c)} = k.k${i}`).join(', ');
    try {
      await this.db.exec(
        `UPDATE ${target} AS t SET ${set} FROM (SELECT ctid AS tid, ${dataset === 'edge' ? edgeRank.replace(/\bn\b/g, 'row_number() OVER ()') : rank} AS r FROM ${target} OFFSET 0) AS s ` +
          `JOIN ${keys.name} AS k ON k.rn = s.r WHERE t.ctid = s.tid`,
      );
    } catch (error) {
      skipped.push({ object: `${table.key} ${fk.name}`, reason: `references not filled: ${message(error)}` });
    }
  }

  /** CHECKs and FOREIGN KEYs once the data holds them: validated, so the planner may trust them. */
  private async addChecksAndKeys(
    table: SpecTable,
    skipped: LoadReport['skipped'],
    loaded: ReadonlySet<string>,
  ): Promise<void> {
    const target = qualified(table.schema, table.name);
    for (const check of table.checks) {
      try {
        await this.db.exec(`ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.sql})`);
      } catch (error) {
        skipped.push({ object: `${table.key} ${check.name}`, reason: `CHECK not added: ${message(error)}` });
      }
    }
    for (const fk of table.foreignKeys) {
      if (!loaded.has(fk.refTable)) continue;
      const [schemaName, ...rest] = fk.refTable.split('.');
      try {
        await this.db.exec(
          `ALTER TABLE ${target} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) ` +
            `REFERENCES ${qualified(schemaName, rest.join('.'))} (${fk.refColumns.map(quoteIdent).join(', ')})`,
        );
      } catch (error) {
        skipped.push({ object: `${table.key} ${fk.name}`, reason: `FOREIGN KEY not added: ${message(error)}` });
      }
    }
  }

  explain(sql: string, request: ExplainRequest): Promise<PlanSummary> {
    return this.serial(() => this.explainNow(sql, request));
  }

  private async explainNow(sql: string, request: ExplainRequest, setup?: () => Promise<void>): Promise<PlanSummary> {
    const shape = statementShape(sql);
    if (shape.maxParam > 0 && !request.params?.length) {
      // No values: estimates for a generic plan. Only the simple protocol accepts $n in EXPLAIN (GENERIC_PLAN).
      return this.inTransaction(request.timeoutMs, async () => {
        await setup?.();
        const results = await this.db.exec(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${shape.sql}`);
        const plan = summarizePlan(results[results.length - 1]?.rows, 'pglite', false);
        plan.notes = [
          `parameters $1…$${shape.maxParam} have no values: planner estimates for a generic plan, not executed`,
        ];
        return plan;
      });
    }
    return this.inTransaction(request.timeoutMs, async () => {
      await setup?.();
      const options = request.analyze ? 'ANALYZE, BUFFERS, FORMAT JSON' : 'FORMAT JSON';
      const result = await this.db.query(
        `EXPLAIN (${options}) ${shape.sql}`,
        request.params ? [...request.params] : undefined,
        { serializers: PARAMETER_SERIALIZERS },
      );
      return summarizePlan(result.rows, 'pglite', request.analyze);
    });
  }

  /** EXPLAIN with the candidate index built for real inside the transaction, which the rollback removes. */
  explainWithIndex(index: IndexCandidate, sql: string, request: ExplainRequest): Promise<PlanSummary> {
    return this.explainWithIndexes([index], sql, request);
  }

  /** As explainWithIndex with several candidate indexes at once (a combination across the tables of a join). */
  explainWithIndexes(indexes: readonly IndexCandidate[], sql: string, request: ExplainRequest): Promise<PlanSummary> {
    return this.serial(() =>
      this.explainNow(sql, request, async () => {
        for (const index of indexes) {
          for (const extension of index.extensions ?? []) {
            if (!this.extensions.includes(extension))
              throw new Error(`extension ${extension} is not available in the sandbox`);
          }
          const ddl = statementShape(index.ddl).sql.replace(/\bconcurrently\b/i, '');
          if (!/^\s*create\s+(unique\s+)?index\b/i.test(ddl))
            throw new Error(`not a CREATE INDEX statement: ${ddl.slice(0, 80)}`);
          await this.db.exec(ddl);
          // An expression or partial index has statistics of its own only after ANALYZE; without them its estimates are guesses.
          if (/\(\s*[\w"]+\s*\(/.test(ddl) || /\bwhere\b/i.test(ddl))
            await this.db.exec(`ANALYZE ${tableOfIndex(ddl)}`);
        }
      }),
    );
  }

  rows(sql: string, request: RowsRequest = {}): Promise<unknown[][]> {
    return this.serial(async () => {
      if (request.dataset === 'check') {
        const seeds = request.seeds ?? { tables: [], columns: [] };
        const signature = JSON.stringify(seeds);
        if (this.checkSeeds !== signature) {
          this.checkSeeds = undefined;
          this.lastCheckBuild = await buildCheckDataset(this.db, this.tables, seeds);
          this.checkSeeds = signature;
        }
      }
      return this.inTransaction(request.timeoutMs, async () => {
        const shape = statementShape(sql);
        if (request.dataset === 'edge') await this.db.exec(`SET LOCAL search_path TO ${EDGE_SCHEMA}, public`);
        if (request.dataset === 'check') await this.db.exec(`SET LOCAL search_path TO ${CHECK_SCHEMA}, public`);
        const result = await this.db.query<unknown[]>(shape.sql, request.params ? [...request.params] : undefined, {
          rowMode: 'array',
          serializers: PARAMETER_SERIALIZERS,
        });
        return result.rows.map((row) => row.map(jsonValue));
      });
    });
  }

  async tableRows(table: string): Promise<number | undefined> {
    const rows = this.report?.rows ?? {};
    return (
      rows[table] ??
      rows[`public.${table}`] ??
      Object.entries(rows).find(([key]) => key.split('.').pop() === table)?.[1]
    );
  }

  /**
   * BEGIN … ROLLBACK around a request. PGlite (single-user, no timer signals) does not honour
   * statement_timeout (probed: a 30 s query ran to the end under a 300 ms timeout), so the timeout is the
   * worker client's: it stops the worker thread. `timeoutMs` is accepted here for the record only.
   */
  private async inTransaction<T>(_timeoutMs: number | undefined, work: () => Promise<T>): Promise<T> {
    await this.db.exec('BEGIN');
    try {
      return await work();
    } finally {
      await this.db.exec('ROLLBACK');
    }
  }

  /** Raw access for tests and the benchmark (integrity checks by SQL). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.serial(async () => (await this.db.query<T>(sql, params)).rows);
  }

  close(): Promise<void> {
    return this.serial(() => this.db.close());
  }
}

/**
 * Parameter values as the sandbox hands them over. Values drawn from its own rows come back as text, a bytea one as
 * its `\\x…` hex form, which PGlite's own bytea serializer refuses (it takes only byte arrays): PostgreSQL reads
 * that text as the same bytes, so it goes through as written.
 */
const PARAMETER_SERIALIZERS: Record<number, (value: unknown) => string> = {
  17: (value) =>
    value instanceof Uint8Array ? `\\x${Buffer.from(value).toString('hex')}` : String(value as string | number),
};

/** The catalog's display type as DDL: `timestamp with time zone(3)` → `timestamp(3) with time zone`. */
export function sqlType(type: string): string {
  const m = /^(timestamp|time) (with(?:out)? time zone)\((\d+)\)(\[\])?$/.exec(type);
  return m ? `${m[1]}(${m[3]}) ${m[2]}${m[4] ?? ''}` : type;
}

function tableOfIndex(ddl: string): string {
  const m = /\bon\s+(?:only\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\.(?:"(?:[^"]|"")+"|[\w$]+))?)/i.exec(ddl);
  if (!m) throw new Error('CREATE INDEX without ON <table>');
  return m[1];
}

/**
 * A self-reference to the table's own integer key, when that key is generated as `g`: each row points to
 * an earlier one (skewed towards the first rows), so the data is a forest, like a category tree, in the
 * same INSERT — no UPDATE pass. Undefined when the shape does not allow it.
 */
function selfReferenceTree(
  table: SpecTable,
  fkIndex: number,
  unique: ReadonlySet<string>,
  dataset: Dataset,
): string | undefined {
  const fk = table.foreignKeys[fkIndex];
  if (fk.refTable !== table.key || fk.columns.length !== 1 || !unique.has(fk.refColumns[0])) return undefined;
  const key = table.columns.find((c) => c.name === fk.refColumns[0]);
  const column = table.columns.find((c) => c.name === fk.columns[0]);
  if (!key || !column || family(key.type) !== 'int' || family(column.type) !== 'int' || isOneToOne(table, fk.columns))
    return undefined;
  const root = column.notNull ? 'g' : 'NULL';
  const parent = dataset === 'edge' ? `1 + ((g - 1) % 2)` : `1 + floor((g - 1) * power(random(), 2))`;
  const roots = dataset === 'edge' ? 'g % 3 = 1' : 'random() < 0.3';
  return `(CASE WHEN g <= 2 OR ${column.notNull ? 'false' : roots} THEN ${root} ELSE ${parent} END)::${column.type}`;
}

function placeholder(column: SpecColumn): string {
  return valueExpr({ ...column, allowed: undefined, min: undefined, max: undefined }, 'main', true) ?? 'NULL';
}

/** Row values as JSON-comparable data: BigInt, Date and bytes become strings. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return value.map(jsonValue);
  return value;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
