// Restricted Mode: the decomposition planner reads static facts only (no git history, no program run), so the
// command plans and the panel opens in an untrusted workspace too, saying change coupling was not used.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { testApi, waitFor, workspaceRoot } from './helpers';

suite('Decomposition planner in Restricted Mode', () => {
  test('plans monolith/ from static facts and shows the plan', async function () {
    this.timeout(120_000);
    assert.equal(vscode.workspace.isTrusted, false);
    const hooks = (await testApi()).decompositionForTests;
    const outcome = await hooks.plan(vscode.Uri.joinPath(workspaceRoot(), 'monolith'));
    assert.equal(outcome.status, 'planned', JSON.stringify(outcome));
    const state = await waitFor(
      'the plan in the panel',
      () => {
        const s = hooks.state();
        return s?.webviewReady && s.posted.includes('plan') ? s : undefined;
      },
      60_000,
    );
    assert.ok((state.view?.services.length ?? 0) >= 2);
    assert.equal(state.view?.history, false, 'no change coupling in Restricted Mode');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
