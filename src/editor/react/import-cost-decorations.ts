import * as path from 'node:path';
import * as vscode from 'vscode';
import { descriptorFor, loadImportCosts } from '../../assistants/catalog';
import { isAssistantEnabled } from '../settings';

export const DECORATIONS_SETTING = 'scalingAssistant.react.importCostDecorations';
/** After an edit, the imports are read again once typing pauses. */
const EDIT_PAUSE_MS = 500;

interface Entry {
  version: number;
  options: vscode.DecorationOptions[];
}

/**
 * The gzip size after each package import of the visible React editors, measured by the frontend optimizer's
 * measurer (its cache and worker thread, shared with the findings). Computed lazily: for visible editors only,
 * once per document version, the previous run cancelled when the document changes again. Relative imports and
 * imports that could not be measured get no decoration (the finding, when there is one, says why).
 */
export class ImportCostDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly cache = new Map<string, Entry>();
  private readonly running = new Map<string, AbortController>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly languages = new Set(descriptorFor('react').languageIds);
  /** Whether the window was told why import costs are not measured (no esbuild to bundle with): once is enough. */
  private toldUnavailable = false;
  /** Resolved when every visible editor's decorations are set (integration tests wait on it). */
  settled: Promise<void> = Promise.resolve();

  constructor(private readonly cacheDir: string) {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.workspace.onDidChangeTextDocument((event) => this.changed(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(DECORATIONS_SETTING) || event.affectsConfiguration('scalingAssistant.react'))
          this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
    this.refresh();
  }

  refresh(): void {
    this.settled = Promise.all(vscode.window.visibleTextEditors.map((editor) => this.decorate(editor))).then(
      () => undefined,
    );
  }

  private wanted(document: vscode.TextDocument): boolean {
    return (
      document.uri.scheme === 'file' &&
      this.languages.has(document.languageId) &&
      isAssistantEnabled('react', document.uri) &&
      vscode.workspace
        .getConfiguration('scalingAssistant.react', document.uri)
        .get<boolean>('importCostDecorations') !== false
    );
  }

  private async decorate(editor: vscode.TextEditor): Promise<void> {
    const document = editor.document;
    const key = document.uri.toString();
    if (!this.wanted(document)) {
      // Forgotten too, so the labels read back are the ones shown; the measurer's cache keeps turning them on cheap.
      this.forget(key);
      editor.setDecorations(this.type, []);
      return;
    }
    const cached = this.cache.get(key);
    if (cached?.version === document.version) {
      editor.setDecorations(this.type, cached.options);
      return;
    }
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    const version = document.version;
    try {
      const { importCosts, measureFileImports } = await loadImportCosts();
      importCosts.useCacheDir(path.join(this.cacheDir, 'import-cost'));
      importCosts.trustWorkspace = vscode.workspace.isTrusted;
      const measured = await measureFileImports(document.uri.fsPath, document.getText(), {
        signal: controller.signal,
      });
      if (importCosts.unavailable && !this.toldUnavailable) {
        this.toldUnavailable = true;
        // Without it the labels are simply missing; the reason names what to install or allow.
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Import costs are not measured: {0}', importCosts.unavailable),
        );
      }
      if (controller.signal.aborted || document.version !== version) return;
      const options = measured
        .filter((m) => m.label)
        .map((m): vscode.DecorationOptions => {
          const end = document.lineAt(m.line).range.end;
          return {
            range: new vscode.Range(end, end),
            hoverMessage: new vscode.MarkdownString(m.detail),
            renderOptions: { after: { contentText: m.label } },
          };
        });
      this.cache.set(key, { version, options });
      for (const visible of vscode.window.visibleTextEditors)
        if (visible.document === document) visible.setDecorations(this.type, options);
    } catch {
      // A file TypeScript cannot read has no imports to decorate; its analysis reports why.
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }

  /** The labels set on a document's imports (`line: label`), for the integration tests. */
  labelsOf(uri: string): string[] {
    return (this.cache.get(uri)?.options ?? []).map(
      (o) => `${o.range.start.line + 1}: ${o.renderOptions?.after?.contentText ?? ''}`,
    );
  }

  private changed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.wanted(document)) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.settled = Promise.all(
          vscode.window.visibleTextEditors.filter((e) => e.document === document).map((e) => this.decorate(e)),
        ).then(() => undefined);
      }, EDIT_PAUSE_MS),
    );
  }

  private forget(key: string): void {
    this.cache.delete(key);
    this.running.get(key)?.abort();
    this.running.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const key of [...this.running.keys()]) this.forget(key);
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
    this.type.dispose();
  }
}
