// Screenshots of the graph editor's page as it opens, in VS Code's light, dark and high-contrast colours, served the
// way bench/graphPaint.bench.mjs serves it: the shipped dist/webview/graph bundle on the page markup VS Code uses, the
// payload from the shipped dist/workers/graphPayload.js. For looking at the view by eye; needs `npm run build`.
// Usage: node scripts/graphShots.mjs <outDir> <model>... [--themes dark,light,hc] [--then fit|expand|zoomout]
/* global document, performance, requestAnimationFrame, PointerEvent, WheelEvent -- page.evaluate bodies run in the page */
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { launchChromium } from './vscode/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The theme variables the page reads, as VS Code's Dark Modern, Light Modern and High Contrast set them. */
const THEMES = {
  dark: ['vscode-dark', { 'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', foreground: '#cccccc', focusBorder: '#0078d4', descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b', 'sideBar-background': '#181818', 'editorWidget-background': '#202020', 'input-background': '#313131', 'input-foreground': '#cccccc', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc' }],
  light: ['vscode-light', { 'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', foreground: '#3b3b3b', focusBorder: '#005fb8', descriptionForeground: '#3b3b3b', 'panel-border': '#e5e5e5', 'sideBar-background': '#f8f8f8', 'editorWidget-background': '#f8f8f8', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b' }],
  hc: ['vscode-high-contrast', { 'editor-background': '#000000', 'editor-foreground': '#ffffff', foreground: '#ffffff', focusBorder: '#f38518', contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518', descriptionForeground: '#ffffff', 'panel-border': '#6fc3df', 'sideBar-background': '#000000', 'editorWidget-background': '#0c141f', 'input-background': '#000000', 'input-foreground': '#ffffff', 'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff' }],
};

function payloadOf(path) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(root, 'dist/workers/graphPayload.js'), { workerData: { path } });
    worker.on('message', (message) => {
      if (message.kind === 'error') reject(new Error(message.error));
      if (message.kind !== 'payload' || !message.final) return;
      void worker.terminate();
      resolve(Buffer.from(message.payload));
    });
    worker.once('error', reject);
  });
}

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args.splice(args.indexOf(name), 2)[1] : fallback);
const themes = option('--themes', 'dark,light').split(',');
const then = option('--then', '');
const [outDir, ...models] = args;
mkdirSync(outDir, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-shots-'));
await esbuild.build({ entryPoints: { graphBodyHtml: join(root, 'src/host/graph/graphBodyHtml.ts') }, bundle: true, platform: 'node', format: 'cjs', outdir: scratch, logLevel: 'error' });
const body = (await import(join(scratch, 'graphBodyHtml.js'))).default.graphBodyHtml();
const context = await launchChromium({ runDir: scratch, viewport: { width: 1280, height: 800 } });
try {
  for (const model of models) {
    const bytes = await payloadOf(model);
    for (const theme of themes) {
      const [kind, vars] = THEMES[theme];
      const style = Object.entries(vars).map(([name, value]) => `--vscode-${name}: ${value};`).join(' ') + ' --vscode-font-family: "Segoe UI", system-ui, sans-serif; --vscode-font-size: 13px;';
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.route('http://shots.local/**', (route) => {
        const files = {
          '/': ['text/html', `<!DOCTYPE html><html><head><link rel="stylesheet" href="/graph.css"></head><body class="${kind}" style='${style}'>${body}<script>
window.acquireVsCodeApi = () => ({ postMessage(message) { if (message.method === 'graph/ready') fetch('/payload.bin').then((r) => r.arrayBuffer()).then((buffer) => window.postMessage({ method: 'graph/didLoad', params: { payload: new Uint8Array(buffer), stamps: {}, cached: false, seq: 1 } }, '*')); }, getState() {}, setState() {} });
</script><script id="boot" data-worker="/worker.js" src="/main.js"></script></body></html>`],
          '/main.js': ['text/javascript', readFileSync(join(root, 'dist/webview/graph/main.js'))],
          '/worker.js': ['text/javascript', readFileSync(join(root, 'dist/webview/graph/worker.js'))],
          '/graph.css': ['text/css', readFileSync(join(root, 'media/graph.css'))],
          '/payload.bin': ['application/octet-stream', bytes],
        };
        const file = files[new URL(route.request().url()).pathname];
        return file ? route.fulfill({ contentType: file[0], body: file[1] }) : route.fulfill({ status: 404 });
      });
      await page.goto('http://shots.local/');
      await page.locator('#graph-status[data-state="ready"][data-labels]').waitFor({ state: 'attached', timeout: 60_000 }).catch((error) => { throw new Error(`${error.message}\npage errors: ${errors.join('\n')}`); });
      await page.waitForTimeout(300);
      const name = `${basename(model).replace(/\W+/g, '-')}-${theme}`;
      await page.screenshot({ path: join(outDir, `${name}.png`) });
      const status = await page.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
      console.log(name, JSON.stringify({ nodes: status.nodes, expanded: status.expanded, connected: status.connected, groupLabels: JSON.parse(status.groupLabels).length, scale: status.scale, drawn: status.drawn, labels: JSON.parse(status.labels).slice(0, 12), errors }));
      if (then === 'fit' || then === 'zoomout') {
        await page.locator('#fit').click();
        if (then === 'zoomout') await page.evaluate(() => { const c = document.getElementById('graph'); for (let i = 0; i < 5; i++) c.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: 400, clientY: 300, bubbles: true, cancelable: true })); });
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(outDir, `${name}-${then}.png`) });
        const after = await page.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
        console.log(`${name}-${then}`, after.scale, JSON.parse(after.labels).slice(0, 12).join(' | '));
      }
      if (then === 'fps' || then === 'fps-far' || then === 'fps-all') {
        if (then === 'fps-all') {
          await page.locator('#expand-all').click();
          if (Number(status.nodes) > 5000) await page.locator('#expand-all').click();
          await page.locator(`#graph-status[data-expanded="${status.totalGroups}"]`).waitFor({ state: 'attached', timeout: 120_000 });
          await page.waitForTimeout(500);
          await page.screenshot({ path: join(outDir, `${name}-all.png`) });
        }
        if (then === 'fps-far') await page.locator('#fit').click();
        // As bench/graphPaint.bench.mjs scripts it: two seconds of wheel zoom and drag pan, one input event per frame.
        const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.start');
        }
        const fps = await page.evaluate(async () => {
          const canvas = document.getElementById('graph');
          const rect = canvas.getBoundingClientRect();
          const [cx, cy] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
          let frames = 0;
          const draws = [];
          const start = performance.now();
          await new Promise((resolve) => {
            const tick = () => {
              frames++;
              draws.push(Number(document.getElementById('graph-status').dataset.drawMs));
              const phase = Math.floor(frames / 30) % 4;
              if (phase < 2) canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: phase === 0 ? 40 : -40, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
              else {
                const dx = phase === 2 ? 8 : -8;
                canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: cx, clientY: cy, pointerId: 2, bubbles: true }));
                canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: cx + 2 * dx, clientY: cy, pointerId: 2, bubbles: true }));
                canvas.dispatchEvent(new PointerEvent('pointerup', { clientX: cx + 2 * dx, clientY: cy, pointerId: 2, bubbles: true }));
              }
              if (performance.now() - start < 2000) requestAnimationFrame(tick);
              else resolve();
            };
            requestAnimationFrame(tick);
          });
          draws.sort((a, b) => a - b);
          return { fps: frames / ((performance.now() - start) / 1000), drawMedian: draws[draws.length >> 1], drawMax: draws.at(-1) };
        });
        if (cdp) {
          // Self time by function over the scripted run, the top entries.
          const { profile } = await cdp.send('Profiler.stop');
          const self = new Map();
          const byId = new Map(profile.nodes.map((node) => [node.id, node]));
          profile.samples.forEach((id, index) => {
            const node = byId.get(id);
            const key = `${node.callFrame.functionName || '(anon)'}:${node.callFrame.lineNumber}`;
            self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
          });
          console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([key, value]) => `${key} ${value.toFixed(0)}ms`).join('\n'));
        }
        const after = await page.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
        console.log(`${name}-${then}`, `fps ${fps.fps.toFixed(1)}, draw median ${fps.drawMedian} ms, max ${fps.drawMax} ms`, `scale ${after.scale}`, `drawn ${after.drawn}`, `items ${after.items}`, `last draw ${after.drawMs} ms`);
      }
      if (then === 'retheme') {
        // Switch to the light theme as VS Code does: the body's class and the variables change in place.
        const [lightKind, lightVars] = THEMES[theme === 'light' ? 'dark' : 'light'];
        await page.evaluate(({ kind: next, vars: values }) => {
          for (const [name, value] of Object.entries(values)) document.body.style.setProperty(`--vscode-${name}`, value);
          document.body.className = next;
        }, { kind: lightKind, vars: lightVars });
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(outDir, `${name}-retheme.png`) });
        const after = await page.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
        console.log(`${name}-retheme`, after.theme);
      }
      if (then === 'dblclick') {
        // Double click the first group to click (it opens and is fitted), then empty canvas (the graph is fitted).
        const [first] = JSON.parse(status.topGroups);
        const canvas = await page.locator('canvas#graph').boundingBox();
        await page.mouse.dblclick(canvas.x + first.x, canvas.y + first.y);
        await page.waitForTimeout(800);
        await page.screenshot({ path: join(outDir, `${name}-dblclick.png`) });
        let after = await page.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
        console.log(`${name}-dblclick`, first.id, `expanded ${after.expanded}`, `scale ${after.scale}`, after.selectedBox);
        await page.mouse.dblclick(canvas.x + 5, canvas.y + canvas.height - 80);
        await page.waitForTimeout(500);
        after = await page.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
        console.log(`${name}-dblclick-empty`, `scale ${after.scale}`, `view ${after.view}`);
      }
      if (then === 'expand') {
        const [first] = JSON.parse(status.topGroups);
        const canvas = await page.locator('canvas#graph').boundingBox();
        await page.mouse.click(canvas.x + first.x, canvas.y + first.y);
        await page.waitForTimeout(600);
        await page.screenshot({ path: join(outDir, `${name}-expand.png`) });
        const after = await page.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
        console.log(`${name}-expand`, first.id, after.expanded, after.selectedBox);
      }
      await page.close();
    }
  }
} finally {
  await context.close();
  rmSync(scratch, { recursive: true, force: true });
}
