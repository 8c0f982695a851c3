import { strict as assert } from 'node:assert';
import { extractFragments, loadTypeScript, looksLikeSql, mightContainSql } from '../../../src/assistants/sql/sources';

describe('sql sources', () => {
  before(async function () {
    this.timeout(30_000);
    await loadTypeScript();
  });

  it('a .sql file is one fragment mapped one to one; psql meta-commands become blanks', () => {
    const text = 'SELECT 1;\n\\i other.sql\nSELECT 2;\n';
    const [fragment] = extractFragments('q.sql', text);
    assert.equal(fragment.sql.length, text.length);
    assert.equal(fragment.sql.split('\n')[1].trim(), '');
    assert.equal(fragment.map.toHost(text.indexOf('SELECT 2')), text.indexOf('SELECT 2'));
  });

  it('tagged templates bind ${…} as $1, $2 in order, mapped back to the placeholders', () => {
    const text = 'const q = sql`SELECT id FROM users WHERE id = ${userId} AND org = ${org.id}`;\n';
    const [fragment] = extractFragments('a.ts', text);
    assert.equal(fragment.sql, 'SELECT id FROM users WHERE id = $1 AND org = $2');
    assert.equal(fragment.origin, 'template');
    assert.equal(fragment.interpolated, false);
    assert.deepEqual(
      fragment.placeholders.map((p) => text.slice(p.hostStart, p.hostEnd)),
      ['${userId}', '${org.id}'],
    );
    // A span inside a placeholder maps to the whole placeholder; text maps one to one.
    const dollar2 = fragment.sql.indexOf('$2');
    const host = fragment.map.spanToHost(dollar2, dollar2 + 2);
    assert.equal(text.slice(host.start, host.end), '${org.id}');
    const users = fragment.sql.indexOf('users');
    const h = fragment.map.spanToHost(users, users + 5);
    assert.equal(text.slice(h.start, h.end), 'users');
    // Edits may not cut a placeholder.
    assert.equal(fragment.map.editableSpan(dollar2, dollar2 + 1), undefined);
  });

  it('knows the common tags and query functions', () => {
    const text = [
      'await prisma.$queryRaw`SELECT 1 FROM a WHERE x = ${x}`;',
      'await Prisma.sql`SELECT 2 FROM b`;',
      'await pool.query("SELECT 3 FROM c WHERE id = $1", [id]);',
      "await client.query({ text: 'SELECT 4 FROM d', values: [] });",
      "await knex.raw('SELECT 5 FROM e');",
      "await prisma.$queryRawUnsafe('SELECT 6 FROM f');",
      "await db.query('SELECT 7 ' + 'FROM g');",
      "const Q = 'SELECT 8 FROM h'; await db.query(Q);",
      'await query(`SELECT 9 FROM i`);',
    ].join('\n');
    const sqls = extractFragments('a.ts', text).map((f) => f.sql);
    assert.deepEqual(sqls, [
      'SELECT 1 FROM a WHERE x = $1',
      'SELECT 2 FROM b',
      'SELECT 3 FROM c WHERE id = $1',
      'SELECT 4 FROM d',
      'SELECT 5 FROM e',
      'SELECT 6 FROM f',
      'SELECT 7 FROM g',
      'SELECT 8 FROM h',
      'SELECT 9 FROM i',
    ]);
  });

  it('ignores strings that are not statements, and SQL fragments of a larger query', () => {
    const text = [
      "throw new Error('Select a product first');",
      'const where = sql`AND active = ${true}`;',
      "console.log('select');",
      "res.query('not sql at all');",
    ].join('\n');
    assert.deepEqual(extractFragments('a.ts', text), []);
    assert.equal(mightContainSql('const x = 1;'), false);
    assert.equal(looksLikeSql('  -- comment\n  WITH x AS (SELECT 1) SELECT * FROM x'), true);
  });

  it('untagged templates are interpolation: a stand-in typed by its place, marked interpolated', () => {
    const text = 'await pool.query(`SELECT * FROM ${table} WHERE id = $1 AND org = ${org}`, [id]);';
    const [fragment] = extractFragments('a.ts', text);
    // A name after FROM; a value after `=`, numbered after the text's own parameters.
    assert.equal(fragment.sql, 'SELECT * FROM "table" WHERE id = $1 AND org = $2');
    assert.equal(fragment.interpolated, true);
    const name = fragment.sql.indexOf('"table"');
    const host = fragment.map.spanToHost(name, name + 7);
    assert.equal(text.slice(host.start, host.end), '${table}');
  });

  it('cooks escapes and maps them back to the escape sequence', () => {
    const text = "await pool.query('SELECT \\'a\\' AS x,\\n name FROM t');";
    const [fragment] = extractFragments('a.js', text);
    assert.equal(fragment.sql, "SELECT 'a' AS x,\n name FROM t");
    const at = fragment.sql.indexOf('name');
    assert.equal(text.slice(fragment.map.toHost(at), fragment.map.toHost(at) + 4), 'name');
    assert.equal(fragment.quote, "'");
  });

  it('records the loop a query runs in, within the same function', () => {
    const text = [
      'for (const r of rows) { await pool.query("SELECT 1 FROM a WHERE id = $1", [r]); }',
      'rows.map(async (r) => pool.query("SELECT 2 FROM b"));',
      'for (const r of rows) { app.get(r, async () => pool.query("SELECT 3 FROM c")); }',
      'await pool.query("SELECT 4 FROM d");',
    ].join('\n');
    const loops = extractFragments('a.ts', text).map((f) => f.loop?.kind);
    assert.deepEqual(loops, ['for…of', '.map()', undefined, undefined]);
  });

  it('exhaustive (the edit guard): templated SQL files read, and any literal starting with a command word', () => {
    const templated = "SELECT 1 FROM {{ ref('t') }};\nDROP TABLE t;\n";
    for (const exhaustive of [false, true])
      assert.equal(
        extractFragments('q.sql', templated, { exhaustive })[0].sql,
        'SELECT 1 FROM "t"           ;\nDROP TABLE t;\n',
        'a template tag is a stand-in of its own length',
      );

    const text = [
      "const q = 'SELECT id FROM t WHERE id = $1';",
      'await pool.query(q, [id]);',
      "await db.exec('BEGIN; TRUNCATE t; COMMIT');",
      "await run('DROP TABLE ' + name + ' CASCADE');",
      "const label = 'Show more';",
      "const html = `<p>${'DELETE FROM logs'}</p>`;",
    ].join('\n');
    const fragments = extractFragments('a.ts', text, { exhaustive: true });
    assert.deepEqual(
      fragments.map((f) => [f.origin, f.sql]),
      [
        ['call', 'SELECT id FROM t WHERE id = $1'],
        ['literal', 'BEGIN; TRUNCATE t; COMMIT'],
        ['literal', 'DROP TABLE "name" CASCADE'],
        ['literal', 'Show more'],
        ['literal', 'DELETE FROM logs'],
      ],
    );
    assert.deepEqual(
      extractFragments('a.ts', text).map((f) => f.sql),
      ['SELECT id FROM t WHERE id = $1'],
      'the rules still see only what is run as a query',
    );
  });

  it('yields nothing for files that are neither SQL nor scripts', () => {
    assert.deepEqual(extractFragments('README.md', 'SELECT 1'), []);
  });
});
