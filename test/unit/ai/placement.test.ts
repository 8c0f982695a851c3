import { strict as assert } from 'node:assert';
import { runDeepReview } from '../../../src/ai/index';
import { DocumentView, parsePath } from '../../../src/ai/placement';
import { redact } from '../../../src/ai/redact';
import { AnthropicStub } from '../../support/anthropic-stub';
import { answer, FAST, finding, MANIFESTS, request, SQL_TEXT } from './helpers';

function view(text: string, file = 'doc.sql'): DocumentView {
  return new DocumentView(text, redact(text, file).text, file);
}

describe('ai: placement on the document', () => {
  describe('lines and quotes', () => {
    const doc = view(SQL_TEXT);

    it('places a quote on the cited line at its exact characters', () => {
      assert.deepEqual(doc.place({ line: 4, quote: 'customer_id = 42' }, false), {
        ok: true,
        range: { start: { line: 3, character: 6 }, end: { line: 3, character: 22 } },
      });
    });

    it('finds a quote one or two lines off (models miscount), never further', () => {
      const placed = doc.place({ line: 4, quote: 'OFFSET 5000' }, false);
      assert.ok(placed.ok && placed.range.start.line === 5);
      const far = doc.place({ line: 1, quote: 'OFFSET 5000' }, false);
      assert.ok(!far.ok);
      if (!far.ok) assert.match(far.reason, /"OFFSET 5000" is not on line 1 \(nor within 2 lines of it\)/);
    });

    it('refuses a line that does not exist, and a quote that is not there', () => {
      const missing = doc.place({ line: 99, quote: 'SELECT' }, false);
      assert.deepEqual(missing, { ok: false, reason: 'cites line 99, but the document has 7 lines' });
      const wrong = doc.place({ line: 3, quote: 'FROM customers' }, false);
      assert.ok(!wrong.ok);
      assert.ok(!doc.place({ line: 3 }, false).ok, 'a line without a quote is not placed');
    });

    it('extends to endLine for a multi-line finding', () => {
      const placed = doc.place({ line: 2, endLine: 4, quote: 'SELECT *' }, false);
      assert.deepEqual(placed, {
        ok: true,
        range: { start: { line: 1, character: 0 }, end: { line: 3, character: 22 } },
      });
    });

    it('a quote of redacted text falls back to the whole line, not to a guessed column', () => {
      const text = 'const url = "postgres://app:hunter22@db/shop";\n';
      const d = view(text, 'db.ts');
      const placed = d.place({ line: 1, quote: 'postgres://app:«redacted:connection-password»@db/shop' }, false);
      assert.deepEqual(placed, {
        ok: true,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: text.length - 1 } },
      });
    });
  });

  describe('YAML paths', () => {
    const doc = view(MANIFESTS, 'k8s/web.yaml');

    it('resolves a path on the AST to the scalar value', () => {
      const placed = doc.place({ path: 'spec.metrics[0].resource.target.averageUtilization' }, true);
      assert.deepEqual(placed, {
        ok: true,
        range: { start: { line: 20, character: 30 }, end: { line: 20, character: 32 } },
      });
    });

    it('marks the key of a mapping, not the whole block', () => {
      const placed = doc.place({ path: 'spec.metrics' }, true);
      assert.ok(placed.ok && placed.range.start.line === 14 && placed.range.end.line === 14);
    });

    it('a path in several documents needs the line to decide, else it is not placed', () => {
      const ambiguous = doc.place({ path: 'metadata.name' }, true);
      assert.ok(!ambiguous.ok);
      if (!ambiguous.ok) assert.match(ambiguous.reason, /exists in 2 documents/);
      const decided = doc.place({ path: 'metadata.name', line: 11 }, true);
      assert.ok(decided.ok && decided.range.start.line === 10);
    });

    it('refuses paths that do not exist, malformed paths, and paths on code', () => {
      assert.ok(!doc.place({ path: 'spec.behavior.scaleDown' }, true).ok);
      assert.ok(!doc.place({ path: '../../etc/passwd' }, true).ok);
      assert.ok(!doc.place({ path: 'spec.metrics[7]' }, true).ok);
      assert.ok(!view(SQL_TEXT).place({ path: 'spec' }, false).ok);
    });

    it('parses bracketed keys', () => {
      assert.deepEqual(parsePath('metadata.annotations["example.com/owner"]'), [
        'metadata',
        'annotations',
        'example.com/owner',
      ]);
      assert.deepEqual(parsePath('$.spec.metrics[0]'), ['spec', 'metrics', 0]);
      assert.equal(parsePath('spec..x'), undefined);
    });
  });

  describe('edits', () => {
    it("replaces whole lines in the file's own line breaks", () => {
      const crlf = SQL_TEXT.replace(/\n/g, '\r\n');
      const d = view(crlf);
      const edit = d.edit(
        { line: 6, endLine: 6, replacement: 'AND (created_at, id) < ($1, $2)\nLIMIT 20;\n' },
        { first: 0, last: 6 },
      );
      assert.deepEqual(edit, {
        ok: true,
        range: { start: { line: 5, character: 0 }, end: { line: 5, character: 21 } },
        newText: 'AND (created_at, id) < ($1, $2)\r\nLIMIT 20;',
      });
    });

    it('refuses edits outside the reviewed lines, beyond the document, backwards, no-ops and on redacted lines', () => {
      const d = view(SQL_TEXT);
      assert.match(
        reason(d.edit({ line: 1, endLine: 1, replacement: 'x' }, { first: 3, last: 5 })),
        /outside the reviewed lines 4-6/,
      );
      assert.match(
        reason(d.edit({ line: 6, endLine: 40, replacement: 'x' }, { first: 0, last: 6 })),
        /the document has 7 lines/,
      );
      assert.match(
        reason(d.edit({ line: 6, endLine: 5, replacement: 'x' }, { first: 0, last: 6 })),
        /ends .* before it starts/,
      );
      assert.match(
        reason(d.edit({ line: 2, endLine: 2, replacement: 'SELECT *' }, { first: 0, last: 6 })),
        /changes nothing/,
      );
      const secret = view('const password = "hunter22-long";\nrun();\n', 'a.ts');
      assert.match(
        reason(
          secret.edit({ line: 1, endLine: 1, replacement: 'const password = process.env.PW;' }, { first: 0, last: 2 }),
        ),
        /holds a secret that was redacted/,
      );
      assert.match(
        reason(
          secret.edit(
            { line: 2, endLine: 2, replacement: 'run(«redacted:secret-assignment»);' },
            { first: 0, last: 2 },
          ),
        ),
        /placeholder/,
      );
    });
  });

  describe('through a review (the real SDK against the stub)', function () {
    this.timeout(20_000);
    let stub: AnthropicStub;
    before(async () => {
      stub = await AnthropicStub.start();
    });
    after(() => stub.close());

    it('findings citing lines that do not exist, or misquoting, are listed as unplaced with the reason; the rest is placed', async () => {
      stub.script({
        toolInput: answer([
          finding(),
          finding({ title: 'Ghost line', location: { line: 120, quote: 'SELECT' } }),
          finding({ title: 'Misquoted', location: { line: 3, quote: 'FROM invoices' } }),
        ]),
      });
      const result = await runDeepReview(request(stub), FAST);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(
        result.findings.map((f) => f.message),
        ['OFFSET pagination scans 5,000 rows per page'],
      );
      assert.deepEqual(
        result.unplaced.map((u) => [u.title, u.reason]),
        [
          ['Ghost line', 'cites line 120, but the document has 7 lines'],
          ['Misquoted', 'the quoted text "FROM invoices" is not on line 3 (nor within 2 lines of it)'],
        ],
      );
    });

    it('a k8s finding on a YAML path lands on the node', async () => {
      stub.script({
        toolInput: answer([
          finding({
            category: 'autoscaling',
            title: 'CPU target 90% leaves no headroom for spikes',
            location: { path: 'spec.metrics[0].resource.target.averageUtilization' },
          }),
        ]),
      });
      const result = await runDeepReview(
        request(stub, { subject: 'k8s', document: { file: 'k8s/web.yaml', text: MANIFESTS } }),
        FAST,
      );
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.findings[0].ruleId, 'claude/autoscaling');
      assert.deepEqual(result.findings[0].range.start, { line: 20, character: 30 });
    });

    it('SQL rewrites are offered only when the optimizer says they parse and are not different', async () => {
      const rewrite = { line: 6, endLine: 6, replacement: 'LIMIT 20;' };
      const verdicts = [
        { verdict: { parses: true, equivalent: true }, offered: true, title: /verified equivalent/ },
        {
          verdict: { parses: true, equivalent: null, note: 'no rows to compare' },
          offered: true,
          title: /equivalence not proven/,
        },
        {
          verdict: { parses: false, equivalent: null, note: 'syntax error at "LIMT"' },
          offered: false,
          reason: /does not parse: syntax error/,
        },
        { verdict: { parses: true, equivalent: false }, offered: false, reason: /returns different rows/ },
      ];
      for (const { verdict, offered, title, reason: why } of verdicts) {
        stub.script({ toolInput: answer([finding({ edit: rewrite })]) });
        const seen: unknown[] = [];
        const result = await runDeepReview(
          request(stub, {
            verifyRewrite: async (range, newText) => {
              seen.push([range, newText]);
              return verdict;
            },
          }),
          FAST,
        );
        assert.ok(result.ok);
        // Checked as a statement, without the terminating semicolon on either side; offered as whole lines.
        assert.deepEqual(seen, [[{ start: { line: 5, character: 0 }, end: { line: 5, character: 20 } }, 'LIMIT 20']]);
        assert.equal(result.findings.length, 1, 'the finding itself stays');
        if (offered) {
          assert.equal(result.findings[0].edits.length, 1);
          assert.match(result.findings[0].edits[0].title, title as RegExp);
          assert.deepEqual(result.findings[0].edits[0].verified?.equivalent, verdict.equivalent);
          assert.equal(result.findings[0].edits[0].newText, 'LIMIT 20;');
          assert.deepEqual(result.findings[0].edits[0].range, {
            start: { line: 5, character: 0 },
            end: { line: 5, character: 21 },
          });
        } else {
          assert.deepEqual(result.findings[0].edits, []);
          assert.match(result.unplaced[0].reason, why as RegExp);
        }
      }
      stub.script({ toolInput: answer([finding({ edit: rewrite })]) });
      const unverified = await runDeepReview(request(stub, { verifyRewrite: undefined }), FAST);
      assert.ok(unverified.ok && unverified.findings[0].edits.length === 0);
      if (unverified.ok) assert.match(unverified.unplaced[0].reason, /could not verify/);
    });
  });
});

function reason(result: { ok: boolean; reason?: string }): string {
  assert.equal(result.ok, false);
  return result.reason ?? '';
}
