// The Training panel's HTML: a strict CSP (scripts only with this load's nonce), resources only from
// dist/webview and media.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folders the webview may load from. */
export function trainingResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function trainingHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  // Styles: uPlot and our code set element.style properties, which CSP does not restrict; 'unsafe-inline' is
  // not needed for that, and no inline <style> is used.
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview', 'training', 'main.css')}">
<link rel="stylesheet" href="${asset('media', 'training.css')}">
<title>Training Charts</title>
</head>
<body>
<div id="app"><p class="ts-empty">Loading runs…</p></div>
<script nonce="${nonce}" src="${asset('dist', 'webview', 'training', 'main.js')}"></script>
</body>
</html>`;
}
