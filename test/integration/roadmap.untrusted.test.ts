// Restricted Mode: the roadmap is static analysis plus a local file, so it works in an untrusted workspace too.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { testApi, sleep } from './helpers';

suite('Scaling roadmap in Restricted Mode', () => {
  test('the panel opens and plans from the workspace scan', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const hooks = (await testApi()).roadmapForTests;
    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    const deadline = Date.now() + 60_000;
    while (!(hooks.state()?.webviewReady && hooks.state()?.scan.state === 'done' && hooks.state()?.plan)) {
      if (Date.now() > deadline) throw new Error(`no plan: ${JSON.stringify(hooks.state()?.scan)}`);
      await sleep(100);
    }
    const ids = hooks.state()?.plan?.phases.flatMap((p) => p.tasks.map((t) => t.id)) ?? [];
    assert.ok(ids.includes('k8s:workload-replicas-with-hpa'), ids.join(', '));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
