import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonReport } from '../../../src/cli/format-json';
import { main } from '../../../src/cli/main';
import { makeWorkspace, removeWorkspace } from '../cli/workspace';
import { AnthropicStub } from '../../support/anthropic-stub';
import { API_KEY, finding } from './helpers';

/** `check --ai` end to end: the real CLI, the real SDK, the stub on loopback, key and endpoint from the environment. */
describe('ai: scaling-assistant check --ai', function () {
  this.timeout(30_000);
  let stub: AnthropicStub;
  let root: string;
  before(async () => {
    stub = await AnthropicStub.start();
    root = await makeWorkspace();
  });
  after(async () => {
    await stub.close();
    await removeWorkspace(root);
  });

  async function cli(
    argv: string[],
    env: Record<string, string | undefined> = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: stub.baseURL },
  ) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      cwd: root,
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      version: '9.8.7',
      env,
    });
    assert.ok(!stdout.includes(API_KEY) && !stderr.includes(API_KEY), 'the key is never printed');
    return { code, stdout, stderr };
  }

  const hpaFinding = finding({
    category: 'autoscaling',
    severity: 'error',
    title: 'No scale-down stabilisation: replicas will flap after spikes',
    location: { path: 'spec.metrics[0].resource.target.averageUtilization' },
    edit: { line: 65, endLine: 65, replacement: '          averageUtilization: 60' },
  });

  it("merges Claude's findings into the JSON, marked as AI, and they do not count for --fail-on", async () => {
    stub.script({ toolInput: { summary: 'Tune the HPA.', findings: [hpaFinding] } });
    const { code, stdout, stderr } = await cli(['check', 'k8s/app.yaml', '--ai', '--format', 'json']);
    const json = JSON.parse(stdout) as JsonReport;
    const claude = json.findings.filter((f) => f.ruleId.startsWith('claude/'));
    assert.equal(claude.length, 1);
    assert.equal(claude[0].ruleId, 'claude/autoscaling');
    assert.equal(claude[0].severity, 'error');
    assert.deepEqual(claude[0].range.start, { line: 64, character: 30 });
    assert.match(
      claude[0].evidence?.notes?.[0] ?? '',
      /^AI: reported by Claude \(claude-sonnet-5-5\); not established by a rule$/,
    );
    assert.deepEqual(claude[0].fixes?.[0].edits, [
      {
        file: 'k8s/app.yaml',
        range: { start: { line: 64, character: 0 }, end: { line: 64, character: 32 } },
        newText: '          averageUtilization: 60',
      },
    ]);
    assert.ok(
      json.findings.some((f) => f.ruleId === 'workload-replicas-with-hpa'),
      'the static findings are there',
    );
    assert.equal(code, 0, 'an AI error-severity finding does not fail the build');
    assert.match(
      stderr,
      /--ai: sending k8s\/app\.yaml, clusterVersion \(facts from our engine\) to Claude \(claude-sonnet-5-5\) for a HPA deep review: [\d.]+ KiB, about [\d,]+ tokens \(an estimate\); redacted: nothing/,
    );
    assert.equal(stub.requests.length, 1, 'ANTHROPIC_BASE_URL is honoured');
    assert.equal(stub.requests[0].headers.authorization, `Bearer ${API_KEY}`);
    assert.notEqual(stub.requests[0].body.stream, true, 'the CLI needs no progress stream');
  });

  it('text and SARIF print the Claude findings too', async () => {
    stub.script({ toolInput: { summary: 'Tune the HPA.', findings: [hpaFinding] } });
    const text = await cli(['check', 'k8s/app.yaml', '--ai']);
    assert.match(text.stdout, /^k8s\/app\.yaml:65:31 error claude\/autoscaling No scale-down stabilisation/m);
    const sarif = await cli(['check', 'k8s/app.yaml', '--ai', '--format', 'sarif']);
    const results = (
      JSON.parse(sarif.stdout) as {
        runs: Array<{ results: Array<{ ruleId: string; properties: { evidence?: { notes?: string[] } } }> }>;
      }
    ).runs[0].results;
    const claude = results.find((r) => r.ruleId === 'claude/autoscaling');
    assert.ok(claude);
    assert.match(claude.properties.evidence?.notes?.[0] ?? '', /^AI: reported by Claude/);
  });

  it('on an AI failure the static findings print as usual, the error goes to stderr, and the exit code is 3 only when the static result is clean', async () => {
    stub.script({ status: 401, errorMessage: `bad key ${API_KEY}` });
    const failed = await cli(['check', 'k8s/app.yaml', '--ai', '--format', 'json']);
    const json = JSON.parse(failed.stdout) as JsonReport;
    assert.ok(json.findings.some((f) => f.ruleId === 'workload-replicas-with-hpa'));
    assert.ok(!json.findings.some((f) => f.ruleId.startsWith('claude/')));
    assert.match(
      failed.stderr,
      /scaling-assistant: --ai: k8s\/app\.yaml: deep review failed \(auth\): The Anthropic API rejected the API key \(401\)\. Set ANTHROPIC_API_KEY to a valid key\./,
    );
    assert.equal(failed.code, 3);

    stub.script({ status: 429, headers: { 'retry-after': '120' } });
    const gated = await cli(['check', 'k8s/app.yaml', '--ai', '--fail-on', 'warning']);
    assert.equal(gated.code, 1, 'a static finding at --fail-on wins over the AI failure');
    assert.match(gated.stdout, /workload-replicas-with-hpa/);
    assert.match(
      gated.stderr,
      /deep review failed \(rate-limited\): The Anthropic API is rate-limiting this key; retry in 2 min/,
    );
  });

  it('without ANTHROPIC_API_KEY: says so, sends nothing, still prints the static findings', async () => {
    stub.script({ toolInput: { summary: 'x', findings: [] } });
    const { code, stdout, stderr } = await cli(['check', 'k8s/app.yaml', '--ai'], {});
    assert.equal(stub.requests.length, 0);
    assert.match(stdout, /workload-replicas-with-hpa/);
    assert.match(stderr, /deep review failed \(no-key\): No Anthropic API key: set ANTHROPIC_API_KEY to use --ai/);
    assert.equal(code, 3);
  });

  it('reviews files with findings first and stops at --ai-max-files; redacts before sending', async () => {
    await fs.writeFile(
      path.join(root, 'k8s/secret.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: czNjcjN0LXBhc3M=\n',
    );
    try {
      stub.script({ toolInput: { summary: 'ok', findings: [] } });
      const { stderr } = await cli(['check', 'k8s/app.yaml', 'k8s/secret.yaml', '--ai', '--ai-max-files', '1']);
      assert.equal(stub.requests.length, 1);
      assert.match(stderr, /--ai: reviewing 1 of 2 files \(raise --ai-max-files to send more\)/);
      assert.match(stderr, /--ai: sending k8s\/app\.yaml/);

      stub.script({ toolInput: { summary: 'ok', findings: [] } });
      const second = await cli(['check', 'k8s/secret.yaml', '--ai']);
      assert.match(second.stderr, /redacted: k8s-secret ×1/);
      assert.ok(!JSON.stringify(stub.requests[0].body).includes('czNjcjN0LXBhc3M='));
    } finally {
      await fs.rm(path.join(root, 'k8s/secret.yaml'));
    }
  });

  it('a SQL rewrite that does not parse is refused by the edit guard before the query optimizer is asked', async () => {
    await fs.mkdir(path.join(root, 'db/migrations'), { recursive: true });
    await fs.writeFile(
      path.join(root, 'db/migrations/001_orders.sql'),
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric NOT NULL);\n',
    );
    await fs.writeFile(
      path.join(root, 'db/report.sql'),
      'SELECT id, total\nFROM orders\nWHERE customer_id IN (SELECT customer_id FROM orders WHERE total > 100);\n',
    );
    try {
      stub.script({
        toolInput: {
          summary: 's',
          findings: [
            finding({
              category: 'rewrite',
              title: 'Use EXISTS',
              location: { line: 3, quote: 'customer_id IN' },
              edit: { line: 3, endLine: 3, replacement: 'WHER EXISTS (SELECT 1' },
            }),
          ],
        },
      });
      const { stdout, stderr } = await cli([
        'check',
        'db/report.sql',
        'db/migrations',
        '--ai',
        '--ai-max-files',
        '1',
        '--format',
        'json',
      ]);
      const claude = (JSON.parse(stdout) as JsonReport).findings.filter((f) => f.ruleId === 'claude/rewrite');
      assert.equal(claude.length, 1, 'the finding stays');
      assert.deepEqual(claude[0].fixes, [], 'its rewrite is not offered');
      assert.match(
        stderr,
        /--ai: db\/report\.sql: Edit refused: Use EXISTS \(the SQL after the edit does not parse: syntax error at or near "EXISTS"\)\n/,
      );
    } finally {
      await fs.rm(path.join(root, 'db'), { recursive: true, force: true });
    }
  });

  it('--verbose prints the prompt as sent, redacted, and nothing of the secrets', async () => {
    const secrets = ['verboseRolePw1', 'verboseDefault2', 'verboseComment3', 'verboseCrypt4'];
    await fs.mkdir(path.join(root, 'db'), { recursive: true });
    await fs.writeFile(
      path.join(root, 'db/seed.sql'),
      [
        '-- password: verboseComment3',
        "CREATE USER app WITH PASSWORD 'verboseRolePw1';",
        "CREATE TABLE clients (id bigint PRIMARY KEY, api_key text DEFAULT 'verboseDefault2');",
        "INSERT INTO users (email, password_hash) VALUES ('a@example.com', crypt('verboseCrypt4', gen_salt('bf')));",
        'SELECT * FROM clients OFFSET 5000 LIMIT 20;',
        '',
      ].join('\n'),
    );
    try {
      stub.script({ toolInput: { summary: 'ok', findings: [] } });
      const { stderr } = await cli(['check', 'db/seed.sql', '--ai', '--verbose']);
      assert.match(stderr, /\[deep review\] user message \(as sent, redacted\):\n/);
      assert.match(stderr, /CREATE USER app WITH PASSWORD '«redacted:sql-password»';/);
      assert.match(stderr, /redacted: prose-secret ×1, sql-password ×1, sql-secret ×2/);
      const body = JSON.stringify(stub.requests[0].body);
      for (const secret of secrets) {
        assert.ok(!stderr.includes(secret), `${secret} printed`);
        assert.ok(!body.includes(secret), `${secret} sent`);
      }
    } finally {
      await fs.rm(path.join(root, 'db'), { recursive: true, force: true });
    }
  });

  it('a .sql link to a credentials file outside the workspace is not read, so not sent', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-outside-'));
    await fs.writeFile(path.join(outside, 'pgpass'), 'db:5432:*:postgres:linkedPgpassPw9\n');
    await fs.mkdir(path.join(root, 'db'), { recursive: true });
    await fs.writeFile(path.join(root, 'db/report.sql'), 'SELECT * FROM orders OFFSET 5000 LIMIT 20;\n');
    await fs.symlink(path.join(outside, 'pgpass'), path.join(root, 'db/creds.sql'));
    try {
      stub.script({ toolInput: { summary: 'ok', findings: [] } });
      const { stdout, stderr } = await cli(['check', 'db', '--ai', '--verbose', '--format', 'json']);
      const json = JSON.parse(stdout) as JsonReport;
      assert.ok(
        json.errors.some((e) => e.file === 'db/creds.sql' && /symbolic link to a file outside/.test(e.message)),
      );
      assert.equal(stub.requests.length, 1, 'only db/report.sql is reviewed');
      assert.ok(!JSON.stringify(stub.requests).includes('linkedPgpassPw9'));
      assert.ok(!stdout.includes('linkedPgpassPw9') && !stderr.includes('linkedPgpassPw9'));
    } finally {
      await fs.rm(path.join(root, 'db'), { recursive: true, force: true });
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('--ai-* options need --ai and a valid value', async () => {
    for (const [argv, message] of [
      [['check', '.', '--ai-max-files', '2'], /--ai-max-files needs --ai/],
      [['check', '.', '--ai', '--ai-max-files', '0'], /--ai-max-files needs a positive whole number/],
      [['check', '.', '--ai', '--ai-subject', 'cobol'], /--ai-subject: unknown value "cobol"/],
      [['check', '.', '--ai', '--ai-model', 'bad model'], /--ai-model needs a model id/],
    ] as const) {
      const { code, stderr } = await cli([...argv]);
      assert.equal(code, 2);
      assert.match(stderr, message);
    }
  });

  it('--help states that --ai is the consent and names the environment variables', async () => {
    const { stdout } = await cli(['--help']);
    assert.match(stdout, /Giving --ai is your consent to send them/);
    assert.match(stdout, /ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL overrides the endpoint/);
    assert.match(stdout, /3 {2}--ai: a deep review failed/);
  });
});
