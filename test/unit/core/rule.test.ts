import { strict as assert } from 'node:assert';
import type { RuleMeta } from '../../../src/core/rule';
import { renderRuleDoc, ruleDocPath } from '../../../src/core/rule';

const rule: RuleMeta = {
  id: 'sample-rule-id',
  assistant: 'k8s',
  title: 'Sample title: something is wrong',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  docs: '\n\n## Why it matters\n\nBecause of **reasons**.\n\n',
};

describe('core/rule', () => {
  it('ruleDocPath is docs/rules/<assistant>/<id>.md', () => {
    assert.equal(ruleDocPath(rule), 'docs/rules/k8s/sample-rule-id.md');
  });

  describe('renderRuleDoc', () => {
    const doc = renderRuleDoc(rule);

    it('starts with the id as the heading', () => {
      assert.equal(doc.split('\n')[0], '# sample-rule-id');
    });

    it('contains the title', () => {
      assert.ok(doc.includes('**Sample title: something is wrong**'));
    });

    it('contains the metadata table', () => {
      assert.ok(doc.includes('| k8s | warning | high | small |'));
    });

    it('contains the docs, trimmed', () => {
      assert.ok(doc.includes('## Why it matters\n\nBecause of **reasons**.\n\n## Suppressing it'));
      assert.ok(!doc.includes('\n\n\n'), 'no blank-line runs from untrimmed docs');
    });

    it('contains the suppression hint with the rule id and the setting', () => {
      assert.ok(doc.includes('scaling-assistant-disable-next-line sample-rule-id'));
      assert.ok(doc.includes('scalingAssistant.rules.disabled'));
    });

    it('ends with a newline', () => {
      assert.ok(doc.endsWith('\n'));
    });
  });
});
