// The frontend optimizer in a real VS Code: a memoised child in one file and a parent in another that passes it an
// inline object give the cross-file diagnostic on the parent's value, with its quick fix as a code action, and
// applying the fix clears it; a package written into the workspace's node_modules gets its measured gzip size after
// its import line, and turning the setting off takes the labels away. While the workspace is still being read, a file
// gets the findings that need no other file at once, and the cross-file one when the read is done.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/common/test-hooks';
import {
  codeActionsAt,
  codeOf,
  openFixture,
  ours,
  testApi,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

const RULE = 'unstable-prop-to-memo-child';
const INLINE_STYLE = "{ color: 'teal' }";

const ROW = [
  "import { memo } from 'react';",
  '',
  'export const Row = memo(function Row({ label, style }: { label: string; style: { color: string } }) {',
  '  return <li style={style}>{label}</li>;',
  '});',
  '',
].join('\n');

const LIST = [
  "import { Row } from './Row';",
  '',
  'export function List({ labels }: { labels: string[] }) {',
  '  return (',
  '    <ul>',
  '      {labels.map((label) => (',
  `        <Row key={label} label={label} style={${INLINE_STYLE}} />`,
  '      ))}',
  '    </ul>',
  '  );',
  '}',
  '',
].join('\n');
const STYLE_LINE = 6;

/** A few kB of text that does not compress away, so the measured size is the library's. */
function bulk(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`'it-${i}-${((i * 2654435761) >>> 0).toString(36)}'`);
  return `[${out.join(',')}]`;
}

const COST_PAGE = [
  "import { palette } from 'it-cost-lib';",
  "import { Row } from './Row';",
  '',
  'export function Swatches() {',
  '  return <ul>{palette().map((c) => <Row key={c} label={c} style={STYLE} />)}</ul>;',
  '}',
  '',
  "const STYLE = { color: 'teal' };",
  '',
].join('\n');

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

suite('Frontend optimizer in the editor (react)', function () {
  // The first measurement starts the import-cost thread and esbuild on a busy machine.
  this.timeout(120_000);
  let hooks: TestApi['reactForTests'];
  const reactConfig = () => vscode.workspace.getConfiguration('scalingAssistant.react');

  suiteSetup(async () => {
    hooks = (await testApi()).reactForTests;
    assert.ok(hooks, 'react test hooks');
  });

  suiteTeardown(async () => {
    await reactConfig().update('importCostDecorations', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /**
   * The parent's cross-file finding; when it does not come, the failure says what the editor's workspace index
   * knew of the child (not listed: no watcher event reached it; a stamp: it was listed, the graph did not use it).
   */
  async function crossFileFinding(parent: vscode.Uri, child: vscode.Uri): Promise<vscode.Diagnostic[]> {
    try {
      return await waitForDiagnostics(parent, (list) => list.some((d) => codeOf(d) === RULE), 60_000);
    } catch (error) {
      const stamp = await hooks.workspaceStamp(child.toString());
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}; the workspace index ${stamp ? `lists the child with stamp ${stamp}` : 'does not list the child'}`,
      );
    }
  }

  test('an inline object passed to a memoised child of another file is marked, and its quick fix clears it', async () => {
    // The child is only on disk: the editor's workspace index finds it, as a file the user has not opened.
    const row = await write('it-react/Row.tsx', ROW);
    const editor = await openFixture('it-react/List.tsx', LIST);
    const document = editor.document;
    const uri = document.uri;

    // The first analysis reads the workspace's modules into the component graph: seconds on a busy machine.
    const found = await crossFileFinding(uri, row);
    const [diagnostic, ...others] = found.filter((d) => codeOf(d) === RULE);
    assert.equal(others.length, 0, 'one finding: key and label are stable');
    assert.equal(diagnostic.source, 'frontend optimizer');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, STYLE_LINE);
    assert.equal(document.getText(diagnostic.range), INLINE_STYLE, 'the range is the inline value');
    assert.match(diagnostic.message, /`style` gets .*Row's memo\(\) \(defined in it-react\/Row\.tsx\)/);

    const actions = await codeActionsAt(uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title.startsWith('Hoist ') && a.kind?.value.startsWith('quickfix'));
    assert.ok(fix?.edit, `hoist quick fix offered, got ${JSON.stringify(titles)}`);

    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = document.getText();
    assert.ok(!text.includes(`style={${INLINE_STYLE}}`), 'the inline object left the JSX');
    assert.ok(text.includes(INLINE_STYLE), 'the value is kept, hoisted');
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === RULE));
    assert.deepEqual(
      ours(vscode.languages.getDiagnostics(uri)).filter((d) => codeOf(d) === RULE),
      [],
    );
  });

  test('a package import gets its measured gzip size; turning the setting off removes the labels', async () => {
    await write(
      'node_modules/it-cost-lib/package.json',
      JSON.stringify({ name: 'it-cost-lib', version: '1.0.0', main: 'index.js' }),
    );
    await write(
      'node_modules/it-cost-lib/index.js',
      `exports.palette = function palette() { return ${bulk(300)}; };\n`,
    );
    await write('it-react/Row.tsx', ROW);
    const editor = await openFixture('it-react/Swatches.tsx', COST_PAGE);
    const key = editor.document.uri.toString();

    const labels = await waitFor('the import-cost label of it-cost-lib', async () => {
      await hooks.importCostsSettled();
      const current = hooks.importCostLabels(key);
      return current.length ? current : undefined;
    });
    assert.equal(labels.length, 1, `only the package import is labelled (not ./Row): ${JSON.stringify(labels)}`);
    const measured = /^1: (\d+(?:\.\d)?) (B|kB) gzip$/.exec(labels[0]);
    assert.ok(measured, `a gzip size on line 1, got ${labels[0]}`);
    const bytes = Number(measured[1]) * (measured[2] === 'kB' ? 1000 : 1);
    assert.ok(bytes > 1000 && bytes < 20_000, `a few kB measured, got ${labels[0]}`);

    await reactConfig().update('importCostDecorations', false, vscode.ConfigurationTarget.Workspace);
    await waitFor('the labels to go', async () => {
      await hooks.importCostsSettled();
      return hooks.importCostLabels(key).length === 0;
    });

    await reactConfig().update('importCostDecorations', undefined, vscode.ConfigurationTarget.Workspace);
    const back = await waitFor('the labels to come back', async () => {
      await hooks.importCostsSettled();
      const current = hooks.importCostLabels(key);
      return current.length ? current : undefined;
    });
    assert.deepEqual(back, labels, 'the same measurement, from the cache');
  });

  test('before the workspace is read a file gets its own findings at once, the cross-file ones after', async () => {
    const row = await write('it-early/Row.tsx', ROW);
    // A list without keys (found in the file alone) passing an inline object to the memoised child (found across files).
    const list = LIST.replace(' key={label}', '');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await hooks.readWorkspaceAgain(gate);
    try {
      const editor = await openFixture('it-early/List.tsx', list);
      const uri = editor.document.uri;
      const early = await waitForDiagnostics(uri, (found) => found.some((d) => codeOf(d) === 'missing-key'), 60_000);
      assert.deepEqual(
        early.filter((d) => codeOf(d) === RULE),
        [],
        'no cross-file finding while the workspace is not read',
      );
      release();
      const found = await crossFileFinding(uri, row);
      assert.ok(
        found.some((d) => codeOf(d) === 'missing-key'),
        'the early finding stays',
      );
      assert.match(found.find((d) => codeOf(d) === RULE)!.message, /Row's memo\(\) \(defined in it-early\/Row\.tsx\)/);
    } finally {
      release();
    }
  });

  test('a child in a folder tree created all at once (a checkout) is found without a reload', async () => {
    // Folders and file written in one go, as git or an unzip does, with Node's fs (not VS Code's): the editor
    // learns of them from the file watcher alone.
    const folder = path.join(workspaceRoot().fsPath, 'it-checkout', 'src', 'rows', 'deep');
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'Row.tsx'), ROW);
    const editor = await openFixture('it-checkout/List.tsx', LIST.replace("'./Row'", "'./src/rows/deep/Row'"));
    const found = await crossFileFinding(editor.document.uri, vscode.Uri.file(path.join(folder, 'Row.tsx')));
    assert.match(found.find((d) => codeOf(d) === RULE)!.message, /Row's memo\(\) \(defined in [\w/-]*deep\/Row\.tsx\)/);
  });
});
