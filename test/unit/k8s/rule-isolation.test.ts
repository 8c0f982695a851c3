import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createK8sAssistant } from '../../../src/assistants/k8s/index';
import type { K8sRule } from '../../../src/assistants/k8s/rule';
import { K8S_RULES } from '../../../src/assistants/k8s/rules';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { describeFinding } from '../helpers/fixture-checks';

const file = 'test/fixtures/k8s/image-tag-latest/bad.yaml';
const text = readFileSync(path.resolve(__dirname, '../../..', file), 'utf8');

const broken: K8sRule = {
  ...K8S_RULES[0],
  id: 'broken-rule',
  check({ manifest }) {
    if (manifest.objects.length > 0) throw new TypeError("Cannot read properties of undefined (reading 'spec')");
  },
};

describe('k8s engine: a rule that throws', () => {
  it("costs only that rule's findings: one internal error names it, every other rule's findings arrive", async () => {
    const rules = [...K8S_RULES.slice(0, 10), broken, ...K8S_RULES.slice(10)];
    const [expected, actual] = await Promise.all(
      [createK8sAssistant(), createK8sAssistant({ rules })].map((engine) =>
        analyzeDocument(engine, { file, text }, DEFAULT_CONFIG),
      ),
    );
    assert.ok(expected.findings.length > 0, 'the document has findings to lose');
    assert.deepEqual(actual.findings.map(describeFinding), expected.findings.map(describeFinding));
    assert.deepEqual(expected.errors, []);
    assert.deepEqual(actual.errors, [
      {
        file,
        kind: 'internal',
        message: "rule broken-rule failed: Cannot read properties of undefined (reading 'spec')",
      },
    ]);
  });

  it('the default engine runs K8S_RULES', () => {
    assert.equal(createK8sAssistant().rules, K8S_RULES);
  });
});
