import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { SQL_RULES } from '../../../src/assistants/sql/rules';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * The false-alarm check on SQL the rules were not written against: test/fixtures/sql-corpus/ holds small
 * projects in the shapes of real ones (plain migrations + sqlc-style query files, a Flyway multi-tenant
 * schema with RLS and partitions, analytics with CTEs/window functions/LATERAL/JSONB, Prisma migrations
 * with $queryRaw, a pg_dump schema with knex.raw and slonik, a dbt project whose Jinja models are read
 * with their tags as stand-ins, never as parse errors). Every finding was reviewed by hand; the
 * reviewed list (expected.json: file, line, rule, severity, verdict) is pinned here, so a new false alarm
 * (or a lost true positive) fails this test. Each project is its own workspace, as it would be opened.
 */

const CORPUS = path.resolve(__dirname, '../../fixtures/sql-corpus');
const PROJECT_ROOT = path.resolve(__dirname, '../../..');
const SOURCE = /\.(sql|ts|js)$/;
// Timing is never an assertion: the first TypeScript parse must not skip a file.
const CONFIG = { ...DEFAULT_CONFIG, budgetMs: 120_000 };

interface Expected {
  file: string;
  line: number;
  rule: string;
  severity: string;
  verdict: 'true positive' | 'true positive, info' | 'debatable';
  note: string;
}

function filesOf(dir: string): string[] {
  const out: string[] = [];
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (SOURCE.test(entry.name)) out.push(full);
    }
  };
  visit(dir);
  return out;
}

const rel = (file: string) => path.relative(PROJECT_ROOT, file).split(path.sep).join('/');
const key = (f: { file: string; line: number; rule: string; severity: string }) =>
  `${f.file}:${f.line} ${f.rule} (${f.severity})`;

describe('sql corpus: findings on unseen SQL are the reviewed ones', () => {
  const expected: Expected[] = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')).findings;
  const projects = fs
    .readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('the corpus has several projects and every expected finding is reviewed', () => {
    assert.ok(projects.length >= 5, projects.join(', '));
    const known = new Set(SQL_RULES.map((r) => r.id));
    for (const e of expected) {
      assert.ok(known.has(e.rule), `${key(e)}: unknown rule`);
      assert.ok(e.note.trim().length > 10, `${key(e)}: the review note is missing`);
      assert.ok(
        ['true positive', 'true positive, info', 'debatable'].includes(e.verdict),
        `${key(e)}: verdict ${e.verdict}`,
      );
    }
  });

  for (const project of projects) {
    it(`${project}: exactly the reviewed findings, and no analysis errors`, async () => {
      const files = filesOf(path.join(CORPUS, project));
      const texts = new Map(files.map((f) => [rel(f), fs.readFileSync(f, 'utf8')]));
      // Each project has its manifest at its root, as a checkout does: where its files run is read inside it.
      const manifest = rel(path.join(CORPUS, project, 'package.json'));
      const workspace = memoryWorkspace(new Map([...texts, [manifest, '{}']]));
      await sqlAssistant.prepare?.(workspace);
      const actual: string[] = [];
      const errors: string[] = [];
      for (const [file, text] of texts) {
        const result = await analyzeDocument(sqlAssistant, { file, text }, CONFIG, undefined, { workspace });
        for (const f of result.findings) {
          if (!SQL_RULES.some((r) => r.id === f.ruleId)) continue; // plan-based advice is not static
          actual.push(key({ file, line: f.range.start.line + 1, rule: f.ruleId, severity: f.severity }));
        }
        for (const e of result.errors) errors.push(`${file}: ${e.kind}: ${e.message}`);
      }
      assert.deepEqual(errors, []);
      const wanted = expected.filter((e) => e.file.startsWith(`test/fixtures/sql-corpus/${project}/`)).map(key);
      assert.deepEqual(actual.sort(), wanted.sort());
    });
  }
});
