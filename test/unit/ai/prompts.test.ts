import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DeepReviewRequest } from '../../../src/ai/contract';
import { buildOutgoing, DEFAULT_MODEL } from '../../../src/ai/index';
import { buildPrompt, snakeCase } from '../../../src/ai/prompt';
import { SUBJECTS } from '../../../src/ai/subjects/index';
import { loadTemplate, parseTemplate, render, TemplateError } from '../../../src/ai/template';
import { validate } from '../../../src/ai/validate';
import { answer, finding, PROMPTS_DIR, request } from './helpers';

const SDK = path.resolve(__dirname, '../../../node_modules/@anthropic-ai/sdk');

describe('ai: prompts, schemas and the model', () => {
  it('has one template per subject, and no stray template', () => {
    const files = readdirSync(PROMPTS_DIR)
      .filter((f) => f.endsWith('.md'))
      .sort();
    assert.deepEqual(
      files,
      Object.keys(SUBJECTS)
        .map((s) => `${s}.md`)
        .sort(),
    );
  });

  for (const [subject, spec] of Object.entries(SUBJECTS)) {
    it(`${subject}: the template declares exactly what the builder supplies and renders grounded`, async () => {
      const template = await loadTemplate(PROMPTS_DIR, spec.subject);
      const supplied = [
        'document_name',
        'language',
        'line_count',
        'reviewed_part',
        'document',
        'findings',
        'tool_name',
        'categories',
        'other_facts',
        ...Object.keys(spec.facts).map(snakeCase),
      ].sort();
      assert.deepEqual(Object.keys(template.variables).sort(), supplied);
      for (const [name, description] of Object.entries(template.variables))
        assert.ok(description.length > 10, `${name} is described`);
      const facts = Object.fromEntries(Object.keys(spec.facts).map((name) => [name, `FACT<${name}>`]));
      const built = buildPrompt(
        request(undefined, {
          subject: spec.subject,
          facts: { ...facts, extra: 'EXTRA-FACT' },
          findings: [
            {
              file: 'db/orders.sql',
              assistant: 'sql',
              ruleId: 'deep-offset',
              severity: 'warning',
              message: 'OFFSET 5000 scans and discards 5000 rows',
              range: { start: { line: 5, character: 0 }, end: { line: 5, character: 11 } },
              impact: 'high',
              effort: 'medium',
              evidence: { measured: { beforeMs: 120, afterMs: 3, speedup: 40, engine: 'PGlite 0.5' } },
            },
          ],
        }),
        spec,
        template,
      );
      assert.match(built.user, /\n *6\| OFFSET 5000 LIMIT 20;/, 'the numbered document');
      assert.match(built.user, /deep-offset \(warning, impact high\) line 6: OFFSET 5000 scans/, 'our findings');
      assert.match(built.user, /measured on PGlite 0\.5: 120 ms → 3 ms \(40×\)/);
      for (const name of Object.keys(spec.facts))
        assert.ok(built.user.includes(`FACT<${name}>`), `fact ${name} is in the prompt`);
      assert.ok(built.user.includes('EXTRA-FACT'), 'facts the template does not name still reach Claude');
      assert.ok(!/\{\{/.test(built.system + built.user), 'no placeholder left');
      assert.ok(built.system.includes(`Answer only by calling the tool ${spec.toolName}`));
    });

    it(`${subject}: the tool schema accepts a well-formed answer and refuses a malformed one`, () => {
      const good =
        spec.categories.length > 0 ? answer([finding({ category: spec.categories[0] })]) : { summary: 'narrative' };
      assert.deepEqual(validate(good, spec.schema), []);
      assert.ok(validate({ ...good, extra: 1 }, spec.schema).length > 0);
      assert.ok(validate({}, spec.schema).length > 0);
    });
  }

  it('refuses a template with an undeclared placeholder, without sections, or without front matter', () => {
    assert.throws(
      () => parseTemplate('---\nvariables:\n  a: x\n---\n## System\n{{b}}\n## User\n{{a}}\n', 't.md'),
      /\{\{b\}\} is used but not declared/,
    );
    assert.throws(
      () => parseTemplate('---\nvariables:\n  a: x\n---\n## System\nhi\n', 't.md'),
      /needs a "## System" and a "## User" section/,
    );
    assert.throws(() => parseTemplate('## System\nhi\n## User\nho\n', 't.md'), /missing the front matter/);
    const t = parseTemplate('---\nvariables:\n  a: x\n  b: y\n---\n## System\nS {{a}}\n## User\nU {{ b }}\n', 't.md');
    assert.deepEqual(
      render(t, { a: '{{b}}', b: 'B' }),
      { system: 'S {{b}}', user: 'U B' },
      'values are not expanded again',
    );
    assert.throws(() => render(t, { a: 'A' }), TemplateError);
  });

  it('buildOutgoing says what will be sent: files, bytes, an estimate of tokens, redactions', async () => {
    const req: DeepReviewRequest = request(undefined, {
      document: { file: 'db/orders.sql', text: 'SELECT 1; -- postgres://u:pw123@h/db\n' },
      facts: { schema: 'CREATE TABLE t (id int);' },
    });
    const outgoing = await buildOutgoing(req);
    assert.deepEqual(outgoing.files, ['db/orders.sql', 'schema (facts from our engine)']);
    assert.equal(outgoing.subject, 'sql');
    assert.ok(outgoing.bytes > 1000);
    // characters / 4: close to bytes / 4 for this mostly ASCII prompt (the templates hold a few → and ×).
    assert.ok(
      Math.abs(outgoing.estimatedTokens - outgoing.bytes / 4) < outgoing.bytes / 40,
      `${outgoing.estimatedTokens} vs ${outgoing.bytes} bytes`,
    );
    assert.deepEqual(outgoing.redactions, [{ kind: 'connection-password', count: 1 }]);
  });

  it('the default model is one the SDK lists and not one it deprecates', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DEPRECATED_MODELS } = require(path.join(SDK, 'internal/data/deprecated-models.js')) as {
      DEPRECATED_MODELS: Record<string, string>;
    };
    const declared = readFileSync(path.join(SDK, 'resources/messages/messages.d.ts'), 'utf8');
    const models = /export type Model = ([^;]+);/.exec(declared)?.[1] ?? '';
    assert.ok(models.includes(`'${DEFAULT_MODEL}'`), `${DEFAULT_MODEL} is in the SDK's Model list`);
    assert.ok(!(DEFAULT_MODEL in DEPRECATED_MODELS), `${DEFAULT_MODEL} is deprecated`);
  });

  it('the model setting defaults to the same model, application-scoped', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string }> } };
    };
    const setting = manifest.contributes.configuration.properties['scalingAssistant.deepReview.model'];
    assert.equal(setting.default, DEFAULT_MODEL);
    assert.equal(setting.scope, 'application');
    assert.equal(
      manifest.contributes.configuration.properties['scalingAssistant.deepReview.endpoint'].scope,
      'application',
    );
  });
});
