import { strict as assert } from 'node:assert';
import type { ParsedFragment } from '../../../src/assistants/sql/fragment-parse';
import { placeFinding } from '../../../src/assistants/sql/placement';
import { sqlSettings } from '../../../src/assistants/sql/settings';
import type { Finding } from '../../../src/core/finding';
import { LineIndex } from '../../../src/core/text';
import { parseFragment } from '../../../src/assistants/sql/fragment-parse';
import { loadSqlParser } from '../../../src/assistants/sql/parser';
import { queryFunctions } from '../../../src/assistants/sql/query-functions';
import type { SqlFragment } from '../../../src/assistants/sql/sources';
import { extractFragments, loadTypeScript } from '../../../src/assistants/sql/sources';

/**
 * The shapes application code writes its SQL in, one driver or ORM at a time: what the engine reads as the
 * statement (stand-ins where only the running code knows), that it parses, and that its text maps back to
 * the exact host span it came from.
 */

function parsed(file: string, text: string, names: string[] = []): ParsedFragment[] {
  return extractFragments(file, text, { queryFunctions: queryFunctions(names) }).map((f) => parseFragment(f));
}

function statements(text: string, names: string[] = []): string[] {
  return parsed('src/a.ts', text, names).map(({ fragment, parsed: p }) => {
    assert.deepEqual(
      p.errors.map((e) => e.message),
      [],
      fragment.sql,
    );
    return fragment.sql.replace(/\s+/g, ' ').trim();
  });
}

/** The host text a piece of a fragment's SQL maps to (its `nth` occurrence). */
function hostOf(fragment: SqlFragment, text: string, sqlText: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = fragment.sql.indexOf(sqlText, at + 1);
  assert.ok(at >= 0, `${sqlText} in ${fragment.sql}`);
  const span = fragment.map.spanToHost(at, at + sqlText.length);
  return text.slice(span.start, span.end);
}

describe('sql extraction from application code', () => {
  before(async function () {
    this.timeout(60_000);
    await loadTypeScript();
    await loadSqlParser();
  });

  it('MikroORM addSql and TypeORM queryRunner.query / manager.query, mapped one to one', () => {
    const text = [
      'export class Migration20240101 extends Migration {',
      '  async up() {',
      '    this.addSql(\'create index "IDX_order_customer" on "order" ("customer_id");\');',
      '    await queryRunner.query(`ALTER TABLE "user" ADD "age" integer`);',
      '    await this.manager.query("DELETE FROM session WHERE expires < now()");',
      '  }',
      '}',
    ].join('\n');
    const found = parsed('src/migrations/Migration20240101.ts', text);
    assert.deepEqual(
      found.map(({ fragment }) => [fragment.origin, fragment.caller?.name]),
      [
        ['call', 'this.addSql'],
        ['call', 'queryRunner.query'],
        ['call', 'this.manager.query'],
      ],
    );
    assert.equal(hostOf(found[0].fragment, text, '"order"'), '"order"');
    assert.equal(text.indexOf('"order"') >= 0, true);
    const span = found[1].fragment.map.spanToHost(0, found[1].fragment.sql.length);
    assert.equal(text.slice(span.start, span.end), 'ALTER TABLE "user" ADD "age" integer');
  });

  it("knex's ?, ?? and \\? and MikroORM's execute: bindings become parameters and names, the jsonb ? stays", () => {
    const text = [
      "await knex.raw('SELECT * FROM ?? WHERE id = ? AND data \\\\? ?', ['users', 1, 'key']);",
      "await em.execute('select * from book where author_id = ? limit ?', [1, 10]);",
      "await pool.query('SELECT id FROM docs WHERE tags ? $1 AND meta ?| array[$2]', [a, b]);",
    ].join('\n');
    assert.deepEqual(statements(text), [
      'SELECT * FROM "binding" WHERE id = $1 AND data ? $2',
      'select * from book where author_id = $1 limit $2',
      'SELECT id FROM docs WHERE tags ? $1 AND meta ?| array[$2]',
    ]);
    const [knex] = parsed('src/a.ts', text);
    assert.equal(hostOf(knex.fragment, text, '"binding"'), '??');
    assert.equal(hostOf(knex.fragment, text, '$2'), '?');
  });

  it("Sequelize's :name and knex's :name: bindings; casts and array slices are not bindings", () => {
    const text = [
      'await sequelize.query("SELECT * FROM users WHERE name = :name AND created_at::date = :day", { replacements });',
      "await knex.raw('SELECT :col: FROM t WHERE a[1:2] = :v', { col, v });",
    ].join('\n');
    assert.deepEqual(statements(text), [
      'SELECT * FROM users WHERE name = $1 AND created_at::date = $2',
      'SELECT "col" FROM t WHERE a[1:2] = $1',
    ]);
  });

  it("pg-promise's ${name}, $<name>, ${name~} (a name) and ${name^} (raw text)", () => {
    const text = "await db.none('UPDATE ${table~} SET total = ${total} WHERE id = $<id> ${extra^}', values);";
    assert.deepEqual(statements(text), ['UPDATE "table" SET total = $1 WHERE id = $2']);
  });

  it('slonik: sql.type, sql.fragment from a variable, sql.identifier, sql.join and a query spliced in', () => {
    const text = [
      'const where = sql.fragment`WHERE ${sql.identifier(["t", "org_id"])} = ANY(${sql.array(ids, "int4")})`;',
      'const rows = await pool.any(sql.type(Row)`',
      '  SELECT * FROM (${query}) ${sql.identifier(["t"])}',
      '  ${where}',
      '  ORDER BY ${sql.join(columns, sql.fragment`, `)}',
      '`);',
    ].join('\n');
    const [only, ...rest] = parsed('src/a.ts', text);
    assert.equal(rest.length, 0, 'the fragment is part of the statement, not one of its own');
    assert.deepEqual(only.parsed.errors, []);
    assert.equal(
      only.fragment.sql.replace(/\s+/g, ' ').trim(),
      'SELECT * FROM (SELECT 1) "t" WHERE "t"."org_id" = ANY($1) ORDER BY "columns"',
    );
    // Text from the fragment maps to where it is written; a span across the splice to the ${where} it came in by.
    assert.equal(hostOf(only.fragment, text, 'ANY('), 'ANY(');
    assert.ok(text.indexOf('ANY(') < text.indexOf('sql.type'));
    const from = only.fragment.sql.indexOf('SELECT *');
    const to = only.fragment.sql.indexOf('ANY($1)') + 'ANY($1)'.length;
    const span = only.fragment.map.spanToHost(from, to);
    assert.equal(text.slice(span.start, span.end), 'SELECT * FROM (${query}) ${sql.identifier(["t"])}\n  ${where}');
  });

  it('Prisma: $queryRaw with Prisma.join and Prisma.empty, $executeRawUnsafe', () => {
    const text = [
      'await prisma.$queryRaw<Row[]>`SELECT * FROM "User" WHERE id IN (${Prisma.join(ids)}) ${Prisma.empty}`;',
      'await prisma.$executeRawUnsafe(`UPDATE "Team" SET "name" = $1 WHERE id = $2`, name, id);',
    ].join('\n');
    assert.deepEqual(statements(text), [
      'SELECT * FROM "User" WHERE id IN ($1)',
      'UPDATE "Team" SET "name" = $1 WHERE id = $2',
    ]);
  });

  it("Drizzle's and Kysely's sql tags: table objects and sql.table / sql.ref / sql.raw", () => {
    const text = [
      'await db.execute(sql`select * from ${users} where ${users.id} = ${id}`);',
      'await sql`select ${sql.ref("u.email")} from ${sql.table("users")} as u ${sql.raw("limit 10")}`.execute(db);',
    ].join('\n');
    assert.deepEqual(statements(text), [
      'select * from "users" where $1 = $2',
      'select "u"."email" from "users" as u limit 10',
    ]);
  });

  it("postgres.js: sql`…` with sql(name) as a name, and sql.unsafe('…')", () => {
    const text = [
      'await sql`select * from ${sql(table)} where id = ${id}`;',
      "await sql.unsafe('select count(*) from jobs');",
    ].join('\n');
    assert.deepEqual(statements(text), ['select * from "table" where id = $1', 'select count(*) from jobs']);
  });

  it('statement builders: SQL`…` with .append of tags and strings', () => {
    const text = [
      'const query = SQL`SELECT * FROM books WHERE author = ${author}`;',
      'if (title) query.append(SQL` AND title = ${title}`);',
      "query.append(' ORDER BY id LIMIT 10');",
      'await pool.query(query);',
    ].join('\n');
    const [only, ...rest] = parsed('src/a.ts', text);
    assert.equal(rest.length, 0);
    assert.equal(only.fragment.sql, 'SELECT * FROM books WHERE author = $1 AND title = $2 ORDER BY id LIMIT 10');
    assert.equal(hostOf(only.fragment, text, '$2'), '${title}');
    assert.equal(hostOf(only.fragment, text, 'LIMIT'), 'LIMIT');
  });

  it('SQL built in the file: let with +=, a function returning the statement, { text } of a QueryConfig', () => {
    const text = [
      "let q = 'SELECT * FROM jobs WHERE queue = $1';",
      "if (due) q += ' AND run_at <= now()';",
      'await client.query(q, [queue]);',
      'function byId(schema: string) {',
      '  return `select * from ${schema}.jobs where id = $1`;',
      '}',
      'await client.query(byId(schema), [id]);',
      'async function lock(client, ids) {',
      '  const text = `update jobs set locked_at = now() where id = any($1)`;',
      '  return client.query({ text, values: [ids] });',
      '}',
    ].join('\n');
    assert.deepEqual(statements(text), [
      'SELECT * FROM jobs WHERE queue = $1 AND run_at <= now()',
      'select * from "schema".jobs where id = $1',
      'update jobs set locked_at = now() where id = any($1)',
    ]);
  });

  it('a job queue that splices its schema, clauses and $-numbers in: one statement, spans at their source', () => {
    const text = [
      'const flagsClause = hasFlags ? `and ((flags ?| $${++i}::text[]) is not true)` : "";',
      'const now = useNodeTime ? `$${++i}::timestamptz` : "now()";',
      'const text = `',
      'select * from ${escapedWorkerSchema}._private_jobs as jobs',
      'where run_at <= ${now} ${flagsClause}',
      'limit ${batchSize}`;',
      'const { rows } = await withPgClient((client) => client.query({ text, values }));',
    ].join('\n');
    const [only] = parsed('src/sql/getJobs.ts', text);
    assert.deepEqual(only.parsed.errors, []);
    assert.equal(
      only.fragment.sql.replace(/\s+/g, ' ').trim(),
      'select * from "escapedWorkerSchema"._private_jobs as jobs where run_at <= $1::timestamptz and ((flags ?| $2::text[]) is not true) limit $3',
    );
    assert.equal(hostOf(only.fragment, text, '"escapedWorkerSchema"'), '${escapedWorkerSchema}');
    assert.equal(hostOf(only.fragment, text, 'is not true'), 'is not true');
    assert.equal(only.fragment.interpolated, true);
  });

  it('stand-ins are typed by their place, and retried when the first guess does not parse', () => {
    const text = [
      'await pool.query(`SELECT ${cols} FROM ${schema}.${table} t ${joins} WHERE t.a = ${a} ORDER BY ${sort}`);',
      'await pool.query(`INSERT INTO audit (${column}) VALUES ($1)`, [v]);',
      'await pool.query(`SELECT * FROM (${inner}) q WHERE q.id = ${id}`);',
      "await pool.query(`SELECT * FROM t WHERE name = '${name}'`);",
    ].join('\n');
    const found = parsed('src/a.ts', text);
    assert.deepEqual(
      found.map(({ fragment }) => fragment.kinds),
      [
        ['identifier', 'identifier', 'identifier', 'fragment', 'value', 'identifier'],
        ['identifier'],
        ['query', 'value'],
        ['text'],
      ],
    );
    assert.deepEqual(
      found.map(({ parsed: p }) => p.errors.length),
      [0, 0, 0, 0],
    );
  });

  it("query functions: the drivers', names that say so, and the setting's; not selectors or cache keys", () => {
    const text = [
      "await rawQuery('SELECT id FROM accounts WHERE email = $1', [email]);",
      "await this.db.run('SELECT id FROM sessions WHERE token = $1', [token]);",
      "document.querySelector('select');",
      "useQuery('select all users');",
      "await execSql('update counters set n = n + 1');",
      "await exec('create-react-app my-app');",
      "await db.exec('BEGIN');",
    ].join('\n');
    assert.deepEqual(statements(text), ['SELECT id FROM accounts WHERE email = $1', 'update counters set n = n + 1']);
    assert.deepEqual(statements(text, ['db.run']), [
      'SELECT id FROM accounts WHERE email = $1',
      'SELECT id FROM sessions WHERE token = $1',
      'update counters set n = n + 1',
    ]);
  });

  it('a call given one of two statements yields both', () => {
    const text = "await pool.query(all ? 'SELECT * FROM a' : 'SELECT * FROM a WHERE active');";
    assert.deepEqual(statements(text), ['SELECT * FROM a', 'SELECT * FROM a WHERE active']);
  });

  it('a finding wholly on a stand-in moves to the call; in a SQL file, with no call, it is dropped', () => {
    const finding = (text: string, start: number, end: number): Finding => {
      const lines = new LineIndex(text);
      return {
        file: 'f',
        assistant: 'sql',
        ruleId: 'select-star',
        severity: 'info',
        message: 'm',
        impact: 'low',
        effort: 'small',
        range: lines.rangeOf(start, end),
        fixes: [{ title: 'edit the stand-in', edits: [] }],
      };
    };
    const script = 'await pool.query(`SELECT ${columns} FROM orders WHERE id = $1`, [id]);';
    const [fragment] = extractFragments('a.ts', script);
    const lines = new LineIndex(script);
    const onStandIn = finding(script, script.indexOf('${columns}'), script.indexOf('${columns}') + 10);
    const moved = placeFinding(onStandIn, fragment, lines)!;
    const { start, end } = moved.range;
    assert.equal(script.slice(lines.offsetAt(start), lines.offsetAt(end)), 'pool.query');
    assert.equal(moved.fixes, undefined, 'no edit of text the host does not hold');
    const onText = finding(script, script.indexOf('orders'), script.indexOf('orders') + 6);
    assert.equal(placeFinding(onText, fragment, lines), onText);

    const file = "select id from {{ ref('orders') }};\n";
    const [sqlFragment] = extractFragments('m.sql', file);
    const tag = file.indexOf('{{');
    assert.equal(placeFinding(finding(file, tag, tag + 5), sqlFragment, new LineIndex(file)), undefined);
  });

  it('the setting lists names and dotted names, nothing else', () => {
    assert.deepEqual(
      sqlSettings({ queryFunctions: ['rawQuery', ' db.run ', 3, 'bad name!', 'rawQuery'] }).queryFunctions,
      ['rawQuery', 'db.run'],
    );
    assert.deepEqual(sqlSettings(undefined).queryFunctions, []);
  });
});
