// Smoke suite for the harness itself: we are inside a real VS Code 1.100 extension host, with the sample workspace
// open and this extension loaded from source (extensionDevelopmentPath).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'scaling-assistant.scaling-assistant';

describe('integration harness', () => {
  it('runs inside VS Code 1.100', () => {
    assert.ok(vscode.version.startsWith('1.100'), `vscode.version is ${vscode.version}`);
  });

  it('has the workspace folder open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ') || 'none'}`);
    assert.equal(folders[0].uri.scheme, 'file');
  });

  it('runs in a trusted workspace (the trusted pass)', () => {
    assert.equal(vscode.workspace.isTrusted, true);
  });

  it('loads the extension under development', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the installed extensions`);
    // Presence only: whether it activates is the business of the product's own suites.
    assert.equal(extension.packageJSON.name, 'scaling-assistant');
  });
});
