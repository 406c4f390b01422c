// The HTML shell every Tensorsight webview shares: a strict CSP whose scripts need this load's nonce, resources only
// from dist/webview and media, and the panel's own stylesheets, body and script.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folders a Tensorsight webview may load from. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** What one panel puts in the shell; paths are relative to the extension's folder. */
export interface WebviewPage {
  title: string;
  /** CSP directives beyond `default-src 'none'`; `nonce` is this load's script nonce. */
  csp: (nonce: string) => string[];
  styles: string[][];
  body: string;
  script: string[];
  /** Extra attributes of the script element (`id="boot" data-worker="…"`). */
  scriptAttributes?: (asset: (...parts: string[]) => string) => string;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const csp = ["default-src 'none'", ...page.csp(nonce)].join('; ');
  const extra = page.scriptAttributes ? ` ${page.scriptAttributes(asset)}` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.styles.map((style) => `<link rel="stylesheet" href="${asset(...style)}">`).join('\n')}
<title>${escapeHtml(page.title)}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}"${extra} src="${asset(...page.script)}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
