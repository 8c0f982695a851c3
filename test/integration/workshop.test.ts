import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExerciseResult } from '../../src/workshop/result';
import { codeActionsAt, codeOf, testApi, waitFor, waitForDiagnostics, workspaceRoot } from './helpers';

const STEP_KEY = 'scalingAssistant.workshop.hpa.passed';

/** Applies the quick fix of `rule`'s first diagnostic in `file` and saves the file. */
async function applyFix(file: string, rule: string): Promise<void> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const [diagnostic] = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === rule), 30_000).then((d) =>
    d.filter((x) => codeOf(x) === rule),
  );
  const actions = await codeActionsAt(uri, diagnostic.range);
  const fix = actions.find((a) => a.edit && !/^(Disable|Show documentation) /.test(a.title));
  assert.ok(fix?.edit, `a quick fix for ${rule} in ${file}: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.ok(await document.save());
}

suite('Workshop: the HPA exercise end to end', () => {
  test('review, apply the fixes, Check My Work passes and the walkthrough step completes', async function () {
    this.timeout(120_000);
    const { workshopForTests: workshop } = await testApi();
    assert.equal(await workshop.refresh(), workspaceRoot().toString(), 'the sample copy is the workshop folder');
    assert.match(workshop.statusText() ?? '', /Workshop: 0 of \d/);

    const before = await vscode.commands.executeCommand<ExerciseResult>('scalingAssistant.checkMyWork', 'hpa');
    assert.equal(before.status, 'failed');
    assert.equal(workshop.contextKeys()[STEP_KEY], false);

    // The walkthrough's button: opens k8s/api.yaml and runs the HPA reviewer on it.
    await vscode.commands.executeCommand(
      'scalingAssistant.workshop.openAndRun',
      'k8s/api.yaml',
      'scalingAssistant.reviewKubernetesManifest',
    );
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/k8s/api.yaml'));
    await applyFix('k8s/api.yaml', 'workload-replicas-with-hpa');
    await applyFix('k8s/web.yaml', 'hpa-utilization-without-requests');

    const after = await vscode.commands.executeCommand<ExerciseResult>('scalingAssistant.checkMyWork', 'hpa');
    assert.equal(after.status, 'passed', JSON.stringify(after.criteria.map((c) => [c.id, c.passed, c.hint])));
    // The walkthrough step completes on onContext:scalingAssistant.workshop.hpa.passed.
    assert.equal(workshop.contextKeys()[STEP_KEY], true);
    await waitFor('the status item counts the exercise', () => /Workshop: 1 of \d/.test(workshop.statusText() ?? ''));
    assert.equal(after.criteria[0].label, 'k8s/api.yaml: no spec.replicas under the HPA');
    assert.deepEqual(
      workshop.results().map((r) => [r.exercise, r.status]),
      [['hpa', 'passed']],
    );
  });
});

suite('Workshop: the decomposition exercise end to end', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('plan monolith/, save the boundaries, fail; merge in the panel, save, Check My Work passes', async function () {
    this.timeout(180_000);
    const { workshopForTests: workshop, decompositionForTests: panel } = await testApi();
    assert.equal(await workshop.refresh(), workspaceRoot().toString());
    // The walkthrough's first button plans monolith/ and opens the panel.
    await vscode.commands.executeCommand(
      'scalingAssistant.workshop.openAndRun',
      'monolith',
      'scalingAssistant.planDecomposition',
    );
    await waitFor(
      'the panel to hold a plan of monolith/',
      () => {
        const s = panel.state();
        return s?.webviewReady && s.view && s.root === 'monolith' ? s : undefined;
      },
      60_000,
    );
    // The planner's own proposal: the order transaction spans services.
    const proposed = await vscode.commands.executeCommand<ExerciseResult>(
      'scalingAssistant.workshop.saveDecomposition',
    );
    assert.equal(proposed?.status, 'failed');
    assert.deepEqual(
      proposed.criteria.map((c) => [c.id, c.passed]),
      [
        ['boundaries-chosen', true],
        ['no-shared-written-tables', false],
        ['no-distributed-transactions', false],
      ],
    );
    assert.equal(workshop.contextKeys()['scalingAssistant.workshop.decomposition.passed'], false);

    // What-ifs through the panel's message path: what the order transaction writes goes into the orders service.
    const folders = ['inventory', 'payments', 'users'];
    for (const folder of folders)
      await panel.receive({ type: 'move', path: `monolith/src/${folder}`, service: 'orders' });
    await waitFor(
      'the re-plan with the three moves',
      () => (panel.state()?.view?.moves.length === folders.length ? true : undefined),
      60_000,
    );
    const merged = await vscode.commands.executeCommand<ExerciseResult>('scalingAssistant.workshop.saveDecomposition');
    assert.equal(merged?.status, 'passed', JSON.stringify(merged?.criteria.map((c) => [c.id, c.passed, c.hint])));
    assert.equal(workshop.contextKeys()['scalingAssistant.workshop.decomposition.passed'], true);
    const saved = JSON.parse(
      new TextDecoder().decode(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), 'docs', 'decomposition.json')),
      ),
    ) as { services: { name: string; files: string[] }[] };
    assert.ok(saved.services.find((s) => s.name === 'orders')?.files.includes('src/payments/service.ts'));
  });
});

suite('Workshop: Reset Exercise', () => {
  test('asks, restores the files from the sample in one undoable edit and removes an added migration', async function () {
    this.timeout(60_000);
    const { workshopForTests: workshop } = await testApi();
    await workshop.refresh();
    const root = workspaceRoot();
    const migration = vscode.Uri.joinPath(root, 'db/migrations/007_backoffice_release_2_3.sql');
    const added = vscode.Uri.joinPath(root, 'db/migrations/099_my_indexes.sql');
    await vscode.workspace.fs.writeFile(added, Buffer.from('CREATE INDEX ON reviews (product_id);\n', 'utf8'));
    const document = await vscode.workspace.openTextDocument(migration);
    const editor = await vscode.window.showTextDocument(document);
    const shipped = document.getText();
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), "SET lock_timeout = '5s';\n"));
    const edited = document.getText();

    workshop.answerReset(false);
    assert.equal(await vscode.commands.executeCommand('scalingAssistant.resetExercise', 'queries'), 'cancelled');
    assert.equal(document.getText(), edited, 'nothing changes when the participant says no');

    workshop.answerReset(true);
    try {
      assert.equal(await vscode.commands.executeCommand('scalingAssistant.resetExercise', 'queries'), 'reset');
    } finally {
      workshop.answerReset(undefined);
    }
    assert.equal(document.getText(), shipped, 'the open migration is back as the sample ships it');
    assert.equal(document.isDirty, false, 'and saved');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(added)), 'the added migration is removed');

    // The reset edited the open document, so Undo brings the participant's text back.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), edited);
  });
});
