// The files of a benchmark page that runs one webview panel's bundle in headless Chromium: the panel's main.ts and
// a page stub standing in for the host (it provides acquireVsCodeApi and posts the data), built minified as users
// get them, with the panel's stylesheet. Served by route() from a fake origin, so nothing listens on a port.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds `src/webview/<panel>/main.ts` and `stub` into `scratch` and returns the page's files by path,
 * `[content type, body]`: `/` (the HTML, dark theme), `/main.js`, `/main.css`, `/stub.js` and `/<css>`.
 */
export async function panelPageFiles({ root, panel, stub, css, scratch }) {
  await esbuild.build({
    entryPoints: { main: join(root, `src/webview/${panel}/main.ts`), stub },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    outdir: scratch,
    logLevel: 'error',
  });
  const html = `<!DOCTYPE html><html><head><link rel="stylesheet" href="/main.css"><link rel="stylesheet" href="/${css}"></head><body class="vscode-dark"><div id="app"></div><script src="/stub.js"></script><script src="/main.js"></script></body></html>`;
  return {
    '/': ['text/html', html],
    '/main.js': ['text/javascript', readFileSync(join(scratch, 'main.js'))],
    '/main.css': ['text/css', readFileSync(join(scratch, 'main.css'))],
    '/stub.js': ['text/javascript', readFileSync(join(scratch, 'stub.js'))],
    [`/${css}`]: ['text/css', readFileSync(join(root, 'media', css))],
  };
}
