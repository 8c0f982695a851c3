import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ADVICE_RULES, PLAN_RULE_OF } from '../../../../src/assistants/sql/advice/plan-rules';
import type { RuleMeta } from '../../../../src/core/rule';

/**
 * The measured review's rules live one per file in advice/plan-rules/, like the static rules in rules/.
 * They have no check and no fixtures (their findings come from an executed plan): what holds them together
 * is the list, the file names and the docs.
 */
const PLAN_RULES_DIR = path.resolve(__dirname, '../../../../src/assistants/sql/advice/plan-rules');

function isRule(value: unknown): value is RuleMeta {
  return typeof value === 'object' && value !== null && 'id' in value && 'docs' in value;
}

describe('sql advice: plan rules, one per file', () => {
  const load = createRequire(__filename);
  const files = fs.readdirSync(PLAN_RULES_DIR).filter((name) => name.endsWith('.ts') && name !== 'index.ts');
  const found = files.map((name) => ({
    name,
    rules: Object.values(load(path.join(PLAN_RULES_DIR, name)) as Record<string, unknown>).filter(isRule),
  }));

  it('each file exporting a rule exports one, named after its id and listed in ADVICE_RULES', () => {
    const listed = new Set<RuleMeta>(ADVICE_RULES);
    const problems: string[] = [];
    for (const { name, rules } of found) {
      if (rules.length > 1) problems.push(`${name}: exports ${rules.length} rules`);
      for (const rule of rules) {
        if (`${rule.id}.ts` !== name) problems.push(`${name}: rule id ${rule.id} does not match the file name`);
        if (!listed.has(rule)) problems.push(`${name}: ${rule.id} is not listed in ADVICE_RULES`);
      }
    }
    assert.deepEqual(problems, []);
    assert.equal(
      found.filter((f) => f.rules.length === 1).length,
      ADVICE_RULES.length,
      'ADVICE_RULES lists a rule that has no file of its own',
    );
  });

  it('every plan finding kind is reported under a listed rule', () => {
    for (const [kind, rule] of Object.entries(PLAN_RULE_OF))
      assert.ok(ADVICE_RULES.includes(rule), `${kind} → ${rule.id}`);
  });

  it('each rule documents why it matters, how to fix it and when to ignore it', () => {
    for (const rule of ADVICE_RULES) {
      for (const section of ['## Why it matters', '## How to fix it', '## When to ignore it'])
        assert.ok(rule.docs.includes(section), `${rule.id}: no "${section}"`);
      assert.equal(rule.assistant, 'sql');
    }
  });
});
