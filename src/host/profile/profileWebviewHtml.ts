// The profile webview's page (a trace editor or the Profile panel): the shared webview shell with media/profile.css,
// uPlot's styles (bundled beside the script), the root the script fills, and the `#profile-status` probe element the
// e2e tests read.
import * as vscode from 'vscode';
import { webviewHtml } from '../webviewPage';

/** The HTML of a profile webview titled `title`; `progress` shows until the host reports more. */
export function profileWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, progress: string): string {
  return webviewHtml(webview, extensionUri, {
    title,
    // The timeline and charts are canvases; element.style writes are not restricted by CSP, so no 'unsafe-inline'.
    csp: (nonce) => [
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}' ${webview.cspSource}`,
      `img-src ${webview.cspSource} data: blob:`,
      `font-src ${webview.cspSource}`,
    ],
    styles: [['dist', 'webview', 'profile', 'main.css'], ['media', 'profile.css']],
    body: `<div id="app"><p class="profile-loading" role="status" aria-live="polite">${escapeText(progress)}</p></div>
<div id="profile-status" data-state="loading" hidden></div>`,
    script: ['dist', 'webview', 'profile', 'main.js'],
  });
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
