import { strict as assert } from 'node:assert';
import type { AnalysisConfig } from '../../../src/core/config';
import { DEFAULT_BUDGET_MS, DEFAULT_CONFIG, applyConfig, isSeverity } from '../../../src/core/config';
import type { Finding, Severity } from '../../../src/core/finding';
import { range } from '../../../src/core/finding';

function finding(ruleId: string, severity: Severity = 'warning'): Finding {
  return {
    file: 'a.yaml',
    assistant: 'k8s',
    ruleId,
    severity,
    message: ruleId,
    range: range(0, 0, 0, 1),
    impact: 'high',
    effort: 'small',
  };
}

function config(overrides: Partial<AnalysisConfig>): AnalysisConfig {
  return { ...DEFAULT_CONFIG, ...overrides };
}

const ids = (findings: Finding[]) => findings.map((f) => `${f.ruleId}:${f.severity}`);

describe('core/config', () => {
  it('DEFAULT_CONFIG disables nothing and has the default budget', () => {
    assert.deepEqual(DEFAULT_CONFIG, {
      disabledRules: [],
      severityOverrides: {},
      budgetMs: DEFAULT_BUDGET_MS,
      disabledAssistants: [],
    });
    const input = [finding('a'), finding('b', 'error')];
    assert.deepEqual(applyConfig(input, DEFAULT_CONFIG), input);
  });

  it('drops findings of disabled rules', () => {
    const out = applyConfig([finding('a'), finding('b'), finding('a')], config({ disabledRules: ['a'] }));
    assert.deepEqual(ids(out), ['b:warning']);
  });

  it('overrides severities per rule without mutating the input', () => {
    const input = [finding('a'), finding('b')];
    const out = applyConfig(input, config({ severityOverrides: { a: 'error', b: 'hint' } }));
    assert.deepEqual(ids(out), ['a:error', 'b:hint']);
    assert.deepEqual(ids(input), ['a:warning', 'b:warning'], 'input untouched');
  });

  it("'off' drops the rule like disabling it", () => {
    const out = applyConfig([finding('a'), finding('b')], config({ severityOverrides: { a: 'off' } }));
    assert.deepEqual(ids(out), ['b:warning']);
  });

  it('ignores an invalid override rather than guessing (a typo never silences a rule)', () => {
    const overrides = { a: 'critical', b: 'Error', c: '', d: 42 } as unknown as AnalysisConfig['severityOverrides'];
    const out = applyConfig(
      [finding('a'), finding('b'), finding('c'), finding('d')],
      config({ severityOverrides: overrides }),
    );
    assert.deepEqual(ids(out), ['a:warning', 'b:warning', 'c:warning', 'd:warning']);
  });

  it('is not fooled by rule ids that are Object.prototype names', () => {
    const out = applyConfig([finding('constructor'), finding('toString')], DEFAULT_CONFIG);
    assert.deepEqual(ids(out), ['constructor:warning', 'toString:warning']);
  });

  it('a disable wins over an override', () => {
    const out = applyConfig([finding('a')], config({ disabledRules: ['a'], severityOverrides: { a: 'error' } }));
    assert.deepEqual(out, []);
  });

  it('keeps the same finding object when the override equals its severity', () => {
    const f = finding('a', 'error');
    assert.equal(applyConfig([f], config({ severityOverrides: { a: 'error' } }))[0], f);
  });

  it('isSeverity accepts exactly the four severities', () => {
    for (const s of ['error', 'warning', 'info', 'hint']) assert.ok(isSeverity(s), s);
    for (const s of ['off', 'Error', 'information', '', undefined, null, 1]) assert.ok(!isSeverity(s), String(s));
  });
});
