// The graph editor's page: the shared webview shell with the static DOM the script fills (toolbar, canvas,
// properties pane, status element) and a CSP that lets the layout worker start.
import * as vscode from 'vscode';
import { webviewHtml } from '../webviewPage';
import { graphBodyHtml } from './graphBodyHtml';

/** The HTML of a graph webview for the model named `title`; `progress` shows until the host reports more; `profile`: offer Profile Model…. */
export function graphWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, progress?: string, profile = false): string {
  return webviewHtml(webview, extensionUri, {
    title,
    csp: (nonce) => [
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}' ${webview.cspSource}`,
      // The layout worker is fetched as text and started from a blob: URL (webview origins cannot start workers directly).
      `worker-src blob:`,
      `connect-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ],
    styles: [['media', 'graph.css']],
    body: graphBodyHtml(progress, profile),
    script: ['dist', 'webview', 'graph', 'main.js'],
    scriptAttributes: (asset) => `id="boot" data-worker="${asset('dist', 'webview', 'graph', 'worker.js')}"`,
  });
}
