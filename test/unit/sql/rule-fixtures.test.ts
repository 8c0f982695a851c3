import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import type { SqlRule } from '../../../src/assistants/sql/rule';
import { SQL_RULES } from '../../../src/assistants/sql/rules';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { AnalysisError, Finding } from '../../../src/core/finding';
import { SEVERITIES } from '../../../src/core/finding';
import type { DocumentAnalysis } from '../../../src/core/pipeline';
import { analyzeDocument } from '../../../src/core/pipeline';
import { LineIndex } from '../../../src/core/text';
import { memoryWorkspace } from '../../../src/core/workspace';
import {
  assertFixesGive,
  assertMarkedFindings,
  assertRangeInside,
  describeFinding,
  parseMarkers,
  toCrlf,
} from '../helpers/fixture-checks';
import { checkRuleCatalogue } from '../helpers/rule-catalogue';

/**
 * One harness for every SQL rule, driven by test/fixtures/sql/<rule-id>/:
 *
 *   bad*.sql | bad*.ts        findings exactly where marked, in the file's comment syntax:
 *                               -- expect-next-line <rule-id>[, <rule-id>…]      (SQL)
 *                               // expect-next-line <rule-id>[, <rule-id>…]      (TypeScript)
 *                             the next line carries exactly one finding of each listed rule (starting on that
 *                             line), and the file has no other finding of those rules (nor of the folder's rule).
 *   bad*.fixed.sql            the text after applying every finding's preferred fix; re-analysed, no finding of the rule.
 *   good*.sql | good*.ts      no finding of the folder's rule.
 *   hint*.sql | hint*.ts      as bad*, and every finding of the folder's rule is a hint (once-only SQL, a search
 *                             already narrowed by an index): reported, but said to matter less here.
 *   <folder>/bad*, good*      the same, for files in a folder that says where they run: migrations/ (migration-only
 *                             rules, once-only SQL), seeds/, scripts/, tests/, bench/ … (see run-context.ts).
 *                             Each rule folder is a project of its own (a package.json at its root), so those
 *                             conventions are read inside it, not on the path to the repository's test/.
 *   context/**∕*.sql           more of the workspace for this rule only; every rule also gets the shared schema
 *                             in test/fixtures/sql-shared/ (migrations/001_schema.sql). A file beside the fixtures
 *                             whose name is none of the above (migrations/0900_rename.sql) is workspace too, in
 *                             its place in the migration order (after the fixtures its name sorts after).
 *   -- expect-error <kind>    one analysis error of that kind per marker; without markers a fixture must analyse
 *                             without errors, so a typo cannot make a good fixture pass by producing nothing.
 *
 * Every bad fixture also runs with CRLF line endings.
 */

const FIXTURES = path.resolve(__dirname, '../../fixtures/sql');
const FIXTURE_CONFIG = { ...DEFAULT_CONFIG, budgetMs: 60_000 };
const RULES_DIR = path.resolve(__dirname, '../../../src/assistants/sql/rules');
const PROJECT = path.resolve(__dirname, '../../..');
const FIXTURE_FILE = /^(bad|good|hint)([-.][\w.-]*)?\.(sql|ts|tsx|js)$/;
/** Markers sit in SQL comments (SQL files) or script comments (SQL embedded in TypeScript). */
const SQL_COMMENTS = ['--', '//'];

function rel(file: string): string {
  return path.relative(PROJECT, file).split(path.sep).join('/');
}

/** The schema every rule's fixtures run against (one copy, not one per rule folder). */
const SHARED_CONTEXT = path.resolve(__dirname, '../../fixtures/sql-shared');

function contextOf(ruleDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const dir = path.join(ruleDir, 'context');
  const visit = (folder: string) => {
    if (!fs.existsSync(folder)) return;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(sql|ts)$/.test(entry.name)) out.set(rel(full), fs.readFileSync(full, 'utf8'));
    }
  };
  visit(SHARED_CONTEXT);
  visit(dir);
  for (const file of besideFixtures(ruleDir)) out.set(rel(file), fs.readFileSync(file, 'utf8'));
  return out;
}

/** Workspace files among the fixtures (and in their folders): SQL or scripts not named like a fixture. */
function besideFixtures(ruleDir: string): string[] {
  const out: string[] = [];
  const folders = [ruleDir, ...subfolders(ruleDir).map((name) => path.join(ruleDir, name))];
  for (const folder of folders) {
    for (const name of fs.readdirSync(folder)) {
      const full = path.join(folder, name);
      if (fs.statSync(full).isFile() && /\.(sql|ts)$/.test(name) && !FIXTURE_FILE.test(name) && !/\.fixed\./.test(name))
        out.push(full);
    }
  }
  return out.sort();
}

/** The rule folder's subfolders that hold fixtures (every one but context/). */
function subfolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'context')
    .map((e) => e.name);
}

async function analyze(ruleDir: string, file: string, text: string): Promise<DocumentAnalysis> {
  const context = contextOf(ruleDir);
  const manifest = rel(path.join(ruleDir, 'package.json'));
  const workspace = memoryWorkspace(new Map([...context, [manifest, '{}'], [file, text]]));
  // The budget is a timing: a busy machine (or the first TypeScript parse) must not turn a fixture red.
  return analyzeDocument(sqlAssistant, { file, text }, FIXTURE_CONFIG, undefined, { workspace });
}

function assertWellFormed(findings: Finding[], file: string, text: string, context: Map<string, string>): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    const what = `${file}: ${describeFinding(f)}`;
    assert.equal(f.file, file, `${what}: file`);
    assert.equal(f.assistant, 'sql', `${what}: assistant`);
    assert.ok(f.message.trim().length > 0, `${what}: empty message`);
    assert.ok(SEVERITIES.includes(f.severity), `${what}: severity ${f.severity}`);
    assertRangeInside(f.range, lines, what);
    for (const r of f.related ?? []) {
      assert.ok(r.message.trim(), `${what}: related without message`);
      if (r.file === file) assertRangeInside(r.range, lines, `${what} related`);
      else assert.ok(context.has(r.file), `${what}: related points outside the fixture: ${r.file}`);
    }
    const fixes = f.fixes ?? [];
    assert.ok(fixes.filter((x) => x.isPreferred).length <= 1, `${what}: more than one preferred fix`);
    for (const fix of fixes) {
      assert.ok(fix.title.trim(), `${what}: fix without title`);
      assert.ok(fix.edits.length > 0, `${what}: fix "${fix.title}" has no edits`);
      for (const e of fix.edits) {
        assert.equal(e.file, file, `${what}: fix edits another file`);
        assertRangeInside(e.range, lines, `${what} fix edit`);
      }
    }
  }
}

function assertErrors(errors: AnalysisError[], expected: Map<string, number>, label: string): void {
  const actual = new Map<string, number>();
  for (const e of errors) actual.set(e.kind, (actual.get(e.kind) ?? 0) + 1);
  const show = (m: Map<string, number>) => JSON.stringify(Object.fromEntries([...m].sort()));
  assert.equal(
    show(actual),
    show(expected),
    `${label}: errors ${JSON.stringify(errors)} (declare expected ones with "-- expect-error <kind>")`,
  );
}

function fixtureFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const isFixture = (name: string) => FIXTURE_FILE.test(name) && !/\.fixed\./.test(name);
  const own = fs.readdirSync(dir).filter(isFixture);
  const nested = subfolders(dir).flatMap((folder) =>
    fs
      .readdirSync(path.join(dir, folder))
      .filter(isFixture)
      .map((name) => `${folder}/${name}`),
  );
  return [...own, ...nested].sort();
}

function fixedFileFor(file: string): string {
  return file.replace(/\.(sql|ts|tsx|js)$/, '.fixed.$1');
}

async function checkBad(
  rule: SqlRule,
  ruleDir: string,
  absFile: string,
  text: string,
  variant: string,
  hints = false,
): Promise<void> {
  const file = rel(absFile);
  const label = `${file} (${variant})`;
  const expected = parseMarkers(text, file, SQL_COMMENTS);
  const result = await analyze(ruleDir, file, text);
  assertWellFormed(result.findings, file, text, contextOf(ruleDir));
  assertErrors(result.errors, expected.errors, label);
  assertMarkedFindings(result.findings, expected.findings, rule.id, label, 'expect-next-line');
  // A rule whose findings are hints anyway has no hint fixtures: its bad fixtures say it all.
  const ofRule = rule.defaultSeverity === 'hint' ? [] : result.findings.filter((f) => f.ruleId === rule.id);
  assert.deepEqual(
    ofRule.filter((f) => (f.severity === 'hint') !== hints).map((f) => `${describeFinding(f)} (${f.severity})`),
    [],
    `${label}: ${hints ? 'a hint fixture has findings that are not hints' : 'a bad fixture has hints (name it hint*)'}`,
  );
  await assertFixesGive({
    text,
    file,
    fixedPath: fixedFileFor(absFile),
    fixedLabel: rel(fixedFileFor(absFile)),
    variant,
    label,
    ruleId: rule.id,
    findings: result.findings,
    reanalyze: (fixed) => analyze(ruleDir, file, fixed),
  });
}

async function checkGood(rule: SqlRule, ruleDir: string, absFile: string, text: string): Promise<void> {
  const file = rel(absFile);
  const expected = parseMarkers(text, file, SQL_COMMENTS);
  const result = await analyze(ruleDir, file, text);
  assertWellFormed(result.findings, file, text, contextOf(ruleDir));
  assertErrors(result.errors, expected.errors, file);
  assert.deepEqual(
    result.findings.filter((f) => f.ruleId === rule.id).map(describeFinding),
    [],
    `${file}: a good fixture has findings`,
  );
}

describe('sql rule fixtures', () => {
  for (const rule of SQL_RULES) {
    const dir = path.join(FIXTURES, rule.id);
    if (!fs.existsSync(dir)) continue;
    describe(rule.id, () => {
      for (const name of fixtureFiles(dir)) {
        const absFile = path.join(dir, name);
        const text = fs.readFileSync(absFile, 'utf8').replace(/\r\n?/g, '\n');
        const base = path.basename(name);
        if (base.startsWith('bad') || base.startsWith('hint')) {
          const hints = base.startsWith('hint');
          it(`${name}: ${hints ? 'hints' : 'findings'} exactly at the markers${fs.existsSync(fixedFileFor(absFile)) ? ', fixes give the .fixed file' : ''}`, () =>
            checkBad(rule, dir, absFile, text, 'LF', hints));
          it(`${name}: the same with CRLF line endings`, () =>
            checkBad(rule, dir, absFile, toCrlf(text), 'CRLF', hints));
        } else {
          it(`${name}: no finding`, () => checkGood(rule, dir, absFile, text));
        }
      }
    });
  }
});

describe('sql rule catalogue', () => {
  it('the assistant runs every one of SQL_RULES (plus the plan-based advice rules)', () => {
    const running = new Set(sqlAssistant.rules);
    assert.ok(SQL_RULES.length > 0);
    assert.deepEqual(
      SQL_RULES.filter((r) => !running.has(r)).map((r) => r.id),
      [],
    );
  });

  it('at least one fixture embeds SQL in TypeScript', () => {
    const ts = SQL_RULES.flatMap((r) => fixtureFiles(path.join(FIXTURES, r.id))).filter((f) => f.endsWith('.ts'));
    assert.ok(ts.length > 0);
  });

  checkRuleCatalogue({
    rules: SQL_RULES,
    listName: 'SQL_RULES',
    rulesDir: RULES_DIR,
    fixturesDir: FIXTURES,
    fixtureFiles,
    extension: 'sql',
  });

  for (const rule of SQL_RULES) {
    it(`${rule.id}: metadata is complete (docs with Why / How / When to ignore, roadmap)`, () => {
      assert.equal(rule.assistant, 'sql');
      assert.ok(rule.title.trim() && !rule.title.includes('\n'), 'title');
      for (const heading of ['## Why it matters', '## How to fix it', '## When to ignore it'])
        assert.ok(rule.docs.includes(heading), heading);
      assert.ok(SEVERITIES.includes(rule.defaultSeverity));
      assert.ok(rule.roadmap && rule.roadmap.task.includes('{count}'), 'roadmap task');
      assert.ok(rule.roadmap.skills.length > 0 && rule.roadmap.baseHours > 0);
    });
  }
});
