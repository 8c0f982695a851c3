import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { loadSqlParser } from '../../../src/assistants/sql/parser';
import { SchemaCache } from '../../../src/assistants/sql/schema-cache';
import { SCHEMA_SOURCE } from '../../../src/assistants/sql/schema-paths';
import { DEFAULT_SQL_SETTINGS } from '../../../src/assistants/sql/settings';
import { extractFragments, loadTypeScript } from '../../../src/assistants/sql/sources';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * Migrations written with schema builders (test/fixtures/sql-builders: knex, node-pg-migrate, Sequelize) build the
 * schema as their SQL would: the per-request rules see their foreign keys and indexes, and an index built without
 * the builder's concurrent option on an existing table is the lock-safety finding, on the builder call.
 */

const FIXTURES = path.resolve(__dirname, '../../fixtures/sql-builders');
const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };

function filesOf(library: string): Record<string, string> {
  const root = path.join(FIXTURES, library);
  const out: Record<string, string> = {};
  for (const folder of ['migrations', 'src'])
    for (const name of fs.readdirSync(path.join(root, folder)))
      out[`${folder}/${name}`] = fs.readFileSync(path.join(root, folder, name), 'utf8');
  return out;
}

async function findingsOf(library: string, file: string) {
  const files = filesOf(library);
  const text = files[file];
  const result = await analyzeDocument(sqlAssistant, { file, text }, config, undefined, {
    workspace: memoryWorkspace(files),
  });
  assert.deepEqual(result.errors, []);
  return result.findings.map((f) => ({
    at: `${f.range.start.line + 1} ${f.ruleId}`,
    text: text.slice(offsetOf(text, f.range.start), offsetOf(text, f.range.end)),
    message: f.message,
    fixes: f.fixes ?? [],
  }));
}

function offsetOf(text: string, at: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, at.line).reduce((n, l) => n + l.length + 1, 0) + at.character;
}

async function finalSchema(library: string) {
  const files = filesOf(library);
  const ws = await memoryWorkspace(files).files(SCHEMA_SOURCE);
  return (await new SchemaCache().schemaFor(ws, DEFAULT_SQL_SETTINGS, { file: 'src/app.ts', text: '' })).final;
}

describe('sql: schema builders feed the schema', function () {
  this.timeout(60_000);
  before(async () => {
    await loadSqlParser();
    await loadTypeScript();
  });

  it('knex: tables, columns, primary keys, foreign keys and indexes; the down direction is left out', async () => {
    const schema = await finalSchema('knex');
    const flows = schema.resolve('flows')!;
    assert.deepEqual([...flows.columns.keys()], ['id', 'workspace_id', 'name', 'active', 'description']);
    assert.deepEqual(flows.primaryKey, ['id']);
    assert.equal(flows.columns.get('workspace_id')?.notNull, true);
    assert.deepEqual(
      flows.foreignKeys.map((fk) => [fk.columns, fk.refTable]),
      [[['workspace_id'], 'public.workspaces']],
    );
    // The third migration dropped the index on active (by its given name) and changed name's type.
    assert.deepEqual(
      flows.indexes.filter((i) => !i.implicit).map((i) => i.keys.map((k) => k.column)),
      [['name']],
    );
    assert.equal(flows.columns.get('name')?.type, 'character varying(200)');
    assert.equal(flows.columns.get('name')?.notNull, true);
    // An index dropped by the name knex gave it.
    assert.deepEqual(
      schema.resolve('workspaces')!.indexes.filter((i) => !i.implicit),
      [],
    );
    assert.equal(schema.resolve('workspaces')?.columns.get('slug')?.type, 'character varying(64)');
    assert.deepEqual(
      [...schema.resolve('workspaces')!.columns.keys()],
      ['id', 'slug', 'created_at', 'updated_at', 'seats'],
    );
    assert.deepEqual(schema.resolve('runs')?.foreignKeys[0]?.columns, ['flow_id']);
  });

  it('knex: a foreign key without an index is found by the query that filters on it; an indexed column is not', async () => {
    const found = await findingsOf('knex', 'src/flows.ts');
    assert.deepEqual(
      found.map((f) => f.at),
      ['5 unindexed-foreign-key', '10 unindexed-foreign-key'],
    );
  });

  it('knex: an index on an existing table feeds the schema only (knex has no concurrent option)', async () => {
    const found = await findingsOf('knex', 'migrations/20240201_add_runs.js');
    assert.deepEqual(found, []);
  });

  it('node-pg-migrate: createTable, references, addColumns, createIndex and addConstraint build the schema', async () => {
    const schema = await finalSchema('node-pg-migrate');
    const inscriptions = schema.resolve('inscriptions')!;
    assert.deepEqual([...inscriptions.columns.keys()], ['id', 'block_id', 'genesis_id', 'mime_type', 'sat_number']);
    assert.deepEqual(inscriptions.foreignKeys[0]?.refTable, 'public.blocks');
    assert.deepEqual(
      inscriptions.indexes.filter((i) => !i.implicit).map((i) => [i.keys.map((k) => k.column), i.unique]),
      [
        [['genesis_id'], true],
        [['mime_type'], false],
        [['sat_number'], false],
      ],
    );
    assert.equal(schema.resolve('blocks')?.columns.get('id')?.type, 'integer');
    assert.deepEqual(schema.resolve('transfers')?.foreignKeys[0]?.columns, ['inscription_id']);
  });

  it('node-pg-migrate: an index without { concurrently: true } on an existing table is reported on the call, with no edit', async () => {
    const found = await findingsOf('node-pg-migrate', 'migrations/1700000100000_transfers.ts');
    assert.deepEqual(
      found.map((f) => [f.at, f.text]),
      [['6 create-index-not-concurrently', "pgm.createIndex('inscriptions', 'mime_type')"]],
    );
    assert.match(found[0].message, /Pass \{ concurrently: true \} to this node-pg-migrate call/);
    assert.deepEqual(found[0].fixes, []);
    assert.deepEqual(
      (await findingsOf('node-pg-migrate', 'src/store.ts')).map((f) => f.at),
      ['5 unindexed-foreign-key'],
    );
  });

  it('Sequelize: createTable, addColumn, addIndex in both shapes and addConstraint build the schema', async () => {
    const schema = await finalSchema('sequelize');
    const members = schema.resolve('Members')!;
    assert.deepEqual([...members.columns.keys()], ['id', 'CollectiveId', 'MemberCollectiveId', 'role', 'since']);
    assert.equal(members.columns.get('role')?.type, 'character varying(255)');
    assert.deepEqual(
      members.foreignKeys.map((fk) => fk.columns[0]),
      ['CollectiveId', 'MemberCollectiveId'],
    );
    assert.deepEqual(
      members.indexes.filter((i) => !i.implicit).map((i) => i.keys[0].column),
      ['role', 'since', 'MemberCollectiveId'],
    );
  });

  it('Sequelize: attributes given by name are read; unreadable ones still make a table; a partial index keeps its condition', async () => {
    const schema = await finalSchema('sequelize');
    const comments = schema.resolve('Comments')!;
    assert.deepEqual([...comments.columns.keys()], ['id', 'MemberId', 'body', 'deletedAt']);
    assert.deepEqual(comments.foreignKeys[0]?.refTable, 'public.Members');
    const partial = comments.indexes.find((i) => i.keys[0]?.column === 'body');
    assert.equal(partial?.partial, true);
    assert.deepEqual(partial?.predicateColumns, ['deletedAt']);
    assert.equal(schema.resolve('Reactions')?.columnsKnown, false);
    // Both indexes are on tables the same migration creates (the second with columns built by a function).
    assert.deepEqual(await findingsOf('sequelize', 'migrations/20230301000000-create-comments.js'), []);
    assert.deepEqual(await findingsOf('sequelize', 'migrations/20230401000000-partial-index.js'), []);
  });

  it('Sequelize: addIndex without { concurrently: true } on an existing table is reported; with it, not', async () => {
    const found = await findingsOf('sequelize', 'migrations/20230201000000-member-indexes.js');
    assert.deepEqual(
      found.map((f) => [f.at, f.text]),
      [['7 create-index-not-concurrently', "queryInterface.addIndex('Members', { fields: ['since'] })"]],
    );
    assert.match(found[0].message, /Pass \{ concurrently: true \} to this Sequelize call/);
    assert.deepEqual(
      (await findingsOf('sequelize', 'src/members.ts')).map((f) => f.at),
      ['5 unindexed-foreign-key'],
    );
  });

  it('builder DDL is not offered to the exhaustive pass (it is not text in the file)', () => {
    const text = filesOf('knex')['migrations/20240101_create_workspaces.js'];
    assert.equal(
      extractFragments('migrations/x.js', text, { exhaustive: true }).some((f) => f.builder),
      false,
    );
    // Two tables, and the two drops of its down direction (read, and left out of the schema).
    assert.equal(extractFragments('migrations/x.js', text).filter((f) => f.builder).length, 4);
  });
});
