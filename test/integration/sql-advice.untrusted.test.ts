import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, openFixture, ours, waitForDiagnostics } from './helpers';

suite('measured SQL advice in Restricted Mode (sql-advice)', () => {
  test('Optimize SQL Query runs the static review only: no sandbox, no database', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const editor = await openFixture('it-untrusted-query.sql', 'SELECT id FROM orders ORDER BY random() LIMIT 1;\n');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'order-by-random'));
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    const outcome = await vscode.commands.executeCommand<{
      status: string;
      advice?: string;
      findings: number;
      measured?: number;
      message?: string;
    }>('scalingAssistant.optimizeSqlQuery');
    assert.equal(outcome.status, 'analysed');
    assert.equal(outcome.advice, 'unavailable');
    assert.match(outcome.message ?? '', /Restricted Mode: only static analysis runs \(no sandbox, no database\)/);
    assert.equal(outcome.measured, 0);
    assert.ok(outcome.findings >= 1);
    assert.ok(
      ours(vscode.languages.getDiagnostics(uri)).some((x) => codeOf(x) === 'order-by-random'),
      'static findings stay',
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(0, 3),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.ok(!/PGlite sandbox/.test(text), 'no measured plan hover');
  });
});
