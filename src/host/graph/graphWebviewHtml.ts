// The graph editor's HTML shell: a strict CSP with a nonce, scripts and styles only from dist/webview
// and media, and the static DOM the script fills (toolbar, canvas, properties pane, status element).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { graphBodyHtml } from './graphBodyHtml';

/** The roots a graph webview may load from. */
export function graphResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** The HTML of a graph webview for the model named `title`. */
export function graphWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'graph', 'main.js'));
  const worker = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'graph', 'worker.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'graph.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}' ${webview.cspSource}`,
    // The layout worker is fetched as text and started from a blob: URL (webview origins cannot start workers directly).
    `worker-src blob:`,
    `connect-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
${graphBodyHtml()}
<script nonce="${nonce}" id="boot" data-worker="${worker.toString()}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
