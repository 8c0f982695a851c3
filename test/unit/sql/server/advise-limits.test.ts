import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AdviceReport } from '../../../../src/assistants/sql/advice/document';
import { startRunCap } from '../../../../src/assistants/sql/advice/run-cap';
import { createSqlAssistant } from '../../../../src/assistants/sql/index';
import type { Assistant } from '../../../../src/core/assistant';
import { TimeBudget } from '../../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../../src/core/config';
import { memoryWorkspace } from '../../../../src/core/workspace';
import type { TestPostgres } from '../../../support/postgres-server';
import { requirePostgres, startTestPostgres } from '../../../support/postgres-server';
import { run } from '../../cli/workspace';

/**
 * Measured advice on a real server, end to end through the SQL assistant: the run's overall time limit,
 * statements the allow-list keeps from executing (a plan and the reason instead), and the privileged-role
 * report the editor asks the user about.
 */
describe('sql advice on a server: run time limit, not-executed statements, privileged roles', function () {
  this.timeout(180_000);
  let server: TestPostgres;
  let assistant: Assistant;
  const superPassword = 'Sa-super-pw-1';

  const advise = async (text: string, settings: Record<string, unknown>, password = server.password) => {
    const result = await assistant.advise!(
      { file: 'q.sql', text, languageId: 'sql' },
      {
        config: DEFAULT_CONFIG,
        budget: new TimeBudget(Number.MAX_SAFE_INTEGER),
        workspace: memoryWorkspace({ 'q.sql': text }),
        settings: { analyzeOnServer: true, ...settings },
        secrets: { databasePassword: password },
      },
    );
    return { ...result, report: result.report as AdviceReport };
  };

  before(async function () {
    requirePostgres(this);
    server = await startTestPostgres({ rows: 2_000 });
    server.psql(`CREATE ROLE sa_super LOGIN SUPERUSER PASSWORD '${superPassword}'`);
    assistant = createSqlAssistant();
  });

  after(async () => {
    await assistant?.dispose?.();
    server?.stop();
  });

  it('the run stops at its time limit; statements it did not get to are reported with that reason', async () => {
    // Each statement runs into the 400 ms statement timeout: four of them cannot fit in 1.2 s.
    const text = [1, 2, 3, 4]
      .map((n) => `SELECT count(*) FROM generate_series(1, 2000000000) g WHERE g % ${n + 1} = 0;`)
      .join('\n');
    const result = await advise(text, {
      databaseUrl: server.urlWithoutPassword,
      statementTimeoutMs: 400,
      runTimeoutMs: 1_200,
    });
    assert.deepEqual(
      result.errors.filter((e) => e.kind === 'internal'),
      [],
    );
    const { statements } = result.report;
    assert.equal(statements.length, 4, 'every statement is reported');
    const capped = /^not measured: the run reached its time limit of 1\.2 s \(scalingAssistant\.sql\.runTimeoutMs/;
    for (const statement of statements) {
      assert.ok(
        statement.notes.some((n) => capped.test(n) || /statement timeout \(400 ms\)/.test(n)),
        statement.notes.join(' | '),
      );
    }
    assert.ok(
      statements[3].notes.some((n) => capped.test(n)),
      statements[3].notes.join(' | '),
    );
  });

  it('a statement the allow-list keeps from executing still gets its plan, and the reason', async () => {
    const result = await advise("SELECT nextval('users_id_seq');\nSELECT count(*) FROM orders;\n", {
      databaseUrl: server.urlWithoutPassword,
    });
    const [sequence, read] = result.report.statements;
    assert.equal(sequence.plan?.analyzed, false);
    assert.ok(
      sequence.notes.some((n) => /^not executed: calls nextval\(\), which changes a sequence/.test(n)),
      sequence.notes.join(' | '),
    );
    assert.equal(read.plan?.analyzed, true);
    assert.equal(result.report.privilegedRole, undefined);
  });

  it('a superuser: the report says ANALYZE needs the user’s confirmation, and the plans are estimates until then', async () => {
    const url = `postgres://sa_super@127.0.0.1:${server.port}/${server.database}`;
    const unconfirmed = await advise('SELECT count(*) FROM orders;\n', { databaseUrl: url }, superPassword);
    const role = unconfirmed.report.privilegedRole!;
    assert.equal(role.needsConfirmation, true);
    assert.equal(role.database, `sa_super@127.0.0.1:${server.port}/${server.database}`);
    assert.match(role.warning, /superuser/);
    const [statement] = unconfirmed.report.statements;
    assert.equal(statement.plan?.analyzed, false);
    assert.ok(
      statement.notes.some((n) => /the role sa_super is a superuser/.test(n)),
      statement.notes.join(' | '),
    );

    // Confirmed as a URL (the CLI's --allow-privileged-role) or as the label the editor stores.
    for (const confirmation of [url, role.database]) {
      const confirmed = await advise(
        'SELECT count(*) FROM orders;\n',
        { databaseUrl: url, analyzeWithPrivilegedRole: [confirmation] },
        superPassword,
      );
      assert.equal(confirmed.report.privilegedRole!.needsConfirmation, false);
      assert.equal(confirmed.report.statements[0].plan?.analyzed, true);
    }
  });

  it('the CLI: a warning on stderr for a superuser, and --allow-privileged-role confirms the database of --database-url', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-advise-role-'));
    const previous = process.env.PGPASSWORD;
    process.env.PGPASSWORD = superPassword;
    try {
      await fs.writeFile(path.join(dir, 'q.sql'), 'SELECT count(*) FROM orders;\n');
      const url = `postgres://sa_super@127.0.0.1:${server.port}/${server.database}`;
      const argv = ['advise', 'q.sql', '--database-url', url, '--analyze', '--format', 'json', '--quiet'];
      const held = await run(argv, dir);
      assert.equal(held.code, 0, held.stderr);
      assert.match(held.stderr, /The role sa_super on .* is a superuser/);
      const heldReport = JSON.parse(held.stdout);
      assert.equal(heldReport.privilegedRole.needsConfirmation, true);
      assert.equal(heldReport.statements[0].plan.executionMs, undefined);
      const allowed = await run([...argv, '--allow-privileged-role'], dir);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.equal(typeof JSON.parse(allowed.stdout).statements[0].plan.executionMs, 'number');
    } finally {
      if (previous === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = previous;
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('the cap follows the caller’s cancel without calling it a time-out', async () => {
    const outer = new AbortController();
    const cap = startRunCap(60_000, outer.signal);
    outer.abort();
    assert.equal(cap.signal.aborted, true);
    assert.equal(cap.expired, false);
    cap.dispose();
    const short = startRunCap(10, undefined);
    await new Promise((resolve) => short.signal.addEventListener('abort', resolve, { once: true }));
    assert.equal(short.expired, true);
    assert.match(short.reason, /time limit of 10 ms/);
    short.dispose();
  });
});
