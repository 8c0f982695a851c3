// Measured gains reach the roadmap: after Optimize SQL Query measured an index on an open document, the panel's
// plan carries the measured speedup on the task of the finding it answered (raising its impact), both when the
// advice arrives while the panel is open and when the workspace is scanned again.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { RoadmapPlan, Task } from '../../src/roadmap/model';
import type { SqlCommandOutcome } from '../../src/editor/sql-advice/command';
import { openFixture, testApi, waitFor, waitForDiagnostics, workspaceRoot } from './helpers';

const MIGRATION = [
  '-- 001_parcels.sql',
  'CREATE TABLE rm_parcels (',
  '    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,',
  '    depot_ref   bigint      NOT NULL,',
  '    weight_kg   numeric(8, 2) NOT NULL,',
  '    created_at  timestamptz NOT NULL DEFAULT now()',
  ');',
  '',
].join('\n');

// Parameterised, as application code writes it: measured with values drawn from the sandbox's rows.
const QUERY = [
  "import { pool } from './db';",
  '',
  'export const parcelsOfDepot = (depot: number) =>',
  "  pool.query('SELECT id, weight_kg FROM rm_parcels WHERE depot_ref = $1', [depot]);",
  '',
].join('\n');

/** A scan of the workspace and a measurement in the sandbox take long on a busy machine. */
const MEASURE_MS = 90_000;

function measuredTask(plan: RoadmapPlan | undefined): Task | undefined {
  return plan?.phases
    .flatMap((p) => p.tasks)
    .find((t) => t.impact.measured && t.findings.some((f) => f.file === 'gains/src/parcels.ts'));
}

suite('measured gains reach the roadmap (roadmap-measured)', function () {
  this.timeout(240_000);
  const config = () => vscode.workspace.getConfiguration('scalingAssistant');

  suiteSetup(async () => {
    await testApi();
    await config().update('sql.sandbox.rows', 2_000, vscode.ConfigurationTarget.Workspace);
    await config().update('sql.sandbox.rowsPerTable', { rm_parcels: 100_000 }, vscode.ConfigurationTarget.Workspace);
    const migration = vscode.Uri.joinPath(workspaceRoot(), 'gains', 'migrations', '001_parcels.sql');
    await vscode.workspace.fs.writeFile(migration, Buffer.from(MIGRATION));
    await vscode.workspace.openTextDocument(migration);
  });

  suiteTeardown(async () => {
    for (const key of ['sql.sandbox.rows', 'sql.sandbox.rowsPerTable'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The suites share the workspace: this one's migration sorts before the others' (a fix goes beside the last).
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'gains'), { recursive: true });
  });

  test('the gain Optimize SQL Query measured shows on the plan, while the panel is open and after a rescan', async () => {
    const hooks = (await testApi()).roadmapForTests;
    const editor = await openFixture('gains/src/parcels.ts', QUERY);
    const uri = editor.document.uri;
    // The static finding first: an unindexed filter, no measurement yet.
    await waitForDiagnostics(uri, (d) => d.length > 0);

    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    const before = await waitFor(
      'a plan of a finished scan',
      () => {
        const s = hooks.state();
        return s?.scan.state === 'done' && s.plan ? s.plan : undefined;
      },
      MEASURE_MS,
    );
    assert.equal(measuredTask(before), undefined, 'no measured gain before the measurement');
    await vscode.window.showTextDocument(editor.document);

    editor.selection = new vscode.Selection(3, 30, 3, 30);
    const outcome = await vscode.commands.executeCommand<SqlCommandOutcome>('scalingAssistant.optimizeSqlQuery');
    assert.equal(outcome.advice, 'advised', outcome.message);
    assert.ok((outcome.measured ?? 0) >= 1, `a finding carries a measurement: ${outcome.message}`);

    // Stored as measured advice, merged into the document's findings: the panel's plan follows (shown again, as
    // a user switches back to it; a hidden webview is not sent plans).
    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    const task = await waitFor(
      'a task with the measured gain',
      () => measuredTask(hooks.state()?.plan),
      MEASURE_MS,
    ).catch((error: Error) => {
      const places = hooks
        .state()
        ?.plan?.phases.flatMap((p) => p.tasks)
        .filter((t) => t.findings.some((f) => f.file.startsWith('gains/')))
        .map((t) => `${t.id}: measured ${JSON.stringify(t.impact.measured)}`);
      throw new Error(`${error.message}; tasks of gains/: ${JSON.stringify(places)}`);
    });
    const measured = task.impact.measured!;
    assert.ok(measured.speedup >= 1.2 && measured.engine === 'pglite', JSON.stringify(measured));
    assert.match(task.impact.basis, /measured/);
    const staticTask = before.phases.flatMap((p) => p.tasks).find((t) => t.id === task.id);
    if (staticTask) assert.ok(task.impact.score > staticTask.impact.score, 'the measured gain raises the impact');

    // A rescan reads open documents with their measured advice too.
    await hooks.receive({ type: 'rescan' });
    await waitFor('the rescan to start', () => hooks.state()?.scan.state === 'scanning', 10_000).catch(() => true);
    const again = await waitFor(
      'a rescanned plan with the measured gain',
      () => {
        const s = hooks.state();
        return s?.scan.state === 'done' ? measuredTask(s.plan) : undefined;
      },
      MEASURE_MS,
    );
    assert.deepEqual(again.impact.measured, measured);
  });
});
