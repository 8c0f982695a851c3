import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

/**
 * The production pass: Scaling Assistant is installed in the extensions folder (not under development), so VS Code
 * runs it in ExtensionMode.Production, the mode every user and every other extension sees. What activate() hands
 * other extensions must then be the documented API and nothing else: no test hook that skips the consent
 * question, stores the API key or reads what was sent.
 */
suite('Installed extension (production mode)', () => {
  test('runs as an installed extension, not the one under development', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'Scaling Assistant is installed');
    const { publisher, name, version } = extension.packageJSON as { publisher: string; name: string; version: string };
    assert.ok(
      extension.extensionPath.replace(/\\/g, '/').endsWith(`/${publisher}.${name}-${version}`),
      `loaded from the extensions folder as installed: ${extension.extensionPath}`,
    );
  });

  test('its exports are the documented API and nothing else', async () => {
    const extension = vscode.extensions.getExtension<Record<string, unknown>>(EXTENSION_ID);
    assert.ok(extension);
    const api = extension.isActive ? extension.exports : await extension.activate();
    assert.deepEqual(Object.keys(api).sort(), ['activationMs']);
    assert.equal(typeof api.activationMs, 'number');
    for (const hook of ['roadmapForTests', 'deepReviewForTests', 'sqlAdviceForTests'])
      assert.equal(hook in api, false, `${hook} is not exported`);
  });

  test('its commands are registered, the deep review among them', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'scalingAssistant.deepReview',
      'scalingAssistant.optimizeSqlQuery',
      'scalingAssistant.showRoadmap',
    ])
      assert.ok(commands.includes(id), `${id} is registered`);
  });
});
