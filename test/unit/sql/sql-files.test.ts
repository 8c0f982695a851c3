import { strict as assert } from 'node:assert';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { parseFragment } from '../../../src/assistants/sql/fragment-parse';
import { loadSqlParser } from '../../../src/assistants/sql/parser';
import { documentSql, extractFragments } from '../../../src/assistants/sql/sources';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * SQL files as their own toolchain writes them: psql variables, pg_dump's COPY data, Jinja (dbt) and Go
 * templates. Each becomes SQL the grammar reads, of the file's own length where it fits, so every offset
 * stays one to one and findings land where they are written.
 */

const CONFIG = { ...DEFAULT_CONFIG, budgetMs: 60_000 };

function readAs(file: string, text: string) {
  const [fragment] = extractFragments(file, text);
  return parseFragment(fragment);
}

async function analyze(file: string, text: string, context: Record<string, string> = {}) {
  const workspace = memoryWorkspace(new Map([[file, text], ...Object.entries(context)]));
  return analyzeDocument(sqlAssistant, { file, text }, CONFIG, undefined, { workspace });
}

describe('sql files: psql, pg_dump, templates', () => {
  before(async function () {
    this.timeout(60_000);
    await loadSqlParser();
  });

  it("psql's :'v' is a literal, :\"v\" a name, :v what its place calls for; casts and := are left alone", () => {
    const text = 'SELECT * FROM :"tbl" WHERE id = :id AND name = :\'who\' AND n::int > 0 LIMIT :lim;\n';
    const { fragment, parsed } = readAs('q.sql', text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(fragment.sql, 'SELECT * FROM "tbl"  WHERE id = $1  AND name = \'who\'  AND n::int > 0 LIMIT $2  ;\n');
    assert.equal(fragment.sql.length, text.length, 'one to one');
  });

  it("pg-promise's query files: ${name} and $<name> are values, ${name~} a name; a :VAR type and one in a body", () => {
    const text = [
      'INSERT INTO ${table~}(user_id, name) VALUES (${userId}, $<productName>) RETURNING *;',
      'CREATE FUNCTION :SCHEMA.f() RETURNS :SCHEMA.jobs LANGUAGE sql AS $$ SELECT (NULL):::SCHEMA.jobs $$;',
      '',
    ].join('\n');
    const { fragment, parsed } = readAs('db/sql/products/add.sql', text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(fragment.sql.length, text.length);
    assert.deepEqual(
      fragment.sql.split('\n')[0].replace(/\s+/g, ' '),
      'INSERT INTO "table" (user_id, name) VALUES ($1 , $2 ) RETURNING *;',
    );
    assert.match(
      fragment.sql.split('\n')[1],
      /^CREATE FUNCTION schema \.f\(\) RETURNS schema \.jobs .*\(NULL\)::SCHEMA /,
    );
  });

  it('named $name binds are values of the same length; $1, $$ and $tag$ bodies, a$b and quoted $x are left alone', () => {
    const text = [
      "SELECT price$usd, $1, '$quoted' FROM items WHERE owner = $ownerId AND kind = ANY($kinds) LIMIT $n; -- $c",
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
      'CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 2; END $fn$;',
      '',
    ].join('\n');
    const { fragment, parsed } = readAs('scripts/report.sql', text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(fragment.sql.length, text.length, 'one to one');
    assert.equal(
      fragment.sql.split('\n')[0],
      "SELECT price$usd, $1, '$quoted' FROM items WHERE owner = $2       AND kind = ANY($3    ) LIMIT $4; -- $c",
    );
    assert.deepEqual(fragment.sql.split('\n').slice(1), text.split('\n').slice(1), 'function bodies as written');
    assert.deepEqual(
      parsed.statements.map((s) => s.type),
      ['SelectStmt', 'CreateFunctionStmt', 'CreateFunctionStmt'],
    );
  });

  it("pg_dump's COPY … FROM stdin data is not SQL: blank lines of the same length, no parse error", () => {
    const text = [
      'CREATE TABLE t (id int, note text);',
      'COPY public.t (id, note) FROM stdin;',
      "1\tit's; not SQL",
      '2\t\\N',
      '\\.',
      '',
      'SELECT id FROM t ORDER BY random();',
      '',
    ].join('\n');
    const { fragment, parsed } = readAs('dump.sql', text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.statements.map((s) => s.type),
      ['CreateStmt', 'CopyStmt', 'SelectStmt'],
    );
    assert.equal(fragment.sql.length, text.length);
    assert.equal(fragment.sql.split('\n')[2].trim(), '');
  });

  it('Jinja: expressions are stand-ins, the first branch of an if is kept, else branches, macros and comments blank', () => {
    const text = [
      "{{ config(materialized='incremental') }}",
      '{% macro cents(col) %}{{ col }} / 100{% endmacro %}',
      '{# one row per order #}',
      'select id, total from {{ ref("orders") }}',
      '{% if is_incremental() %}',
      'where placed_at > (select max(placed_at) from {{ this }}) and region = \'{{ var("region") }}\'',
      '{% else %}',
      'where true and and',
      '{% endif %}',
      '',
    ].join('\n');
    const { fragment, parsed } = readAs('models/orders.sql', text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(fragment.sql.length, text.length);
    const lines = fragment.sql.split('\n').map((l) => l.trimEnd());
    assert.deepEqual(lines, [
      '',
      '',
      '',
      'select id, total from "orders"',
      '',
      `where placed_at > (select max(placed_at) from "this"    ) and region = '${'var'.padEnd('{{ var("region") }}'.length)}'`,
      '',
      '',
      '',
      '',
    ]);
  });

  it('Go templates: {{.Field}} stand-ins, {{if}} … {{else}} … {{end}} as one rendering', () => {
    const text =
      'CREATE INDEX idx ON {{.Schema}}.events (created_at){{if .Unique}} WHERE id > 0{{else}} garbage({{end}};\n';
    const { fragment, parsed } = readAs('migrations/001.up.sql', text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(
      fragment.sql.replace(/\s+/g, ' ').trim(),
      'CREATE INDEX idx ON "Schema" .events (created_at) WHERE id > 0 ;',
    );
  });

  it('findings land on the SQL around template tags, at their place in the file', async () => {
    const text = "-- a dbt model\nselect id from {{ ref('orders') }} order by random()\n";
    const result = await analyze('models/orders.sql', text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.character]),
      [['order-by-random', 1, 44]],
    );
  });

  it('a statement a tag cannot stand in for is one note naming the tag, not a parse error', async () => {
    const text = 'select id from orders where id between {{ bounds }};\nselect 1 from t order by random();\n';
    const result = await analyze('models/x.sql', text);
    assert.deepEqual(
      result.errors.map((e) => [e.kind, e.range?.start.line]),
      [['unsupported', 0]],
    );
    assert.match(
      result.errors[0].message,
      /^not analysed: the statement does not parse with \{\{ bounds \}\} read as a name/,
    );
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['order-by-random'],
      'the other statements are analysed',
    );
  });

  it('a file in another dialect is one note; PostgreSQL beside it is analysed', async () => {
    const mysql =
      'CREATE TABLE `users` (\n  id INT UNSIGNED NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (id)\n) ENGINE=InnoDB;\n';
    const result = await analyze('db/schema.sql', mysql);
    assert.deepEqual(
      result.errors.map((e) => [e.kind, e.message, e.range?.start.line]),
      [['unsupported', 'not analysed: MySQL syntax (backtick-quoted names); the query optimizer reads PostgreSQL', 0]],
    );
    assert.equal(documentSql('db/schema.sql', mysql).fragments.length, 0);
  });
});
