// The Training panel's page: the shared webview shell with uPlot's and our styles and the chart app's root.
import * as vscode from 'vscode';
import { webviewHtml } from '../webviewPage';

export function trainingHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, {
    title: 'Training Charts',
    // Styles: uPlot and our code set element.style properties, which CSP does not restrict; 'unsafe-inline' is
    // not needed for that, and no inline <style> is used.
    csp: (nonce) => [
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data: blob:`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ],
    styles: [['dist', 'webview', 'training', 'main.css'], ['media', 'training.css']],
    body: '<div id="app"><p class="ts-empty">Loading runs…</p></div>',
    script: ['dist', 'webview', 'training', 'main.js'],
  });
}
