// Deep review with Claude in Restricted Mode: the command answers with a clear message (and the action that helps),
// nothing is sent even with a key and an endpoint set, and the static findings are all there.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { DeepReviewOutcome } from '../../src/editor/deep-review/controller';
import type { DeepReviewTestHooks } from '../../src/editor/deep-review/testing';
import { AnthropicStub } from '../support/anthropic-stub';
import { testApi, codeOf, openFixture, waitForDiagnostics, workspaceRoot } from './helpers';

suite('Deep review with Claude in Restricted Mode', () => {
  let api: DeepReviewTestHooks;
  let stub: AnthropicStub;
  const config = () => vscode.workspace.getConfiguration('scalingAssistant.deepReview');

  // Everything a send would need is in place: only Restricted Mode stands in the way.
  suiteSetup(async () => {
    api = (await testApi()).deepReviewForTests;
    stub = await AnthropicStub.start();
    await config().update('endpoint', stub.baseURL, vscode.ConfigurationTarget.Global);
    await api.storeApiKey('sk-ant-api03-restricted-mode-test-key');
    api.answerConsent(true);
  });

  suiteTeardown(async () => {
    api.answerConsent(undefined);
    await api.storeApiKey(undefined);
    await config().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await stub.close();
  });

  test('says it is off in Restricted Mode, sends nothing, and the static findings stay', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    stub.script({ toolInput: { summary: 'must not be asked' } });
    const editor = await openFixture(
      'it-deep-review-untrusted.sql',
      'SELECT id, name FROM products WHERE active\nORDER BY random()\nLIMIT 8;\n',
    );
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'order-by-random'), 30_000);

    const outcome = await vscode.commands.executeCommand<DeepReviewOutcome>('scalingAssistant.deepReview', uri, {
      subject: 'sql',
    });
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.failure?.kind, 'untrusted');
    assert.match(outcome.message ?? '', /Restricted Mode/);
    assert.match(outcome.message ?? '', /static findings are unchanged/);
    assert.deepEqual(outcome.actions, ['Manage Workspace Trust']);
    assert.equal(stub.requests.length, 0, 'nothing reached the service');
    assert.equal(api.lastConsentQuestion(), undefined, 'not even the consent question');
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Claude').length, 0);
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'order-by-random'));
  });

  test('the decomposition review plans nothing and sends nothing in Restricted Mode', async () => {
    const decomposition = (await testApi()).decompositionForTests;
    stub.script({ toolInput: { summary: 'must not be asked' } });
    const plansBefore = decomposition.state()?.plans ?? 0;
    const module = vscode.Uri.joinPath(workspaceRoot(), 'monolith', 'src', 'orders', 'service.ts');
    const outcome = await vscode.commands.executeCommand<DeepReviewOutcome>('scalingAssistant.deepReview', module, {
      subject: 'decomposition',
    });
    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    assert.equal(outcome.failure?.kind, 'untrusted');
    assert.deepEqual(outcome.actions, ['Manage Workspace Trust']);
    assert.equal(decomposition.state()?.plans ?? 0, plansBefore, 'no plan was made for it');
    assert.equal(stub.requests.length, 0, 'nothing reached the service');
    assert.equal(api.lastConsentQuestion(), undefined, 'not even the consent question');
  });
});
