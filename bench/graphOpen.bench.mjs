// The graph editor where users are (issue 12): in the real VS Code (code-server + headless Chromium, the e2e harness),
// ~1k, ~10k and ~40k-node ONNX files (chained copies of a real TransformerEncoderLayer export, scripts/fixtures/chainOnnx.py)
// are opened with Quick Open (the graph editor is the default for .onnx), twice each: a first open (nothing cached for
// the file) and a warm reopen. Per open: command -> first drawn frame (target 1.5 s at 40k), -> inferred shapes drawn
// (3 s), expanding a group (click to the next drawn frame, 150 ms), pan/zoom FPS (60), and the webview's memory
// (500 MB), with the stage breakdown from the stamps the host, its worker and the webview write. A graph that opens
// collapsed draws its overview first (the top-level scene, built in the host's worker): its first frame is the
// overview's, and fullSceneMs says when the full payload's scene replaced it.
// One clock: the machine's wall clock in epoch milliseconds. The bench stamps the click with Date.now(); the webview's
// page-clock stamps are moved onto it with performance.timeOrigin; the host's stamps are Date.now() in the extension
// host and its worker, relayed through the payload message into the `#graph-status` probe (hostStamps).
/* global document, performance, requestAnimationFrame, PointerEvent, MutationObserver, HTMLElement -- evaluate bodies run in the pages */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentPayload } from '../scripts/vscode/e2eSession.mjs';
import { withVscode } from '../scripts/vscode/vscodeSession.mjs';
import { activeWebview, openWorkbench, quickOpen } from '../test/e2e/workbench.mjs';
import { scriptedCanvasFps } from './canvasFps.mjs';
import { graphOpenStages } from './graphOpenStages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const block = join(root, 'test/fixtures/models/attention.onnx');
const python = '/usr/bin/python3';
export const targets = { firstFrameMs: 1500, inferredFrameMs: 3000, expandMs: 150, fps: 60, memoryMiB: 500 };
/** FPS counts as 60 from 55 on: a frame that slips past its vsync now and then is not a slower view. */
const fpsPass = 55;

function pythonOnnxMissing() {
  const probe = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error) return `${python} could not run (${probe.error.message}); install python3-onnx`;
  return probe.status === 0 ? null : `${python} cannot import onnx (install python3-onnx)`;
}

const statusOf = (frame) => frame.locator('#graph-status').evaluate((element) => ({ ...element.dataset, timeOrigin: performance.timeOrigin }));


/** Closes every editor (the graph webview of the last open goes with it) and waits until no webview is left. */
async function closeEditors(page) {
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill('>View: Close All Editors');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'View: Close All Editors' }).first().click();
  await page.locator('iframe.webview').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
}


/** Click on the first collapsed top-level group -> the frame drawn after its scene arrived (page clock), in ms. */
function expandFirstGroup(frame) {
  return frame.locator('#graph-status').evaluate(async (status) => {
    const target = JSON.parse(status.dataset.topGroups || '[]')[0];
    if (!target) return null;
    const canvas = document.getElementById('graph');
    const rect = canvas.getBoundingClientRect();
    const before = status.dataset.expanded;
    const start = performance.now();
    const changed = new Promise((resolve) => new MutationObserver((_records, observer) => {
      if (status.dataset.expanded !== before) { observer.disconnect(); resolve(); }
    }).observe(status, { attributes: true }));
    const at = { clientX: rect.left + target.x, clientY: rect.top + target.y, bubbles: true, pointerId: 1 };
    canvas.dispatchEvent(new PointerEvent('pointerdown', at));
    canvas.dispatchEvent(new PointerEvent('pointerup', at));
    await changed;
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start))));
  });
}

/**
 * The resident memory of the Chromium renderer that runs the workbench and, in the same process (code-server serves the
 * webview from the workbench's origin), the webview and its layout worker: the largest renderer of the browser started
 * in `runDir`, read from /proc. Sampled every 200 ms while an open runs; stop() gives the peak and the last sample.
 */
function sampleRenderer(runDir) {
  const renderers = () => {
    const table = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (!cmdline.includes('--type=renderer')) continue;
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
        table.push({ pid: Number(entry), cmdline, rssKiB: rss ? Number(rss[1]) : 0 });
      } catch { /* ended while read */ }
    }
    // This run's renderers: their command lines name the profile folder's crash-dumps or user data inside runDir when
    // Chromium passes it; otherwise every renderer on the machine counts and the largest is taken.
    const ours = table.filter((each) => each.cmdline.includes(runDir));
    return ours.length ? ours : table;
  };
  const sample = () => Math.max(0, ...renderers().map((each) => each.rssKiB)) / 1024;
  const before = sample();
  let peak = before;
  let last = peak;
  const timer = setInterval(() => { last = sample(); peak = Math.max(peak, last); }, 200);
  return { stop() { clearInterval(timer); last = sample(); peak = Math.max(peak, last); return { beforeMiB: Math.round(before), peakMiB: Math.round(peak), lastMiB: Math.round(last), graphMiB: Math.round(peak - before) }; } };
}

/** The JS heap of the workbench's renderer main thread (the webview's page shares it), from CDP. */
async function pageHeapMiB(page) {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('Performance.enable');
    const { metrics } = await session.send('Performance.getMetrics');
    return Math.round((metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20);
  } finally {
    await session.detach().catch(() => undefined);
  }
}

async function openOnce(page, runDir, file, copies, label) {
  const heapBeforeMiB = await pageHeapMiB(page);
  const renderer = sampleRenderer(runDir);
  const clickAt = await quickOpen(page, file);
  const frame = activeWebview(page);
  await frame.locator('#graph-status[data-first-frame-at]').waitFor({ state: 'attached', timeout: 240_000 });
  const large = copies * 106 >= 5000;
  if (large) await frame.locator('#graph-status[data-inferred-frame-at]').waitFor({ state: 'attached', timeout: 240_000 });
  await frame.locator('#graph-status[data-state="ready"]').waitFor({ state: 'attached', timeout: 60_000 });
  const status = await statusOf(frame);
  const expandMs = await expandFirstGroup(frame);
  const fps = await frame.locator('canvas#graph').evaluate(scriptedCanvasFps);
  const memory = { ...renderer.stop(), heapBeforeMiB, heapAfterMiB: await pageHeapMiB(page) };
  const stages = graphOpenStages(status, clickAt);
  console.log(`[graphOpen] ${label} ${basename(file)}: first frame ${stages.firstFrameMs} ms${stages.overviewFirst ? ' (overview)' : ''}, full scene ${stages.fullSceneMs} ms, inferred ${stages.inferredFrameMs} ms, expand ${Math.round(expandMs)} ms, ${Math.round(fps)} fps`);
  return { ...stages, expandMs: expandMs === null ? null : Math.round(expandMs), fps: Math.round(fps), memory, nodes: Number(status.nodes), payloads: status.payloads, cached: status.cached === '1', progressShown: JSON.parse(status.progressShown ?? '[]') };
}

export async function run() {
  for (const built of ['dist/extension.js', 'dist/webview/graph/main.js', 'dist/workers/graphPayload.js']) if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const missing = pythonOnnxMissing();
  if (missing) return { name: 'graphOpen', unit: 'ms', value: null, pass: false, skipped: missing };
  const sizes = (process.env.TENSORSIGHT_BENCH_GRAPH_COPIES ?? '10,95,370').split(',').map(Number);
  const workspace = mkdtempSync(join(tmpdir(), 'tensorsight-bench-open-'));
  try {
    const files = sizes.map((copies) => {
      const file = join(workspace, `chain-${copies}.onnx`);
      const made = spawnSync(python, [join(root, 'scripts/fixtures/chainOnnx.py'), block, String(copies), file], { encoding: 'utf8', timeout: 300_000 });
      if (made.status !== 0) throw new Error(`chainOnnx.py ${copies} failed: ${(made.stderr || made.error?.message || '').slice(-1000)}`);
      return { copies, file, fileMiB: Math.round((statSync(file).size / 2 ** 20) * 10) / 10 };
    });
    const sizesOut = await withVscode({ label: 'bench-open', workspace }, async ({ server, browser, runDir }) => {
      const page = await openWorkbench(browser, server, developmentPayload(server));
      await page.locator('.part.activitybar a.action-label[aria-label^="Tensorsight"]').waitFor({ timeout: 60_000 });
      const out = {};
      for (const { copies, file, fileMiB } of files) {
        const first = await openOnce(page, runDir, file, copies, 'first');
        await closeEditors(page);
        const warm = await openOnce(page, runDir, file, copies, 'warm');
        await closeEditors(page);
        out[`${first.nodes} nodes`] = { file: basename(file), fileMiB, first, warm };
      }
      return out;
    });
    const big = Object.values(sizesOut).at(-1);
    const worst = (pick) => Math.max(pick(big.first) ?? Infinity, pick(big.warm) ?? Infinity);
    const checks = {
      firstFrameMs: worst((open) => open.firstFrameMs) < targets.firstFrameMs,
      inferredFrameMs: worst((open) => open.inferredFrameMs) < targets.inferredFrameMs,
      expandMs: worst((open) => open.expandMs) < targets.expandMs,
      fps: Math.min(big.first.fps, big.warm.fps) >= fpsPass,
      memoryMiB: worst((open) => open.memory.graphMiB) < targets.memoryMiB,
    };
    return {
      name: 'graphOpen',
      unit: 'ms',
      value: big.first.firstFrameMs,
      target: targets.firstFrameMs,
      better: 'lower',
      pass: Object.values(checks).every(Boolean),
      checks,
      targets,
      note: 'Real VS Code (code-server + headless Chromium). Each file opened with Quick Open twice (first: nothing cached; warm: reopened after closing). One clock: wall-clock epoch ms (bench Date.now at the click; webview stamps + performance.timeOrigin; host stamps Date.now relayed in the payload message). value = the 40k-node first open, click -> first drawn frame. overviewFirst: the first frame drew the overview (top-level scene built in the host worker, or cached), whose stages are then vscodeOpensEditor, webviewBoot, workerStart, hostParse, payloadBuild, overviewBuild (group tree + top-level layout in the worker) or cacheRead, waitForWebview, transferToWebview, draw; fullSceneMs: click -> the first scene of the full payload laid out (it replaces the overview in place). Otherwise stages: the path to the first frame in ms (vscodeOpensEditor: click -> resolveCustomEditor; from there the webview boots while the host reads its cache or parses in its worker (workerStart, hostParse, payloadBuild, encodeCompress); waitForWebview: the payload, posted at once, waits for the page script to run; then transferToWebview, webviewDecode, groupTree, layout (the layout worker), draw); timeline: every stamp from the click. expandMs: click on a collapsed group -> frame after its scene; fps: 2 s of scripted wheel zoom and drag pan; memory: resident set of the renderer process that runs the workbench and the webview (one process: code-server serves webviews from the workbench origin), sampled from /proc every 200 ms during the open; graphMiB = peak - before the click (what the graph costs; the workbench alone holds beforeMiB) is checked against the target; heapBefore/After: its main-thread JS heap (CDP).',
      sizes: sizesOut,
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await run(), null, 2));
