import { strict as assert } from 'node:assert';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { parseFragment } from '../../../src/assistants/sql/fragment-parse';
import { loadSqlParser } from '../../../src/assistants/sql/parser';
import { routineBodies, routineStatements } from '../../../src/assistants/sql/plpgsql';
import { extractFragments, loadTypeScript } from '../../../src/assistants/sql/sources';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * PL/pgSQL bodies read with PostgreSQL's own PL/pgSQL parser: each SQL statement of a function or DO block
 * a fragment mapped to where it is written, without PL/pgSQL's INTO, PERFORM as the SELECT it runs, the
 * body's variables as the parameters PL/pgSQL binds them as.
 */

const FUNCTION = [
  'CREATE OR REPLACE FUNCTION close_org(p_org int) RETURNS void LANGUAGE plpgsql AS $fn$',
  'DECLARE',
  '  open_count int;',
  '  r record;',
  'BEGIN',
  '  SELECT count(*) INTO STRICT open_count FROM orders WHERE org_id = p_org;',
  "  PERFORM pg_notify('closing', p_org::text);",
  '  FOR r IN SELECT id FROM orders WHERE org_id = p_org LOOP',
  '    INSERT INTO audit (order_id) VALUES (r.id);',
  '  END LOOP;',
  "  UPDATE orders SET status = 'closed';",
  'END $fn$;',
  "DO 'BEGIN DELETE FROM sessions WHERE note = ''x''; END';",
  'CREATE FUNCTION plain() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
  '',
].join('\n');

function bodyStatements(file: string, text: string) {
  const [fragment] = extractFragments(file, text);
  return routineStatements(parseFragment(fragment));
}

describe('sql PL/pgSQL bodies', () => {
  before(async function () {
    this.timeout(60_000);
    await loadSqlParser();
    await loadTypeScript();
  });

  it('every SQL statement of a function and a DO block, as PostgreSQL runs it, parsed', () => {
    const found = bodyStatements('db/functions.sql', FUNCTION);
    assert.deepEqual(
      found.map(({ fragment, parsed }) => [fragment.origin, fragment.sql.replace(/\s+/g, ' ').trim(), parsed.errors]),
      [
        ['body', 'SELECT count(*) FROM orders WHERE org_id = $1', []],
        ['body', "SELECT pg_notify('closing', $1::text)", []],
        ['body', 'SELECT id FROM orders WHERE org_id = $1', []],
        ['body', 'INSERT INTO audit (order_id) VALUES ($1)', []],
        ['body', "UPDATE orders SET status = 'closed'", []],
        ['body', "DELETE FROM sessions WHERE note = 'x'", []],
      ],
    );
  });

  it('maps each statement, its variables and a quoted body to the host text', () => {
    const found = bodyStatements('db/functions.sql', FUNCTION);
    const host = (i: number, sqlText: string) => {
      const { fragment } = found[i];
      const at = fragment.sql.indexOf(sqlText);
      const span = fragment.map.spanToHost(at, at + sqlText.length);
      return FUNCTION.slice(span.start, span.end);
    };
    assert.equal(host(0, 'count(*)'), 'count(*)');
    assert.equal(host(0, '$1'), 'p_org', 'a variable is its parameter');
    assert.equal(host(1, 'SELECT'), 'PERFORM');
    assert.equal(host(3, '$1'), 'r.id', 'a record field is one parameter');
    const del = found[5].fragment;
    const whole = del.map.spanToHost(0, del.sql.length);
    assert.equal(FUNCTION.slice(whole.start, whole.end), "DELETE FROM sessions WHERE note = ''x''");
    // Text of a body is read, not edited: statement fixes do not hold inside a function.
    assert.equal(del.map.editableSpan(0, 6), undefined);
  });

  it('a body PostgreSQL rejects is reported as such, the file analysed as before', () => {
    const text = 'DO $$ BEGIN FOR r IN SELECT 1 LOOP END LOOP; END $$;\n';
    const [fragment] = extractFragments('x.sql', text);
    const bodies = routineBodies(parseFragment(fragment));
    assert.equal(bodies.length, 1);
    assert.deepEqual(bodies[0].statements, []);
    assert.match(bodies[0].error ?? '', /loop variable/);
  });

  it('the rules check body statements, findings at their place in the file', async () => {
    const workspace = memoryWorkspace(new Map([['db/functions.sql', FUNCTION]]));
    const result = await analyzeDocument(
      sqlAssistant,
      { file: 'db/functions.sql', text: FUNCTION },
      { ...DEFAULT_CONFIG, budgetMs: 60_000 },
      undefined,
      { workspace },
    );
    assert.deepEqual(result.errors, []);
    const line = (n: number) => FUNCTION.split('\n')[n];
    assert.deepEqual(
      result.findings
        .filter((f) => f.ruleId === 'update-delete-without-where')
        .map((f) => line(f.range.start.line).slice(f.range.start.character, f.range.end.character)),
      ['UPDATE orders'],
    );
  });

  it('a function created from a script (a TypeORM migration) is read through both maps', () => {
    const text = [
      'await queryRunner.query(`CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$',
      'BEGIN',
      "  DELETE FROM jobs WHERE finished_at < now() - interval '7 days';",
      'END $$`);',
    ].join('\n');
    const [found] = bodyStatements('src/migrations/1700000000-purge.ts', text);
    const at = found.fragment.sql.indexOf('finished_at');
    const span = found.fragment.map.spanToHost(at, at + 'finished_at'.length);
    assert.equal(text.slice(span.start, span.end), 'finished_at');
  });
});
