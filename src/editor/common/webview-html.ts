/**
 * The page of a panel's webview, the same for every panel: a strict CSP (scripts and styles only from the
 * extension's own files, by nonce; nothing inline, no eval; images and fonts from the webview's own folder), the
 * codicon font, the panel's stylesheet and one classic script. Text is escaped; the panel's own content is drawn
 * by its script with DOM calls.
 */
export interface WebviewPage {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** The document's language (`vscode.env.language`). */
  language: string;
  title: string;
  /** Shown until the script has drawn the panel. */
  loading: string;
  /** URIs (`webview.asWebviewUri`) of the codicon stylesheet, the panel's stylesheet and its script. */
  codicons: string;
  stylesheet: string;
  script: string;
}

export function webviewHtml(page: WebviewPage): string {
  const { nonce } = page;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${page.cspSource} 'nonce-${nonce}'`,
    `img-src ${page.cspSource} data:`,
    `font-src ${page.cspSource}`,
  ].join('; ');
  const language = page.language.replace(/[^A-Za-z0-9-]/g, '') || 'en';
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(page.codicons)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(page.stylesheet)}">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<div id="app" aria-busy="true"><p class="boot">${escapeHtml(page.loading)}</p></div>
<script nonce="${nonce}" src="${escapeHtml(page.script)}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
