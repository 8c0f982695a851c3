import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { renderRuleDoc, ruleDocPath } from '../../src/core/rule';
import { allRules, renderIndex } from '../../scripts/gen-rule-docs';

const root = path.resolve(__dirname, '../..');

describe('rule documentation pages', () => {
  it('exist for every rule and match the rule source (run `npm run docs` when this fails)', async () => {
    const rules = await allRules();
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      const file = path.join(root, ruleDocPath(rule));
      assert.ok(existsSync(file), `missing ${ruleDocPath(rule)}`);
      assert.equal(readFileSync(file, 'utf8'), renderRuleDoc(rule), `${ruleDocPath(rule)} is stale`);
    }
    assert.equal(readFileSync(path.join(root, 'docs/rules/README.md'), 'utf8'), renderIndex(rules));
  });
});
