import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ScalingAssistantApi } from '../../src/extension';
import type { TestApi } from '../../src/editor/common/test-hooks';

export const EXTENSION_ID = 'scaling-assistant.scaling-assistant';

/**
 * The extension's test hooks: VS Code runs these suites with `ExtensionMode.Test`, the only mode in which
 * activate() adds them to its exports (test/integration/production/ proves the production exports carry none).
 */
export async function testApi(): Promise<ScalingAssistantApi & TestApi> {
  const extension = vscode.extensions.getExtension<ScalingAssistantApi & Partial<TestApi>>(EXTENSION_ID);
  assert.ok(extension, 'extension is installed');
  const api = extension.isActive ? extension.exports : await extension.activate();
  assert.ok(api.roadmapForTests && api.deepReviewForTests && api.sqlAdviceForTests, 'test hooks in ExtensionMode.Test');
  return api as ScalingAssistantApi & TestApi;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('integration tests need a workspace folder');
  return folder.uri;
}

/** Writes a file into the test workspace (a throwaway copy) and opens it in an editor. */
export async function openFixture(relativePath: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** Resolves with the URI's diagnostics once `accept` holds, or rejects after `timeoutMs`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 15000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = ours(vscode.languages.getDiagnostics(uri));
      if (accept(current)) {
        cleanup();
        resolve(current);
        return true;
      }
      return false;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `timed out waiting for diagnostics on ${uri.toString()}: ${JSON.stringify(ours(vscode.languages.getDiagnostics(uri)).map((d) => d.message))}`,
        ),
      );
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      listener.dispose();
    };
    check();
  });
}

const OUR_SOURCES = new Set(['HPA reviewer', 'query optimizer', 'frontend optimizer', 'decomposition planner']);

export function ours(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.source && OUR_SOURCES.has(d.source));
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (
    (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? []
  );
}

/**
 * Polls `probe` until it gives a truthy value, which it resolves with; rejects after `timeoutMs`, naming `what`.
 * For state the extension exposes through its test hooks, which fires no event a test could wait on.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const MANIFEST = [
  '# The API tier of the shop',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: shop-api',
  'spec:',
  '  # three pods were enough at launch',
  '  replicas: 3 # pinned',
  '  selector:',
  '    matchLabels:',
  '      app: shop-api',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: shop-api',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: shop/api:1.4.2',
  '          resources:',
  '            requests:',
  '              cpu: 250m',
  '---',
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  '  name: shop-api',
  'spec:',
  '  scaleTargetRef: # what the HPA scales',
  '    apiVersion: apps/v1',
  '    kind: Deployment',
  '    name: shop-api',
  '  minReplicas: 3',
  '  maxReplicas: 30',
  '',
].join('\n');
