import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { MANIFEST, codeOf, openFixture, waitForDiagnostics } from './helpers';

suite('Restricted Mode (untrusted workspace)', () => {
  test('the workspace really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('static analysis still runs and reports findings', async () => {
    const editor = await openFixture('it-untrusted.yaml', MANIFEST);
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) =>
      d.some((x) => codeOf(x) === 'workload-replicas-with-hpa'),
    );
    assert.equal(diagnostics.filter((x) => codeOf(x) === 'workload-replicas-with-hpa').length, 1);
  });
});
