import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { goFragments, goRollbackSpans, goStringLiterals } from '../../../src/assistants/sql/go-sources';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { loadSqlParser } from '../../../src/assistants/sql/parser';
import { runContextOf } from '../../../src/assistants/sql/run-context';
import { isSchemaPath } from '../../../src/assistants/sql/schema-paths';
import { sqlSettings } from '../../../src/assistants/sql/settings';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * SQL in Go sources (go-sources.ts): which string literals are statements, how what Go fills in at run time
 * becomes stand-ins, and that Go migrations build the schema the queries of the same project are judged by.
 */

const ROOT = path.resolve(__dirname, '../../fixtures/sql-real/go-app');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('sql in Go sources', () => {
  before(async function () {
    this.timeout(60_000);
    await loadSqlParser();
  });

  it('finds raw and interpreted literals, never inside comments or runes', () => {
    const text = 'x := \'"\' // "SELECT 1 FROM t"\n/* `DROP TABLE t` */ y := "a\\"b" + `c`';
    assert.deepEqual(
      goStringLiterals(text).map((l) => text.slice(l.start, l.end)),
      ['"a\\"b"', '`c`'],
    );
  });

  it('takes statements, not routes or help text that start with a command word', () => {
    const sqls = goFragments(read('storage/tokens.go')).map((f) => f.sql.replace(/\s+/g, ' ').trim());
    assert.ok(
      sqls.every((s) => !/\/v1\/|admin account/.test(s)),
      JSON.stringify(sqls),
    );
    assert.equal(sqls.length, 4);
  });

  it('joins literals with +, and stands in for operands, printf verbs and $%d', () => {
    const text = 'q := fmt.Sprintf(`SELECT id FROM t WHERE a = $1 AND `+where+` ORDER BY %s LIMIT $%d`, o, n)';
    const [fragment] = goFragments(text);
    assert.equal(fragment.sql, 'SELECT id FROM t WHERE a = $1 AND $2 ORDER BY "format" LIMIT $3');
    assert.equal(fragment.interpolated, true);
    const at = fragment.sql.indexOf('$3');
    const span = fragment.map.spanToHost(at, at + 2);
    assert.equal(text.slice(span.start, span.end), '$%d');
    const joined = goFragments('tx.Exec("ALTER TABLE t " +\n\t"ADD COLUMN c int")');
    assert.deepEqual(
      joined.map((f) => f.sql),
      ['ALTER TABLE t ADD COLUMN c int'],
    );
  });

  it('judges the shape of a statement on the whole chain (`SELECT ` + columns + ` FROM t`)', () => {
    const [fragment] = goFragments('q := `SELECT ` + countColumn + `\n\te.id FROM entries e WHERE e.id = $1`');
    assert.equal(fragment.sql, 'SELECT "countColumn"\n\te.id FROM entries e WHERE e.id = $1');
    assert.deepEqual(goFragments('msg := "Select " + name + " to continue"'), []);
  });

  it('a statement the code appends to (`query += …`) is read as built at run time', () => {
    const [fragment] = goFragments('query := `SELECT a FROM t WHERE`\nif x {\n\tquery += ` a > 1`\n}');
    assert.equal(fragment.interpolated, true);
  });

  it('rollbacks, migrations and tests by their Go names', () => {
    const text = read('database/migrations.go');
    const [span] = goRollbackSpans(text);
    assert.match(text.slice(span.start, span.end), /^func downAddLastUsed[\s\S]*DROP COLUMN[\s\S]*\}$/);
    const settings = sqlSettings({});
    assert.equal(isSchemaPath('internal/database/migrations.go', settings), true);
    assert.equal(isSchemaPath('db/migrations/00002_add_tokens.go', settings), true);
    assert.equal(isSchemaPath('internal/storage/tokens.go', settings), false);
    assert.equal(isSchemaPath('db/migrations/helpers_test.go', settings), false);
    assert.equal(runContextOf('app/internal/storage/tokens_test.go', ['app']).kind, 'test');
  });

  it('queries are judged against the schema the Go migrations build', async function () {
    this.timeout(60_000);
    const texts = new Map([
      ['app/go.mod', 'module example.com/app\n'],
      ['app/internal/database/migrations.go', read('database/migrations.go')],
      ['app/internal/storage/tokens.go', read('storage/tokens.go')],
    ]);
    const workspace = memoryWorkspace(texts);
    await sqlAssistant.prepare?.(workspace);
    const file = 'app/internal/storage/tokens.go';
    const result = await analyzeDocument(
      sqlAssistant,
      { file, text: texts.get(file)! },
      { ...DEFAULT_CONFIG, budgetMs: 60_000 },
      undefined,
      { workspace },
    );
    assert.deepEqual(result.errors, []);
    const text = texts.get(file)!;
    // The partial index WHERE account_id IS NOT NULL serves `account_id = $1`; nothing else leads with created_at.
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId}: ${lineOf(text, f.range.start.line)}`),
      ['filter-on-unindexed-column: \t_, err := s.db.Exec(`DELETE FROM tokens WHERE created_at < $1`, before)'],
    );
  });
});

function lineOf(text: string, line: number): string {
  return text.split('\n')[line];
}
