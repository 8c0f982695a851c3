import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import type { K8sRule } from '../../../src/assistants/k8s/rule';
import { K8S_RULES } from '../../../src/assistants/k8s/rules';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { AnalysisError, Finding } from '../../../src/core/finding';
import { SEVERITIES } from '../../../src/core/finding';
import type { DocumentAnalysis } from '../../../src/core/pipeline';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { LineIndex } from '../../../src/core/text';
import {
  assertFixesGive,
  assertMarkedFindings,
  assertRangeInside,
  describeFinding,
  parseMarkers,
  toCrlf,
} from '../helpers/fixture-checks';
import type { Expectations } from '../helpers/fixture-checks';
import { checkRuleCatalogue } from '../helpers/rule-catalogue';
import { contextFiles } from './context-fixtures';

/**
 * One harness for every Kubernetes rule, driven by test/fixtures/k8s/<rule-id>/:
 *
 *   bad*.yaml | bad*.json     must produce findings exactly where marked:
 *                               # expect-next-line <rule-id>[, <rule-id>…]
 *                             the next line carries exactly one finding of each listed rule (starting on that line),
 *                             and the file has no other finding of those rules (nor of the folder's rule).
 *   bad*.fixed.yaml           the text after applying every finding's preferred fix; re-analysed, it has no
 *                             finding of the rule.
 *   good*.yaml | good*.json   no finding of the folder's rule.
 *   context/…/*.yaml          the rest of the workspace for every fixture of the folder (cross-file relations);
 *                             fixes may edit these files too (only the analysed file's edits are compared).
 *   # expect-error <kind>     one analysis error of that kind per marker (anywhere in the file); without
 *                             markers a fixture must analyse without errors, so a typo that breaks the YAML
 *                             cannot make a good fixture pass by producing nothing.
 *
 * JSON has no comments: its markers live beside it in `<file>.expect`, one per line:
 *   expect-line <1-based line> <rule-id>   |   expect-error <kind>
 *
 * Every bad fixture is also run with CRLF line endings (built here: editors and git normalise files on disk).
 */

const FIXTURES = path.resolve(__dirname, '../../fixtures/k8s');
const RULES_DIR = path.resolve(__dirname, '../../../src/assistants/k8s/rules');
const PROJECT = path.resolve(__dirname, '../../..');
const FIXTURE_FILE = /^(bad|good)([-.][\w.-]*)?\.(ya?ml|json)$/;

function parseExpectations(file: string, text: string): Expectations {
  const findings = new Map<number, string[]>();
  const errors = new Map<string, number>();
  const addFinding = (line: number, ids: string[]) => findings.set(line, [...(findings.get(line) ?? []), ...ids]);
  const addError = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);
  const splitIds = (list: string) => list.split(/[\s,]+/).filter(Boolean);

  if (file.endsWith('.json')) {
    const sidecar = `${file}.expect`;
    if (!fs.existsSync(sidecar)) return { findings, errors };
    for (const [i, raw] of fs.readFileSync(sidecar, 'utf8').split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const finding = /^expect-line\s+(\d+)\s+(.+)$/.exec(line);
      const error = /^expect-error\s+(\w+)$/.exec(line);
      if (finding) addFinding(Number(finding[1]) - 1, splitIds(finding[2]));
      else if (error) addError(error[1]);
      else assert.fail(`${sidecar}:${i + 1}: cannot read "${raw}"`);
    }
    return { findings, errors };
  }

  return parseMarkers(text, file, ['#']);
}

function rel(file: string): string {
  return path.relative(PROJECT, file).split(path.sep).join('/');
}

/**
 * Files under `<rule folder>/context/` are the rest of the workspace for every fixture of that folder:
 * the other end of cross-file relations (a Deployment for an HPA, a LimitRange, a quota, the assessment).
 */
function contextOf(file: string): Map<string, string> {
  return contextFiles(path.basename(path.dirname(file)));
}

async function analyze(file: string, text: string): Promise<DocumentAnalysis> {
  const context = contextOf(file);
  const workspace = context.size ? memoryWorkspace(new Map([...context, [file, text]])) : undefined;
  return analyzeDocument(k8sAssistant, { file, text }, DEFAULT_CONFIG, undefined, { workspace });
}

/** Shape checks every finding of every rule must pass. */
function assertWellFormed(findings: Finding[], file: string, text: string): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    const what = `${file}: ${describeFinding(f)}`;
    assert.equal(f.file, file, `${what}: file`);
    assert.equal(f.assistant, 'k8s', `${what}: assistant`);
    assert.ok(f.message.trim().length > 0, `${what}: empty message`);
    assert.ok(SEVERITIES.includes(f.severity), `${what}: severity ${f.severity}`);
    assertRangeInside(f.range, lines, what);
    for (const r of f.related ?? []) {
      assert.ok(r.message.trim(), `${what}: related without message`);
      if (r.file === file) assertRangeInside(r.range, lines, `${what} related`);
    }
    const fixes = f.fixes ?? [];
    assert.ok(fixes.filter((x) => x.isPreferred).length <= 1, `${what}: more than one preferred fix`);
    for (const fix of fixes) {
      assert.ok(fix.title.trim(), `${what}: fix without title`);
      assert.ok(fix.edits.length > 0, `${what}: fix "${fix.title}" has no edits`);
      for (const e of fix.edits) {
        const context = contextOf(file);
        assert.ok(e.file === file || context.has(e.file), `${what}: fix edits a file outside the fixture: ${e.file}`);
        if (e.file === file) assertRangeInside(e.range, lines, `${what} fix edit`);
        else assertRangeInside(e.range, new LineIndex(context.get(e.file) ?? ''), `${what} fix edit in ${e.file}`);
      }
    }
  }
}

function assertErrors(errors: AnalysisError[], expected: Map<string, number>, file: string, label = file): void {
  const actual = new Map<string, number>();
  for (const e of errors) actual.set(e.kind, (actual.get(e.kind) ?? 0) + 1);
  const show = (m: Map<string, number>) => JSON.stringify(Object.fromEntries([...m].sort()));
  assert.equal(
    show(actual),
    show(expected),
    `${label}: errors ${JSON.stringify(errors)} (declare expected ones with "# expect-error <kind>")`,
  );
  for (const e of errors) assert.equal(e.file, file);
}

function fixtureFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => FIXTURE_FILE.test(name) && !/\.fixed\./.test(name))
    .sort();
}

/** bad-x.yaml → bad-x.fixed.yaml */
function fixedFileFor(file: string): string {
  return file.replace(/\.(ya?ml|json)$/, '.fixed.$1');
}

async function checkBad(rule: K8sRule, absFile: string, text: string, variant: string): Promise<void> {
  const file = rel(absFile);
  const label = `${file} (${variant})`;
  const expected = parseExpectations(absFile, text);
  const result = await analyze(file, text);
  assertWellFormed(result.findings, file, text);
  assertErrors(result.errors, expected.errors, file, label);

  assertMarkedFindings(result.findings, expected.findings, rule.id, label, '# expect-next-line');
  await assertFixesGive({
    text,
    file,
    fixedPath: fixedFileFor(absFile),
    fixedLabel: rel(fixedFileFor(absFile)),
    variant,
    label,
    ruleId: rule.id,
    findings: result.findings,
    reanalyze: (fixed) => analyze(file, fixed),
  });
}

async function checkGood(rule: K8sRule, absFile: string, text: string): Promise<void> {
  const file = rel(absFile);
  const expected = parseExpectations(absFile, text);
  const result = await analyze(file, text);
  assertWellFormed(result.findings, file, text);
  assertErrors(result.errors, expected.errors, file);
  assert.deepEqual(
    result.findings.filter((f) => f.ruleId === rule.id).map(describeFinding),
    [],
    `${file}: a good fixture has findings`,
  );
}

describe('k8s rule fixtures', () => {
  for (const rule of K8S_RULES) {
    const dir = path.join(FIXTURES, rule.id);
    if (!fs.existsSync(dir)) continue; // reported by the "every rule has fixtures" test below
    describe(rule.id, () => {
      for (const name of fixtureFiles(dir)) {
        const absFile = path.join(dir, name);
        const text = fs.readFileSync(absFile, 'utf8');
        if (name.startsWith('bad')) {
          it(`${name}: findings exactly at the markers${fs.existsSync(fixedFileFor(absFile)) ? ', fixes give the .fixed file' : ''}`, () =>
            checkBad(rule, absFile, text.replace(/\r\n?/g, '\n'), 'LF'));
          if (!name.endsWith('.json')) {
            it(`${name}: the same with CRLF line endings`, () => checkBad(rule, absFile, toCrlf(text), 'CRLF'));
          }
        } else {
          it(`${name}: no finding`, () => checkGood(rule, absFile, text));
        }
      }
    });
  }
});

describe('k8s rule catalogue', () => {
  it('the assistant runs exactly K8S_RULES', () => {
    assert.equal(k8sAssistant.rules, K8S_RULES);
    assert.ok(K8S_RULES.length > 0);
  });

  checkRuleCatalogue({
    rules: K8S_RULES,
    listName: 'K8S_RULES',
    rulesDir: RULES_DIR,
    fixturesDir: FIXTURES,
    fixtureFiles,
    extension: 'yaml',
  });

  for (const rule of K8S_RULES) {
    it(`${rule.id}: metadata is complete`, () => {
      assert.equal(rule.assistant, 'k8s');
      assert.ok(rule.title.trim().length > 0, 'title');
      assert.ok(!rule.title.includes('\n'), 'title is one line');
      assert.ok(rule.docs.trim().length > 0, 'docs');
      assert.ok(SEVERITIES.includes(rule.defaultSeverity), 'defaultSeverity');
      assert.ok(['high', 'medium', 'low'].includes(rule.impact), 'impact');
      assert.ok(['small', 'medium', 'large'].includes(rule.effort), 'effort');
      assert.equal(typeof rule.check, 'function');
    });
  }
});
