import { strict as assert } from 'node:assert';
import type { DeepReviewRequest } from '../../../src/ai/contract';
import { buildPrompt } from '../../../src/ai/prompt';
import { loadRedactionParsers, redact } from '../../../src/ai/redact';
import { SUBJECTS } from '../../../src/ai/subjects/index';
import type { PromptTemplate } from '../../../src/ai/template';
import { loadTemplate } from '../../../src/ai/template';
import { request } from './helpers';
import { PLANTED, PLANTED_COUNT } from './planted-secrets';

/** The subject a row would be reviewed under; every subject's prompt redacts the same way. */
function subjectOf(file: string): DeepReviewRequest['subject'] {
  if (/\.(?:ya?ml|json)$|kubeconfig|Dockerfile|Makefile/.test(file)) return 'k8s';
  if (/\.(?:tsx|jsx)$/.test(file)) return 'react';
  return 'sql';
}

describe('ai: planted secrets never reach the prompt', () => {
  const templates = new Map<string, PromptTemplate>();
  before(async () => {
    await loadRedactionParsers();
    for (const subject of ['sql', 'k8s', 'react'] as const)
      templates.set(subject, await loadTemplate(request(undefined).promptsDir, subject));
  });

  it(`plants at least 60 secrets (${PLANTED_COUNT}) in distinct shapes`, () => {
    assert.ok(PLANTED_COUNT >= 60, `${PLANTED_COUNT} planted`);
    assert.equal(new Set(PLANTED.map((row) => row.shape)).size, PLANTED.length, 'one row per shape');
  });

  for (const row of PLANTED) {
    it(`${row.shape} (${row.file})`, () => {
      const { text, redactions } = redact(row.text, row.file);
      for (const secret of row.secrets) assert.ok(!text.includes(secret), `${secret} survived in:\n${text}`);
      for (const kept of row.keeps) assert.ok(text.includes(kept), `${JSON.stringify(kept)} lost in:\n${text}`);
      assert.equal(text.split('\n').length, row.text.split('\n').length, 'every line is kept');
      assert.ok(redactions.length > 0 && redactions.every((r) => r.count > 0), 'counted for the consent modal');
      assert.equal(redact(text, row.file).text, text, 'redacting twice changes nothing more');

      // What is sent: the whole prompt, with the row as the document and, for the formats the editor quotes
      // from other files (manifests, schema files), as a fact too.
      const subject = subjectOf(row.file);
      const facts: Record<string, string> | undefined = /\.ya?ml$/.test(row.file)
        ? { objectGraph: `# ${row.file}\n${row.text}` }
        : /\.sql$/.test(row.file)
          ? { schema: `Schema statements from the workspace:\n\n-- ${row.file}\n${row.text}` }
          : undefined;
      const built = buildPrompt(
        request(undefined, { subject, document: { file: row.file, text: row.text }, facts }),
        SUBJECTS[subject],
        templates.get(subject)!,
      );
      for (const secret of row.secrets)
        assert.ok(!`${built.system}\n${built.user}`.includes(secret), `${secret} reached the prompt`);
      assert.equal(built.redactedDocument, text);
    });
  }
});
