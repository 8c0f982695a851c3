import { strict as assert } from 'node:assert';
import { CancelledError, isCancelled, isOverBudget, OverBudgetError } from '../../../src/core/budget';
import { range } from '../../../src/core/finding';
import type { RuleMeta, RuleReport } from '../../../src/core/rule';
import { ruleRunner, runRules } from '../../../src/core/run-rules';

interface TestRule extends RuleMeta {
  check(report: (partial: RuleReport) => void): void;
}

function rule(id: string, check: TestRule['check']): TestRule {
  return {
    id,
    assistant: 'k8s',
    title: id,
    defaultSeverity: 'warning',
    impact: 'medium',
    effort: 'small',
    docs: '',
    check,
  };
}

const at = (line: number) => range(line, 0, line, 4);
const reportsAt = (id: string, ...lines: number[]) =>
  rule(id, (report) => lines.forEach((line) => report({ message: `${id} here`, range: at(line) })));
const run = (rules: readonly TestRule[]) =>
  runRules({ rules, file: 'k8s/app.yaml', check: (r, report) => r.check(report) });

describe('core/run-rules runRules', () => {
  it("completes each rule's reports with the file, the rule's id and its defaults", () => {
    const result = run([reportsAt('first', 1), reportsAt('second', 2, 3)]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.findings.map((f) => [f.file, f.assistant, f.ruleId, f.severity, f.impact, f.effort, f.range.start.line]),
      [
        ['k8s/app.yaml', 'k8s', 'first', 'warning', 'medium', 'small', 1],
        ['k8s/app.yaml', 'k8s', 'second', 'warning', 'medium', 'small', 2],
        ['k8s/app.yaml', 'k8s', 'second', 'warning', 'medium', 'small', 3],
      ],
    );
  });

  it('a rule that throws becomes one error naming it; the findings of every other rule still arrive', () => {
    const broken = rule('broken', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'spec')");
    });
    const result = run([reportsAt('before', 1), broken, reportsAt('after', 5)]);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['before', 'after'],
    );
    assert.deepEqual(result.errors, [
      {
        file: 'k8s/app.yaml',
        kind: 'internal',
        message: "rule broken failed: Cannot read properties of undefined (reading 'spec')",
      },
    ]);
  });

  it('keeps what a failing rule reported before it threw, and names a thrown non-Error value', () => {
    const halfway = rule('halfway', (report) => {
      report({ message: 'found one', range: at(2) });
      const notAnError: unknown = 'no more';
      throw notAnError;
    });
    const result = run([halfway]);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['halfway'],
    );
    assert.equal(result.errors[0].message, 'rule halfway failed: no more');
  });

  it('points the error at the unit being checked when the engine says where it is', () => {
    const where = range(4, 0, 6, 12);
    const result = runRules({
      rules: [rule('broken', () => assert.fail('bug'))],
      file: 'db/q.sql',
      check: (r, report) => r.check(report),
      errorRange: () => where,
    });
    assert.deepEqual(result.errors[0].range, where);
  });

  it("uses the engine's own completion when it has one", () => {
    const result = runRules({
      rules: [rule('counted', () => undefined)],
      file: 'plan',
      check: (_rule, report: (n: number) => void) => {
        report(1);
        report(2);
      },
      complete: (r: TestRule, n: number) => `${r.id}#${n}`,
    });
    assert.deepEqual(result.findings, ['counted#1', 'counted#2']);
  });

  it('checks the budget before each rule and lets over budget through', () => {
    let checks = 0;
    const ran: string[] = [];
    const budget = {
      check() {
        if (++checks === 3) throw new OverBudgetError(100, 101);
      },
    };
    assert.throws(
      () =>
        runRules({
          rules: [reportsAt('a', 1), reportsAt('b', 2), reportsAt('c', 3)],
          file: 'k8s/app.yaml',
          budget,
          check: (r, report) => {
            ran.push(r.id);
            r.check(report);
          },
        }),
      (error) => isOverBudget(error),
    );
    assert.deepEqual(ran, ['a', 'b']);
  });

  it('lets a cancellation or an abort thrown inside a rule through instead of reporting it', () => {
    const cancelling = rule('cancelling', () => {
      throw new CancelledError();
    });
    assert.throws(
      () => run([cancelling, reportsAt('after', 1)]),
      (error) => isCancelled(error),
    );
    const aborting = rule('aborting', () => {
      const error = new Error('The operation was aborted');
      error.name = 'AbortError';
      throw error;
    });
    assert.throws(() => run([aborting]), { name: 'AbortError' });
  });
});

describe('core/run-rules ruleRunner', () => {
  it('runs the rules on one unit after another, each unit with its own findings and errors', () => {
    let unit = 1;
    const runner = ruleRunner<TestRule>({
      file: 'k8s/app.yaml',
      check: (r, report) => r.check(report),
    });
    const onUnit = rule('on-unit', (report) => report({ message: `unit ${unit}`, range: at(unit) }));
    const broken = rule('broken', () => {
      if (unit === 2) throw new Error('unit 2 only');
    });
    const first = runner([onUnit, broken]);
    unit = 2;
    const second = runner([broken, onUnit]);
    assert.deepEqual(
      first.findings.map((f) => [f.ruleId, f.message, f.range.start.line]),
      [['on-unit', 'unit 1', 1]],
    );
    assert.deepEqual(first.errors, []);
    assert.deepEqual(
      second.findings.map((f) => [f.ruleId, f.message, f.range.start.line]),
      [['on-unit', 'unit 2', 2]],
    );
    assert.deepEqual(
      second.errors.map((e) => e.message),
      ['rule broken failed: unit 2 only'],
    );
  });
});
