// The Compare Models page: the shared webview shell with media/compare.css, the root the script fills, and the
// `#compare-status` probe element the e2e tests read.
import * as vscode from 'vscode';
import { webviewHtml } from '../webviewPage';

/** The HTML of a Compare Models panel titled `title`. */
export function compareWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewHtml(webview, extensionUri, {
    title,
    csp: (nonce) => [`style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}' ${webview.cspSource}`, `font-src ${webview.cspSource}`],
    styles: [['media', 'compare.css']],
    body: `<div id="app"><p class="cm-progress" role="status" aria-live="polite">Reading both models…</p></div>
<div id="compare-status" data-state="loading" hidden></div>`,
    script: ['dist', 'webview', 'compare', 'main.js'],
  });
}
