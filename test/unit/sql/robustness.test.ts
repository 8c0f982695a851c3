import { strict as assert } from 'node:assert';
import { expressionKey, walk } from '../../../src/assistants/sql/ast';
import { createSqlAssistant } from '../../../src/assistants/sql/index';
import { MAX_STATEMENT_CHARS, MAX_STATEMENT_DEPTH, loadSqlParser, parseSql } from '../../../src/assistants/sql/parser';
import { documentSql, extractFragments, loadTypeScript } from '../../../src/assistants/sql/sources';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * Hostile input for the query optimizer, generated here rather than committed: statements nested past every
 * stack, statements the size of a data dump, code nested past TypeScript's parser, Jinja look-alikes. Each
 * ends as one clear error for the statement or file at fault, and everything else is still analysed.
 */

const SCHEMA = 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric, note text);\n';
const ORDINARY = 'SELECT id FROM orders ORDER BY random();';
const CONFIG = { ...DEFAULT_CONFIG, budgetMs: 120_000 };

/** `CREATE VIEW deep AS SELECT * FROM (SELECT * FROM (… SELECT 1 AS x) s) s`, `depth` subqueries deep. */
const deepView = (depth: number) =>
  `CREATE VIEW deep AS ${'SELECT * FROM ('.repeat(depth)}SELECT 1 AS x${') s'.repeat(depth)};`;
const plusChain = (terms: number) => `SELECT ${Array(terms).fill('total').join(' + ')} FROM orders;`;

async function analyze(file: string, text: string, extra: Record<string, string> = {}) {
  const workspace = memoryWorkspace({ 'db/migrations/001_init.sql': SCHEMA, ...extra, [file]: text });
  return analyzeDocument(createSqlAssistant(), { file, text }, CONFIG, undefined, { workspace });
}

describe('sql robustness', function () {
  this.timeout(120_000);
  before(async () => {
    await loadSqlParser();
    await loadTypeScript();
  });

  describe('statements nested deeply', () => {
    it('refuses a view nested 1,000 deep at its first word; the statements around it still parse', () => {
      const text = `SELECT 1;\n${deepView(1_000)}\nSELECT 2;`;
      const parsed = parseSql(text);
      assert.deepEqual(
        parsed.statements.map((s) => text.slice(s.start, s.end)),
        ['SELECT 1', 'SELECT 2'],
      );
      assert.equal(parsed.errors.length, 1);
      const [error] = parsed.errors;
      assert.equal(error.refused, true);
      assert.match(error.message, /nested more than 1,000 levels deep/);
      assert.equal(text.slice(error.start, error.end), 'CREATE');
    });

    it('analyses a statement at the depth limit with every rule, and refuses the next level', async () => {
      // The longest chain parseSql accepts, found by bisection.
      let terms = 2;
      for (let high = MAX_STATEMENT_DEPTH; terms < high;) {
        const middle = Math.ceil((terms + high) / 2);
        if (parseSql(plusChain(middle)).statements.length === 1) terms = middle;
        else high = middle - 1;
      }
      assert.ok(terms > MAX_STATEMENT_DEPTH / 3, `${terms} terms fit`);
      const result = await analyze('q.sql', `${plusChain(terms)}\n${ORDINARY}`);
      assert.deepEqual(
        result.errors.filter((e) => e.kind !== 'partial'),
        [],
      );
      assert.ok(result.findings.some((f) => f.ruleId === 'order-by-random'));
      const past = parseSql(plusChain(terms + 1));
      assert.equal(past.errors[0]?.refused, true);
    });

    it('walks and keys an expression as deep as the parser accepts without using the stack', () => {
      const [statement] = parseSql(plusChain(480)).statements;
      let deepest = 0;
      walk(statement.node, (_ref, parents) => {
        deepest = Math.max(deepest, parents.length);
      });
      assert.ok(deepest > 480, `walked ${deepest} levels`);
      assert.match(expressionKey(statement.node), /^\{"SelectStmt":/);
    });

    it('turns the WASM parser running out of stack into a refusal, and parses the same afterwards', () => {
      const before = JSON.stringify(parseSql(ORDINARY).statements[0].node);
      const parsed = parseSql(`${ORDINARY}\nSELECT ${Array(15_000).fill('1').join(' + ')};`);
      assert.equal(parsed.statements.length, 1);
      assert.equal(parsed.errors.length, 1);
      assert.equal(parsed.errors[0].refused, true);
      assert.match(parsed.errors[0].message, /nested too deeply for the SQL parser/);
      assert.equal(JSON.stringify(parseSql(ORDINARY).statements[0].node), before);
    });

    it("reports PostgreSQL's own 'memory exhausted' as the syntax error a server would give, explained", () => {
      const parsed = parseSql(`SELECT ${'('.repeat(20_000)}1${')'.repeat(20_000)};\n${ORDINARY}`);
      assert.equal(parsed.statements.length, 1);
      assert.equal(parsed.errors[0].refused, undefined);
      assert.match(parsed.errors[0].message, /^memory exhausted .*nested deeper than PostgreSQL's parser allows/);
    });

    it('reads the rest of a schema file with a view nested 1,000 deep, and says which statement it left out', async () => {
      const engine = createSqlAssistant();
      const views = `CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);\n${deepView(1_000)}\n`;
      const workspace = memoryWorkspace({ 'db/migrations/001_init.sql': SCHEMA, 'db/migrations/002_views.sql': views });
      const prepared = await engine.prepare!(workspace);
      assert.deepEqual(
        prepared?.errors.map((e) => [e.file, e.kind, e.range?.start.line]),
        [['db/migrations/002_views.sql', 'unsupported', 1]],
      );
      // The table before the view made it into the schema: a query on it is checked against it.
      const text = 'SELECT id FROM users WHERE lower(email) = $1;';
      const result = await analyzeDocument(engine, { file: 'q.sql', text }, CONFIG, undefined, { workspace });
      assert.deepEqual(result.errors, []);
      assert.ok(result.findings.some((f) => f.ruleId === 'function-on-indexed-column'));
    });
  });

  describe('statements the size of a data dump', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `(${i}, 'row ${i}')`).join(', ');

    it('refuses a statement over the size limit at its first word, and analyses the statements around it', async () => {
      const insert = `INSERT INTO orders (id, note) VALUES ${rows(20_000)};`;
      assert.ok(insert.length > MAX_STATEMENT_CHARS);
      const text = `${ORDINARY}\n${insert}\nDELETE FROM orders;\n`;
      const result = await analyze('seed.sql', text);
      assert.deepEqual(
        result.errors.map((e) => [e.kind, e.range?.start.line, e.range?.start.character]),
        [['unsupported', 1, 0]],
      );
      assert.match(result.errors[0].message, /a statement of [\d,]+ characters, over the 100,000 the analysis reads/);
      assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range.start.line]).sort(), [
        ['order-by-random', 0],
        ['update-delete-without-where', 2],
      ]);
    });

    it('parses a large file of small statements in batches: the same statements, BEGIN ATOMIC bodies whole', () => {
      const body = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;';
      const statements = Array.from({ length: 3_000 }, (_, i) => `INSERT INTO orders (id) VALUES (${i});`);
      statements.splice(1_500, 0, body);
      const text = statements.join('\n');
      assert.ok(text.length > 100_000);
      const parsed = parseSql(text);
      assert.deepEqual(parsed.errors, []);
      assert.equal(parsed.statements.length, 3_001);
      assert.deepEqual(
        parsed.statements.map((s) => `${text.slice(s.start, s.end)};`),
        statements,
      );
    });

    it('stops between statements when asked to (a time budget)', () => {
      const text = Array.from({ length: 5_000 }, (_, i) => `SELECT ${i};`).join('\n');
      let calls = 0;
      assert.throws(
        () =>
          parseSql(text, {
            check: () => {
              if (++calls > 10) throw new Error('stop');
            },
          }),
        /stop/,
      );
      assert.equal(calls, 11);
    });
  });

  describe('Jinja look-alikes', () => {
    it('reads {#, {{ and {% inside comments, strings and dollar quotes as data, and analyses the file', async () => {
      const text = [
        '-- see {# issue 12 #} and {{ config }}',
        '/* {% if x %} */',
        `SELECT '{#', $$ {{ ref('x') }} $$, '{% y %}' FROM orders ORDER BY random();`,
      ].join('\n');
      assert.equal(documentSql('q.sql', text).notAnalysed, undefined);
      const result = await analyze('q.sql', text);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(
        result.findings.map((f) => f.ruleId),
        ['order-by-random'],
      );
    });

    it('reads a template where the syntax is code, its tags as stand-ins, findings on the SQL around them', async () => {
      const text = "-- a dbt model\nselect id from {{ ref('orders') }} order by random()\n";
      const result = await analyze('models/orders.sql', text);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.range]),
        [['order-by-random', { start: { line: 1, character: 44 }, end: { line: 1, character: 50 } }]],
      );
    });
  });

  describe('TypeScript nested deeply', () => {
    const query = "await pool.query('SELECT id FROM orders ORDER BY random()');\n";

    it('a 50,000-deep expression TypeScript cannot parse is one error for the file, not an internal failure', async () => {
      const text = `${query}const x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n`;
      const result = await analyze('src/deep.ts', text);
      assert.deepEqual(result.findings, []);
      assert.deepEqual(
        result.errors.map((e) => [e.file, e.kind, e.message]),
        [
          [
            'src/deep.ts',
            'unsupported',
            'not analysed: the code nests too deeply for the TypeScript parser, so its SQL cannot be found',
          ],
        ],
      );
    });

    it('finds the SQL beside 50,000-deep chains TypeScript parses in a loop', async () => {
      const chains = [
        `const sum = ${Array(50_000).fill('a').join(' + ')};`,
        `const chained = api${'.next()'.repeat(50_000)};`,
        `await pool.query('SELECT id FROM orders WHERE id = 1 ' ${"+ ' '".repeat(50_000)});`,
      ];
      for (const chain of chains) {
        const result = await analyze('src/chain.ts', `${query}${chain}\n`);
        assert.deepEqual(result.errors, [], chain.slice(0, 30));
        assert.ok(
          result.findings.some((f) => f.ruleId === 'order-by-random'),
          chain.slice(0, 30),
        );
      }
    });

    it('extracts the same SQL from an ordinary file after TypeScript ran out of stack', () => {
      const ordinary = `${query}const n = await db.query(\`SELECT count(*) FROM orders WHERE user_id = \${id}\`);\n`;
      const before = extractFragments('src/a.ts', ordinary).map((f) => f.sql);
      assert.equal(before.length, 2);
      documentSql('src/deep.ts', `${query}const x = ${'['.repeat(50_000)}1${']'.repeat(50_000)};`);
      assert.deepEqual(
        extractFragments('src/a.ts', ordinary).map((f) => f.sql),
        before,
      );
    });
  });
});
