import { strict as assert } from 'node:assert';
import { spanOf, walk } from '../../../src/assistants/sql/ast';
import type { NodeRef } from '../../../src/assistants/sql/ast';
import { byteOffsetMapper, loadSqlParser, parseSql, roughSplit } from '../../../src/assistants/sql/parser';

/** The text of every node of a type in the statement, by its span. */
function spans(text: string, type: string, statement = 0): string[] {
  const parsed = parseSql(text);
  const s = parsed.statements[statement];
  const out: string[] = [];
  walk(s.node, (ref: NodeRef) => {
    if (ref.type !== type) return;
    const span = spanOf(ref, s.tokens);
    if (span) out.push(text.slice(span.start, span.end));
  });
  return out;
}

describe('sql parser', () => {
  before(async function () {
    this.timeout(30_000);
    await loadSqlParser();
  });

  it('splits on top-level semicolons only: strings, dollar quotes and comments keep theirs', () => {
    const text = 'SELECT \'a;b\';\nSELECT $$x; y$$ /* ; */;\n-- ; comment\nSELECT $tag$ ; $tag$, "se;mi" FROM t';
    const parsed = parseSql(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.statements.map((s) => text.slice(s.start, s.end)),
      ["SELECT 'a;b'", 'SELECT $$x; y$$', 'SELECT $tag$ ; $tag$, "se;mi" FROM t'],
    );
  });

  it('keeps a function body in BEGIN ATOMIC … END as one statement', () => {
    const text = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3';
    const parsed = parseSql(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.statements.map((s) => s.type),
      ['CreateFunctionStmt', 'SelectStmt'],
    );
  });

  it('reports one syntax error at its position and still parses the statements around it', () => {
    const text = 'SELECT 1;\nSELECT FROM WHERE;\nSELECT 2';
    const parsed = parseSql(text);
    assert.equal(parsed.errors.length, 1);
    const [error] = parsed.errors;
    assert.match(error.message, /syntax error at or near "WHERE"/);
    assert.equal(text.slice(error.start, error.end), 'WHERE');
    assert.equal(error.statementIndex, 1);
    assert.deepEqual(
      parsed.statements.map((s) => text.slice(s.start, s.end)),
      ['SELECT 1', 'SELECT 2'],
    );
  });

  it('finds an unterminated string with the fallback splitter, keeping the statements before it', () => {
    const text = "SELECT 1;\nSELECT 'never closed";
    const parsed = parseSql(text);
    assert.deepEqual(
      parsed.statements.map((s) => text.slice(s.start, s.end)),
      ['SELECT 1'],
    );
    assert.equal(parsed.errors.length, 1);
    assert.match(parsed.errors[0].message, /unterminated quoted string/);
  });

  it('converts UTF-8 byte offsets to UTF-16 offsets (accents, emoji, before and inside a statement)', () => {
    const text = "-- Größe 😀 ünïcödé\nSELECT 'ö😀' AS x, name FROM t WHERE lower(email) = $1;\nSELECT '😀' FROM WHERE";
    const parsed = parseSql(text);
    const where = spans(text, 'A_Expr');
    assert.deepEqual(where, ['lower(email) = $1']);
    const s = parsed.statements[0];
    assert.equal(text.slice(s.start, s.end), "SELECT 'ö😀' AS x, name FROM t WHERE lower(email) = $1");
    // Every token's text is what the offsets cut out.
    for (const token of s.tokens) assert.ok(text.slice(token.start, token.end).length > 0);
    assert.deepEqual(
      s.tokens.slice(0, 2).map((t) => t.text),
      ['SELECT', "'ö😀'"],
    );
    // The error cursor (code points) lands on the token after the emoji.
    assert.equal(parsed.errors.length, 1);
    assert.equal(text.slice(parsed.errors[0].start, parsed.errors[0].end), 'WHERE');
  });

  it('byteOffsetMapper maps multi-byte characters', () => {
    const map = byteOffsetMapper('aé😀b', 10);
    assert.equal(map(0), 10);
    assert.equal(map(1), 11); // é starts at byte 1
    assert.equal(map(3), 12); // 😀 starts at byte 3
    assert.equal(map(7), 14); // b after the surrogate pair
  });

  it('spanOf covers qualified names to their last part', () => {
    const text = 'SELECT o.id FROM public.orders o JOIN users u ON o.user_id = u.id WHERE u.* IS NOT NULL';
    assert.deepEqual(spans(text, 'ColumnRef'), ['o.id', 'o.user_id', 'u.id', 'u.*']);
    assert.deepEqual(spans(text, 'A_Expr'), ['o.user_id = u.id']);
    assert.deepEqual(spans(text, 'RangeVar'), ['public.orders', 'users']);
  });

  it('spanOf covers whole expressions: calls, casts, IS NULL, CASE, parentheses', () => {
    const text =
      "SELECT count(*), now() FROM t WHERE lower(email) = $1 AND x IS NOT NULL AND (a + b) * 2 > 3 AND CASE WHEN a THEN 1 ELSE 2 END = 1 AND date_trunc('day', created_at)::date = $2";
    assert.deepEqual(spans(text, 'NullTest'), ['x IS NOT NULL']);
    assert.deepEqual(spans(text, 'CaseExpr'), ['CASE WHEN a THEN 1 ELSE 2 END']);
    assert.deepEqual(spans(text, 'TypeCast'), ["date_trunc('day', created_at)::date"]);
    assert.ok(spans(text, 'A_Expr').includes('(a + b) * 2 > 3'));
    assert.ok(spans(text, 'A_Expr').includes('(a + b) * 2'));
    assert.deepEqual(spans(text, 'FuncCall'), ['count(*)', 'now()', 'lower(email)', "date_trunc('day', created_at)"]);
  });

  it('roughSplit knows quotes, dollar quotes and nested comments', () => {
    const text = "SELECT 'a;b'; SELECT E'x\\';y'; /* a /* ; */ b */ SELECT $q$;$q$";
    assert.deepEqual(
      roughSplit(text).map((p) => text.slice(p.start, p.end)),
      ["SELECT 'a;b'", "SELECT E'x\\';y'", '/* a /* ; */ b */ SELECT $q$;$q$'],
    );
  });
});
