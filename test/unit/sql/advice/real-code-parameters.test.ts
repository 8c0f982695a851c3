import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSqlAssistant } from '../../../../src/assistants/sql/index';
import type { SqlAdviceReport } from '../../../../src/assistants/sql/contract';
import type { Assistant } from '../../../../src/core/assistant';
import { TimeBudget } from '../../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../../src/core/config';
import { memoryWorkspace } from '../../../../src/core/workspace';

/**
 * Measured advice on the parameterised shapes real code bases run (test/fixtures/sql-advice-real, our own
 * rewrites): each statement measured with the values it would get, or told exactly why not.
 */
const FIXTURES = path.join(__dirname, '../../../fixtures/sql-advice-real');
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('sql advice: parameterised statements of real-code shapes (real sandbox)', function () {
  this.timeout(300_000);
  const schema = read('schema.sql');
  const store = read('store.go');
  const workspace = memoryWorkspace({ 'db/migrations/001_init.sql': schema, 'internal/store.go': store });
  let assistant: Assistant<SqlAdviceReport>;
  let report: SqlAdviceReport;
  const at = (needle: string) => {
    const start = store.indexOf(needle);
    const statement = report.statements.find((s) => s.start <= start && start < s.end);
    assert.ok(statement, `no statement at ${needle}`);
    return statement;
  };

  before(async () => {
    assistant = createSqlAssistant();
    const result = await assistant.advise!(
      { file: 'internal/store.go', text: store },
      { config: DEFAULT_CONFIG, budget: new TimeBudget(Number.MAX_SAFE_INTEGER), workspace, settings: { rows: 3000 } },
    );
    report = result.report;
  });
  after(async () => {
    await assistant?.dispose?.();
  });

  it('binds a bytea value drawn from the rows (PGlite took only byte arrays for bytea parameters)', () => {
    const update = at('UPDATE shards');
    assert.equal(update.plan?.analyzed, true, update.notes.join('; '));
    const data = update.parameters?.[0].values.find((v) => v.number === 2);
    assert.equal(data?.source, 'shards.data');
    assert.match(data?.value ?? '', /^\\x[0-9a-f]*$/);
  });

  it('inserts with a key no row holds (a drawn one only measured the duplicate-key error)', () => {
    const insert = at('INSERT INTO shards');
    assert.equal(insert.plan?.analyzed, true, insert.notes.join('; '));
    const key = insert.parameters?.[0].values.find((v) => v.number === 1);
    assert.equal(key?.source, 'shards.shard_id, a new key');
    assert.equal(key?.value, '3001');
  });

  it('draws the values of `INSERT … SELECT $1, …` from the columns they are stored in', () => {
    const insert = at('INSERT INTO notes (owner_id');
    assert.equal(insert.plan?.analyzed, true, insert.notes.join('; '));
    const sources = new Map(insert.parameters?.[0].values.map((v) => [v.number, v.source]));
    assert.equal(sources.get(1), 'notes.owner_id');
    assert.equal(sources.get(2), 'notes.state');
    assert.equal(sources.get(3), 'leases.holder');
  });

  // leases has an enum array column: before its elements were drawn from the labels, the table was loaded empty and
  // every leases statement below had no values to draw.
  it("draws an optional parameter's value from the column through its coalesce default", () => {
    const expire = at('DELETE FROM leases');
    assert.equal(expire.plan?.analyzed, true, expire.notes.join('; '));
    assert.equal(expire.parameters?.[0].values[0].source, 'leases.expires_at');
  });

  it('gives `<> ALL($n)` values of its column and a parameter compared with no column a neutral value of its cast', () => {
    const names = at('SELECT name FROM leases');
    assert.equal(names.plan?.analyzed, true, names.notes.join('; '));
    const typical = new Map(names.parameters?.[0].values.map((v) => [v.number, v]));
    assert.equal(typical.get(1)?.source, 'leases.name');
    assert.equal(typical.get(2)?.source, 'leases.holder');
    assert.equal(typical.get(3)?.source, 'leases.name');
    assert.match(typical.get(3)?.value ?? '', /^\{".*"\}$/);
    assert.equal(typical.get(4)?.source, 'LIMIT');
  });

  it('gives parameters that choose no rows (a channel name) a neutral value of their cast, and says so', () => {
    const resign = at('SELECT pg_notify');
    assert.equal(resign.plan?.analyzed, true, resign.notes.join('; '));
    assert.deepEqual(
      resign.parameters?.[0].values.map((v) => [v.number, v.value, v.source]),
      [
        [1, '', 'no column: a neutral text'],
        [2, '', 'no column: a neutral text'],
        [3, resign.parameters?.[0].values[2].value, 'leases.name'],
      ],
    );
  });

  it('gives a parameter with no cast and no column a neutral value of the type PostgreSQL infers for it', () => {
    for (const needle of ['UPDATE leases', 'SELECT name, now()']) {
      const statement = at(needle);
      assert.equal(statement.plan?.analyzed, true, statement.notes.join('; '));
      const values = new Map(statement.parameters?.[0].values.map((v) => [v.number, v]));
      assert.equal(values.get(1)?.source, 'leases.holder');
      assert.deepEqual(
        [values.get(2)?.value, values.get(2)?.source],
        ['0', 'no column: a neutral double precision (the type PostgreSQL infers for it)'],
      );
    }
  });

  it("creates the schema's enum types, with their labels as the column's synthetic values", () => {
    const inState = at('SELECT id, title FROM notes WHERE owner_id');
    assert.equal(inState.plan?.analyzed, true, inState.notes.join('; '));
    const states = inState.parameters?.map((c) => c.values.find((v) => v.number === 2));
    assert.ok(states?.length);
    for (const state of states) {
      assert.equal(state?.source, 'notes.state');
      assert.ok(['draft', 'archived', 'published'].includes(state?.value ?? ''), state?.value);
    }
  });

  it("creates the schema's own SQL functions, so a query calling one runs", () => {
    const stale = at('SELECT name FROM leases WHERE holder');
    assert.equal(stale.plan?.analyzed, true, stale.notes.join('; '));
  });

  it('estimates no index on a column the sandbox could not fill (a one-row table its CHECK emptied)', () => {
    const expire = at('DELETE FROM leader');
    assert.equal(expire.plan?.analyzed, false);
    assert.match(expire.notes.join('\n'), /leader\.expires_at has no values in the sandbox .*no index is estimated/);
    assert.deepEqual(expire.suggestions, []);
  });

  it('says a $n the code splices in is not a parameter, names the code, and estimates', () => {
    const notes = at('SELECT id, title FROM notes WHERE `');
    assert.equal(notes.plan?.analyzed, false);
    assert.match(
      notes.notes.join('\n'),
      /\$1 stands for `strings\.Join\(where, " AND "\)`, SQL the code splices in at run time/,
    );
    const create = at('INSERT INTO notes ("+');
    assert.notEqual(create.plan?.analyzed, true);
    assert.match(
      create.notes.join('\n'),
      /`strings\.Join\(fields, ", "\)` is (a name|SQL) the code splices in at run time/,
    );
  });
});
