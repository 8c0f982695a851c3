import { strict as assert } from 'node:assert';
import type { AnalysisContext, AnalysisResult, Assistant, SourceDocument } from '../../../src/core/assistant';
import { CancelledError, TimeBudget, isCancelled, isOverBudget, OverBudgetError } from '../../../src/core/budget';
import type { AnalysisConfig } from '../../../src/core/config';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding, Severity } from '../../../src/core/finding';
import { range } from '../../../src/core/finding';
import { analyzeDocument, finishFindings, mergeFindings, prepareWorkspace } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

function finding(
  ruleId: string,
  line: number,
  character = 0,
  severity: Severity = 'warning',
  file = 'app.yaml',
): Finding {
  return {
    file,
    assistant: 'k8s',
    ruleId,
    severity,
    message: `${ruleId}@${line}`,
    range: range(line, character, line, character + 3),
    impact: 'medium',
    effort: 'small',
  };
}

/** A fake assistant that returns fixed findings/errors, or runs a custom body. */
function fake(
  body: (doc: SourceDocument, context: AnalysisContext) => AnalysisResult | Promise<AnalysisResult>,
): Assistant & { calls: number } {
  const assistant = {
    id: 'k8s' as const,
    rules: [],
    calls: 0,
    analyze(doc: SourceDocument, context: AnalysisContext) {
      assistant.calls++;
      return body(doc, context);
    },
  };
  return assistant;
}

const doc = (text = 'a\nb\nc\nd\ne\n'): SourceDocument => ({ file: 'app.yaml', text });
const cfg = (overrides: Partial<AnalysisConfig> = {}): AnalysisConfig => ({ ...DEFAULT_CONFIG, ...overrides });
const keys = (findings: Finding[]) =>
  findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}:${f.severity}`);

function spinPast(budget: TimeBudget, ms: number): void {
  while (budget.elapsedMs <= ms) {
    // busy-wait: the budget is measured with performance.now()
  }
}

describe('core/pipeline analyzeDocument', () => {
  it('returns the assistant’s findings and errors with timing', async () => {
    const errors = [
      { file: 'app.yaml', kind: 'parse' as const, message: 'YAML syntax error: x', range: range(3, 0, 3, 1) },
    ];
    const result = await analyzeDocument(
      fake(() => ({ findings: [finding('r', 1)], errors })),
      doc(),
      cfg({ budgetMs: 1234 }),
    );
    assert.deepEqual(keys(result.findings), ['r@1:0:warning']);
    assert.deepEqual(result.errors, errors);
    assert.equal(result.cancelled, false);
    assert.equal(result.budgetMs, 1234);
    assert.ok(result.elapsedMs >= 0);
  });

  it('works with a synchronous and with an asynchronous assistant', async () => {
    const sync = await analyzeDocument(
      fake(() => ({ findings: [finding('r', 0)], errors: [] })),
      doc(),
      cfg(),
    );
    const later = await analyzeDocument(
      fake(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { findings: [finding('r', 0)], errors: [] };
      }),
      doc(),
      cfg(),
    );
    assert.deepEqual(keys(sync.findings), keys(later.findings));
  });

  it('hands the assistant the config, a budget of config.budgetMs and the signal', async () => {
    const controller = new AbortController();
    let seen: AnalysisContext | undefined;
    const config = cfg({ budgetMs: 777 });
    await analyzeDocument(
      fake((_d, context) => ((seen = context), { findings: [], errors: [] })),
      doc(),
      config,
      controller.signal,
    );
    assert.ok(seen);
    assert.equal(seen.config, config);
    assert.ok(seen.budget instanceof TimeBudget);
    assert.equal(seen.budget.budgetMs, 777);
    assert.equal(seen.signal, controller.signal);
  });

  it('applies suppression comments from the document text', async () => {
    const text = 'a\n# scaling-assistant-disable-next-line rule-a\nb\nc # scaling-assistant-disable-line\n';
    const assistant = fake(() => ({
      findings: [finding('rule-a', 2), finding('rule-b', 2), finding('rule-a', 3), finding('rule-a', 0)],
      errors: [],
    }));
    const result = await analyzeDocument(assistant, doc(text), cfg());
    assert.deepEqual(keys(result.findings), ['rule-a@0:0:warning', 'rule-b@2:0:warning']);
  });

  it('applies the config: disabled rules, severity overrides, off', async () => {
    const assistant = fake(() => ({
      findings: [finding('a', 0), finding('b', 1), finding('c', 2), finding('d', 3)],
      errors: [],
    }));
    const result = await analyzeDocument(
      assistant,
      doc(),
      cfg({ disabledRules: ['a'], severityOverrides: { b: 'error', c: 'off', d: 'nonsense' as Severity } }),
    );
    assert.deepEqual(keys(result.findings), ['b@1:0:error', 'd@3:0:warning']);
  });

  it('sorts findings by file, position and rule, without reordering the assistant’s own array', async () => {
    const own = [
      finding('z', 4),
      finding('b', 1, 5),
      finding('a', 1, 5),
      finding('x', 1, 2),
      finding('a', 0, 0, 'warning', 'b.yaml'),
      finding('q', 10),
    ];
    const snapshot = keys(own);
    const result = await analyzeDocument(
      fake(() => ({ findings: own, errors: [] })),
      doc(),
      cfg(),
    );
    assert.deepEqual(keys(result.findings), [
      'x@1:2:warning',
      'a@1:5:warning',
      'b@1:5:warning',
      'z@4:0:warning',
      'q@10:0:warning',
      'a@0:0:warning', // b.yaml sorts after app.yaml
    ]);
    assert.deepEqual(keys(own), snapshot);
  });

  describe('failures become AnalysisErrors, never exceptions', () => {
    it('a thrown Error becomes one "internal" error naming the assistant', async () => {
      const result = await analyzeDocument(
        fake(() => {
          throw new TypeError('cannot read properties of undefined');
        }),
        doc(),
        cfg(),
      );
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.errors, [
        { file: 'app.yaml', kind: 'internal', message: 'k8s assistant failed: cannot read properties of undefined' },
      ]);
      assert.equal(result.cancelled, false);
    });

    it('a rejected promise and a thrown non-Error too', async () => {
      const rejected = await analyzeDocument(
        fake(() => Promise.reject(new Error('async boom'))),
        doc(),
        cfg(),
      );
      assert.equal(rejected.errors[0].kind, 'internal');
      assert.match(rejected.errors[0].message, /async boom$/);
      const thrown = await analyzeDocument(
        fake(() => {
          const notAnError: unknown = 'a string';
          throw notAnError;
        }),
        doc(),
        cfg(),
      );
      assert.deepEqual(thrown.errors, [
        { file: 'app.yaml', kind: 'internal', message: 'k8s assistant failed: a string' },
      ]);
    });

    it('over budget becomes a "budget" error: "skipped: over budget …"', async () => {
      const assistant = fake((_d, { budget }) => {
        spinPast(budget, 3);
        budget.check();
        return { findings: [finding('never', 0)], errors: [] };
      });
      const result = await analyzeDocument(assistant, doc(), cfg({ budgetMs: 2 }));
      assert.deepEqual(result.findings, []);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0].kind, 'budget');
      assert.equal(result.errors[0].file, 'app.yaml');
      assert.ok(result.errors[0].message.startsWith('skipped: over budget'), result.errors[0].message);
      assert.match(result.errors[0].message, /^skipped: over budget \(\d+ ms of 2 ms\)$/);
      assert.equal(result.cancelled, false);
    });
  });

  describe('cancellation', () => {
    it('an AbortSignal aborted before the start: cancelled, nothing reported, the assistant is not run', async () => {
      const controller = new AbortController();
      controller.abort();
      const assistant = fake(() => ({ findings: [finding('r', 0)], errors: [] }));
      const result = await analyzeDocument(assistant, doc(), cfg(), controller.signal);
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.errors, []);
      assert.equal(assistant.calls, 0);
    });

    it('aborted while running, seen by budget.check(): cancelled', async () => {
      const controller = new AbortController();
      const assistant = fake(async (_d, { budget }) => {
        controller.abort();
        budget.check();
        return { findings: [finding('r', 0)], errors: [] };
      });
      const result = await analyzeDocument(assistant, doc(), cfg(), controller.signal);
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.errors, []);
    });

    it('aborted while running, by an assistant that never checks: still cancelled (no stale results)', async () => {
      const controller = new AbortController();
      const assistant = fake(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        controller.abort();
        return { findings: [finding('stale', 0)], errors: [] };
      });
      const result = await analyzeDocument(assistant, doc(), cfg(), controller.signal);
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.findings, []);
    });

    it('an AbortError thrown after the abort (SDKs, fetch) is a cancellation, not an internal error', async () => {
      const controller = new AbortController();
      const assistant = fake(async () => {
        controller.abort();
        throw new DOMException('This operation was aborted', 'AbortError');
      });
      const result = await analyzeDocument(assistant, doc(), cfg(), controller.signal);
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.errors, []);
    });

    it('a signal that is never aborted changes nothing', async () => {
      const controller = new AbortController();
      const result = await analyzeDocument(
        fake(() => ({ findings: [finding('r', 0)], errors: [] })),
        doc(),
        cfg(),
        controller.signal,
      );
      assert.equal(result.cancelled, false);
      assert.equal(result.findings.length, 1);
    });
  });
});

describe('core/budget TimeBudget', () => {
  it('check() passes within budget', () => {
    new TimeBudget(60_000).check();
  });

  it('check() throws OverBudgetError past the budget', () => {
    const budget = new TimeBudget(1);
    spinPast(budget, 2);
    assert.ok(budget.expired);
    assert.throws(
      () => budget.check(),
      (e: unknown) => isOverBudget(e) && e instanceof OverBudgetError && e.budgetMs === 1,
    );
  });

  it('check() throws CancelledError once the signal is aborted, before looking at time', () => {
    const controller = new AbortController();
    const budget = new TimeBudget(0, controller.signal);
    controller.abort();
    assert.throws(
      () => budget.check(),
      (e: unknown) => isCancelled(e) && e instanceof CancelledError,
    );
  });

  it('isCancelled / isOverBudget go by name, so errors from another copy of the module count', () => {
    const foreign = Object.assign(new Error('x'), { name: 'CancelledError' });
    assert.ok(isCancelled(foreign));
    assert.ok(!isOverBudget(foreign));
    assert.ok(!isCancelled('CancelledError'));
  });
});

describe('findings from every source (finishFindings, mergeFindings)', () => {
  it('applies suppression comments, then the rule settings, then the stable order, without touching its input', () => {
    const text = ['a: 1', '# scaling-assistant-disable-next-line rule-b', 'b: 2', 'c: 3'].join('\n');
    const input = [finding('rule-c', 3), finding('rule-b', 2), finding('rule-a', 0)];
    const config: AnalysisConfig = { ...DEFAULT_CONFIG, severityOverrides: { 'rule-c': 'error' }, disabledRules: [] };
    const out = finishFindings(input, text, config);
    assert.deepEqual(
      out.map((f) => `${f.ruleId}:${f.severity}`),
      ['rule-a:warning', 'rule-c:error'],
    );
    assert.deepEqual(
      input.map((f) => f.ruleId),
      ['rule-c', 'rule-b', 'rule-a'],
      'the input array is not sorted in place',
    );
    assert.deepEqual(finishFindings(input, text, { ...DEFAULT_CONFIG, disabledRules: ['rule-a', 'rule-c'] }), []);
  });

  it('a later source replaces the same rule on the same span and adds the rest', () => {
    const plain = finding('rule-a', 1);
    const measured = { ...finding('rule-a', 1), message: 'with evidence' };
    const other = finding('rule-a', 1, 5);
    const merged = mergeFindings([plain, finding('rule-b', 0)], [measured, other]);
    assert.deepEqual(
      merged.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character} ${f.message}`),
      ['rule-b@0:0 rule-b@0', 'rule-a@1:0 with evidence', 'rule-a@1:5 rule-a@1'],
    );
  });
});

describe('prepareWorkspace', () => {
  const workspace = memoryWorkspace({ 'a.yaml': 'kind: x' });
  const withPrepare = (prepare: Assistant['prepare']): Assistant => ({
    ...fake(() => ({ findings: [], errors: [] })),
    prepare,
  });

  it('hands back the errors the engine reports for its files', async () => {
    const error = { file: 'a.yaml', kind: 'parse' as const, message: 'YAML syntax error' };
    assert.deepEqual(
      await prepareWorkspace(
        withPrepare(async () => ({ errors: [error] })),
        workspace,
        '.',
      ),
      [error],
    );
    assert.deepEqual(
      await prepareWorkspace(
        withPrepare(async () => undefined),
        workspace,
        '.',
      ),
      [],
    );
    assert.deepEqual(await prepareWorkspace(withPrepare(undefined), workspace, '.'), []);
  });

  it("turns the engine's own failure into one internal error for the workspace, not an exception", async () => {
    const failing = withPrepare(async () => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    assert.deepEqual(await prepareWorkspace(failing, workspace, 'src k8s'), [
      {
        file: 'src k8s',
        kind: 'internal',
        message: 'the k8s assistant could not read the workspace: Maximum call stack size exceeded',
      },
    ]);
  });

  it('says nothing when the preparation was cancelled', async () => {
    const controller = new AbortController();
    const cancelled = withPrepare(async () => {
      controller.abort();
      throw new CancelledError();
    });
    assert.deepEqual(await prepareWorkspace(cancelled, workspace, '.', controller.signal), []);
  });
});
