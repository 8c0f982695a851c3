import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSqlAssistant } from '../../../src/assistants/sql/index';
import type { SqlRule } from '../../../src/assistants/sql/rule';
import { mayReport } from '../../../src/assistants/sql/rule';
import { SQL_RULES } from '../../../src/assistants/sql/rules';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : /\.(sql|ts|js)$/.test(entry.name) ? [full] : [];
  });
}

function describe_(f: Finding): string {
  return `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.severity} ${f.message}`;
}

describe('sql rules: what a rule says it needs of a statement (`when`)', function () {
  this.timeout(120_000);

  it('skips only statements the rule finds nothing in: every fixture and corpus file, the same findings without the gates', async () => {
    const ungated = SQL_RULES.map((rule): SqlRule => ({ ...rule, when: undefined }));
    assert.ok(
      SQL_RULES.filter((r) => r.when).length >= 10,
      'the rules declare what they need (the test would compare nothing otherwise)',
    );
    const shared = fs.readFileSync(path.join(FIXTURES, 'sql-shared/migrations/001_schema.sql'), 'utf8');
    let findings = 0;
    for (const root of ['sql', 'sql-corpus', 'sql-real', 'sql-numbered']) {
      const projects = fs
        .readdirSync(path.join(FIXTURES, root), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => path.join(FIXTURES, root, e.name));
      for (const project of projects) {
        const files = new Map(
          filesUnder(project).map((full) => [path.relative(project, full).split(path.sep).join('/'), full]),
        );
        const texts = new Map([...files].map(([file, full]) => [file, fs.readFileSync(full, 'utf8')]));
        texts.set('db/migrations/000_shared.sql', shared);
        const workspace = memoryWorkspace(texts);
        const [gated, plain] = [createSqlAssistant(), createSqlAssistant({ rules: ungated })];
        for (const [file, text] of texts) {
          const [a, b] = await Promise.all(
            [gated, plain].map((engine) => analyzeDocument(engine, { file, text }, config, undefined, { workspace })),
          );
          assert.deepEqual(
            a.findings.map(describe_),
            b.findings.map(describe_),
            `${root}/${path.basename(project)}/${file}`,
          );
          assert.deepEqual(a.errors, b.errors);
          findings += a.findings.length;
        }
      }
    }
    assert.ok(findings > 100, `the fixtures draw findings to compare (${findings})`);
  });

  it('a statement of another kind, or without the text a rule needs, is not checked by it; a Unicode escape always is', () => {
    const byId = (id: string) => SQL_RULES.find((r) => r.id === id)!;
    assert.equal(mayReport(byId('create-index-not-concurrently'), 'SelectStmt', 'SELECT 1'), false);
    assert.equal(mayReport(byId('create-index-not-concurrently'), 'IndexStmt', 'CREATE INDEX i ON t (a)'), true);
    assert.equal(mayReport(byId('order-by-random'), 'SelectStmt', 'SELECT id FROM t ORDER BY id'), false);
    assert.equal(mayReport(byId('order-by-random'), 'SelectStmt', 'SELECT id FROM t ORDER BY "RANDOM"()'), true);
    assert.equal(mayReport(byId('order-by-random'), 'SelectStmt', 'SELECT id FROM t ORDER BY U&"\\0072andom"()'), true);
    assert.equal(mayReport(byId('implicit-cast'), 'SelectStmt', 'SELECT id FROM t WHERE id = $1'), false);
    for (const value of [
      '1.5',
      '.5',
      '1e3',
      '5000000000',
      '1_000_000_000_000',
      '0x7fffffffff',
      "numeric '1'",
      'numeric $$1$$',
    ])
      assert.equal(mayReport(byId('implicit-cast'), 'SelectStmt', `SELECT id FROM t WHERE id = ${value}`), true, value);
  });
});
