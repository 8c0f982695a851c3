import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reactAssistant } from '../../../src/assistants/react/index';
import { REACT_RULES } from '../../../src/assistants/react/rules';
import type { ReactRule } from '../../../src/assistants/react/rule';
import type { Finding } from '../../../src/core/finding';
import { SEVERITIES } from '../../../src/core/finding';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { LineIndex } from '../../../src/core/text';
import {
  assertFixesGive,
  assertMarkedFindings,
  assertRangeInside,
  describeFinding,
  toCrlf,
} from '../helpers/fixture-checks';
import { checkRuleCatalogue } from '../helpers/rule-catalogue';
import { FIXTURES, analyzeFixture, fixtureFiles, reactMarkers, rel } from './fixtures';

/**
 * One harness for every frontend optimizer rule, driven by test/fixtures/react/<rule-id>/:
 *
 *   bad*.tsx (jsx, ts, js)  findings exactly where marked (`// expect-next-line <rule-id>`, or
 *                           `{/* expect-next-line <rule-id> *\/}` among JSX children), and no other of the rule;
 *   bad*.fixed.tsx          the text after every finding's preferred fix; re-analysed, no finding of the rule;
 *   good*.tsx               no finding of the folder's rule;
 *   context/…               the rest of the workspace for every fixture of the folder.
 *
 * A fixture analyses without errors. Every bad fixture also runs with CRLF line endings.
 */

const RULES_DIR = path.resolve(__dirname, '../../../src/assistants/react/rules');

function fixedFileFor(file: string): string {
  return file.replace(/\.(tsx|jsx|ts|js)$/, '.fixed.$1');
}

function assertWellFormed(findings: Finding[], file: string, text: string): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    const what = `${file}: ${describeFinding(f)}`;
    assert.equal(f.file, file, `${what}: file`);
    assert.equal(f.assistant, 'react', `${what}: assistant`);
    assert.ok(f.message.trim().length > 0, `${what}: empty message`);
    assert.ok(SEVERITIES.includes(f.severity), `${what}: severity ${f.severity}`);
    assertRangeInside(f.range, lines, what);
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

async function checkBad(rule: ReactRule, absFile: string, text: string, variant: string): Promise<void> {
  const file = rel(absFile);
  const label = `${file} (${variant})`;
  const result = await analyzeFixture(file, text);
  assert.deepEqual(result.errors, [], `${label}: analysis errors`);
  assertWellFormed(result.findings, file, text);
  assertMarkedFindings(result.findings, reactMarkers(text, file).findings, rule.id, label, '// expect-next-line');
  await assertFixesGive({
    text,
    file,
    fixedPath: fixedFileFor(absFile),
    fixedLabel: rel(fixedFileFor(absFile)),
    variant,
    label,
    ruleId: rule.id,
    findings: result.findings,
    reanalyze: (fixed) => analyzeFixture(file, fixed),
  });
}

async function checkGood(rule: ReactRule, absFile: string, text: string): Promise<void> {
  const file = rel(absFile);
  const result = await analyzeFixture(file, text);
  assert.deepEqual(result.errors, [], `${file}: analysis errors`);
  assertWellFormed(result.findings, file, text);
  assert.deepEqual(
    result.findings.filter((f) => f.ruleId === rule.id).map(describeFinding),
    [],
    `${file}: a good fixture has findings`,
  );
}

describe('react rule fixtures', () => {
  // The compiler's first load is not the rules' time: keep it out of the first fixture's budget.
  before(() => loadTypeScript());

  for (const rule of REACT_RULES) {
    const dir = path.join(FIXTURES, rule.id);
    if (!fs.existsSync(dir)) continue;
    describe(rule.id, () => {
      for (const name of fixtureFiles(dir)) {
        const absFile = path.join(dir, name);
        const text = fs.readFileSync(absFile, 'utf8');
        if (name.startsWith('bad')) {
          it(`${name}: findings exactly at the markers`, () =>
            checkBad(rule, absFile, text.replace(/\r\n?/g, '\n'), 'LF'));
          it(`${name}: the same with CRLF line endings`, () => checkBad(rule, absFile, toCrlf(text), 'CRLF'));
        } else it(`${name}: no finding`, () => checkGood(rule, absFile, text));
      }
    });
  }
});

describe('react rule catalogue', () => {
  it('the assistant runs exactly REACT_RULES', () => {
    assert.equal(reactAssistant.rules, REACT_RULES);
  });

  checkRuleCatalogue({
    rules: REACT_RULES,
    listName: 'REACT_RULES',
    rulesDir: RULES_DIR,
    fixturesDir: FIXTURES,
    fixtureFiles,
    extension: 'tsx',
  });

  for (const rule of REACT_RULES) {
    it(`${rule.id}: metadata is complete, with roadmap`, () => {
      assert.equal(rule.assistant, 'react');
      assert.ok(rule.title.trim() && !rule.title.includes('\n'), 'title');
      assert.ok(rule.docs.trim().length > 0, 'docs');
      assert.ok(rule.roadmap, 'roadmap metadata');
    });
  }
});
