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
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    title: string,
    private readonly onMessage: (message: WebviewMessage) => Promise<void>,
    onDispose: () => void,
    private readonly observer?: PanelObserver,
  ) {
    this.panel = vscode.window.createWebviewPanel(DECOMPOSITION_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR)],
      // The webview keeps its own state with getState/setState and is rebuilt when shown again.
      retainContextWhenHidden: false,
      enableFindWidget: true,
    });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.panel.webview.html = this.html(title);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      this.panel.onDidChangeViewState(() => {
        // Hidden without retainContextWhenHidden, the webview is torn down; it says `ready` again when shown.
        if (!this.panel.visible) this.ready = false;
      }),
      this.panel.onDidDispose(() => {
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

  post(message: HostMessage): void {
    if (!this.ready) return;
    this.observer?.posted(message);
    void this.panel.webview.postMessage(message);
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
