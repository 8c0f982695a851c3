import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, openFixture, ours, waitForDiagnostics } from './helpers';

suite('Optimize React Component in Restricted Mode (react-render)', () => {
  test('reviews statically and renders nothing: measuring would run the workspace code', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const editor = await openFixture(
      'web/it-untrusted-render.tsx',
      'export function Tags({ tags }: { tags: string[] }) {\n  return <ul>{tags.map((tag) => <li>{tag}</li>)}</ul>;\n}\n',
    );
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'missing-key'));
    const outcome = await vscode.commands.executeCommand<{ status: string; render?: string; message?: string }>(
      'scalingAssistant.optimizeReactComponent',
    );
    assert.equal(outcome.status, 'analysed');
    assert.equal(outcome.render, 'untrusted');
    assert.match(
      outcome.message ?? '',
      /Renders are not measured in Restricted Mode: measuring runs the workspace code/,
    );
    assert.ok(
      ours(vscode.languages.getDiagnostics(uri)).some((x) => codeOf(x) === 'missing-key'),
      'static findings stay',
    );
  });
});
