// Optimize React Component in a real VS Code, on the workshop sample's storefront: ProductList rendered in the
// sandbox under App's call site and CartProvider, its products answered by fetchCategoryProducts' generated data,
// and the hoisted style measured. The storefront's runtime packages are linked from this project's node_modules
// (react, react-dom and lodash are its devDependencies); moment, which ProductCard only asks for a date difference,
// is a two-line local package.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, ours, waitForDiagnostics, workspaceRoot } from './helpers';

interface ReactOutcome {
  status: string;
  render?: string;
  component?: string;
  measured?: string[];
  reason?: string;
  message?: string;
}

async function linkPackages(web: string): Promise<void> {
  const own = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'node_modules');
  const modules = path.join(web, 'node_modules');
  await fs.mkdir(modules, { recursive: true });
  for (const name of ['react', 'react-dom', 'scheduler', 'loose-envify', 'js-tokens', 'lodash']) {
    await fs.rm(path.join(modules, name), { recursive: true, force: true });
    await fs.symlink(path.join(own, name), path.join(modules, name), 'dir');
  }
  await fs.mkdir(path.join(modules, 'moment'), { recursive: true });
  await fs.writeFile(path.join(modules, 'moment', 'package.json'), '{ "name": "moment", "version": "0.0.0-it" }\n');
  await fs.writeFile(
    path.join(modules, 'moment', 'index.js'),
    'module.exports = function moment() { return { diff: () => 30, format: () => "" }; };\n',
  );
}

suite('Optimize React Component measures renders (react-render)', function () {
  this.timeout(240_000);
  const config = () => vscode.workspace.getConfiguration('scalingAssistant.react');

  suiteSetup(async () => {
    await linkPackages(path.join(workspaceRoot().fsPath, 'web'));
    await config().update('renderItems', 100, vscode.ConfigurationTarget.Workspace);
    await config().update('renderUpdates', 2, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await config().update('renderItems', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('renderUpdates', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('renders ProductList with 100 products and measures its candidate fix', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'web', 'src', 'ProductList.tsx');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // The first React analysis of the window reads the workspace's modules: seconds on a busy machine.
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'unstable-prop-to-memo-child'), 60_000);
    const outcome = await vscode.commands.executeCommand<ReactOutcome>('scalingAssistant.optimizeReactComponent');
    assert.equal(outcome.status, 'analysed');
    assert.equal(outcome.render, 'measured', outcome.message);
    assert.equal(outcome.component, 'ProductList');
    const [asWritten, ...candidates] = outcome.measured ?? [];
    assert.match(asWritten, /renders per parent update: ProductCard 100\b/, asWritten);
    assert.match(asWritten, /on 100 items \(measured, happy-dom, react-dom 18\.\d+\.\d+ profiling build\)/);
    assert.ok(
      candidates.some((line) => /^Hoist .*: ProductCard renders per parent update 100 → 100/.test(line)),
      `the hoisted style alone leaves onAddToCart new each render: ${candidates.join(' | ')}`,
    );
    const diagnostic = ours(vscode.languages.getDiagnostics(uri)).find(
      (d) => codeOf(d) === 'unstable-prop-to-memo-child' && /Measured with/.test(d.message),
    );
    assert.ok(diagnostic, 'the finding carries the measured figure');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      diagnostic.range.start,
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /ProductCard renders per parent update 100 → 100/);
  });
});
