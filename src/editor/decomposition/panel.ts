import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from './common/messages';
import { parseWebviewMessage } from './common/messages';
import { DECOMPOSITION_VIEW_TYPE } from './common/view-type';
import { webviewHtml } from '../common/webview-html';
import { log } from '../roadmap/log';

const WEBVIEW_DIR = ['dist', 'webview'];

/** Told what the panel posts and drops; the integration tests record it (nothing does in production). */
export interface PanelObserver {
  posted(message: HostMessage): void;
  /** A message from the webview failed validation and was dropped. */
  ignored(): void;
}

/**
 * The decomposition panel's webview: the same strict CSP as the roadmap panel (scripts and styles by nonce from
 * the extension's own dist/webview, nothing inline, no eval), every message from it validated before the host
 * sees it. Messages posted before the webview said `ready` are dropped: on `ready` the host sends everything again.
 */
export class DecompositionPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  /** A new panel in the active column. */
  static open(
    extensionUri: vscode.Uri,
    title: string,
    onMessage: (message: WebviewMessage) => Promise<void>,
    onDispose: () => void,
    observer?: PanelObserver,
  ): DecompositionPanel {
    const panel = vscode.window.createWebviewPanel(
      DECOMPOSITION_VIEW_TYPE,
      title,
      vscode.ViewColumn.Active,
      webviewOptions(extensionUri),
    );
    return new DecompositionPanel(panel, extensionUri, title, onMessage, onDispose, observer);
  }

  /** Takes over a panel: a new one, or one VS Code restored after a window reload (the serializer in loader.ts). */
  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    title: string,
    private readonly onMessage: (message: WebviewMessage) => Promise<void>,
    onDispose: () => void,
    private readonly observer?: PanelObserver,
  ) {
    // A restored panel comes back with VS Code's defaults: the same options as a new one, set again.
    panel.webview.options = webviewOptions(extensionUri);
    panel.title = title;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html(title);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState(() => {
        // Hidden without retainContextWhenHidden, the webview is torn down; it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.ready = false;
        vscode.Disposable.from(...this.disposables).dispose();
        onDispose();
      }),
    );
  }

  get webviewReady(): boolean {
    return this.ready;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  get webviewHtml(): string {
    return this.panel.webview.html;
  }

  set title(title: string) {
    this.panel.title = title;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Whether the message went out: nothing is sent before the webview says `ready`. */
  post(message: HostMessage): boolean {
    if (!this.ready) return false;
    this.observer?.posted(message);
    void this.panel.webview.postMessage(message);
    return true;
  }

  /** Every message from the webview comes through here, validated first; an invalid one is logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.observer?.ignored();
      log().warn(`decomposition panel: ignored an invalid message from the webview: ${parsed.error}`);
      return;
    }
    if (parsed.value.type === 'ready') this.ready = true;
    try {
      await this.onMessage(parsed.value);
    } catch (error) {
      log().error(
        `decomposition panel: ${parsed.value.type} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private html(title: string): string {
    const webview = this.panel.webview;
    const asset = (...parts: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...WEBVIEW_DIR, ...parts)).toString();
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      language: vscode.env.language,
      title,
      loading: vscode.l10n.t('Planning the decomposition…'),
      codicons: asset('codicons', 'codicon.css'),
      stylesheet: asset('decomposition.css'),
      script: asset('decomposition.js'),
    });
  }

  dispose(): void {
    this.panel.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR)],
    // The webview keeps its own state with getState/setState and is rebuilt when shown again.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}
