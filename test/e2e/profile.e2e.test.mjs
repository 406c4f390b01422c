// Profiling in the real workbench. (a) An ONNX model opened in the graph editor is profiled from the toolbar's
// Profile Model… button on ORT's cpu provider: the Profile panel lists op types and nodes, the graph is coloured by
// time, a node row clicked reveals that node in the graph, and Compare… profiles it again for a comparison. (b) A
// real Kineto trace opened from Quick Open shows its overview, operators, kernels, memory and timeline tabs, and a
// diff with the demo's other trace. Screenshots of each in light and dark.
// Expected names and figures come from python3-onnx and the trace's own JSON, never from the extension.
import { readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { frameWith, onnxNodeNames, openWorkbenchWithoutSidebar, quickOpen, runCommand, screenshot, screenshotIfFailed, statusOf, updateReadmeScreenshot } from './workbench.mjs';
/* global document -- page.evaluate and waitForFunction bodies run in the page */

const mnist = join(repoRoot, 'test/fixtures/upstream/onnx/migraphx_mnist-8.onnx');
const alexnet = join(repoRoot, 'test/fixtures/upstream/traces/pytorch/hta_alexnet_a100_benchmark.pt.trace.json');

/** Picks the row that `text` filters to first in the open quick pick titled like `title`. */
async function pickQuick(page, title, text) {
  const widget = page.locator('.quick-input-widget', { hasText: title });
  await widget.waitFor({ timeout: 60_000 });
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor();
  await input.press('Enter');
}

/** Shows tab `id` of the profile page in `frame` and waits until the page says it is shown. */
async function showTab(frame, id) {
  await frame.locator(`.tp-tabbar button[data-tab="${id}"]`).click();
  await frame.locator(`#profile-status[data-tab="${id}"]`).waitFor({ state: 'attached' });
  await frame.locator(`.tp-tabbody [data-tab="${id}"]`).first().waitFor();
}

describe('profiling', function () {
  let page;
  /** The side bar is hidden while these tests run (room for the graphs and panels side by side), put back after. */
  let workbench;

  before(async () => {
    workbench = await openWorkbenchWithoutSidebar();
    page = workbench.page;
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await workbench?.close(); });

  it('profiles an ONNX model from the graph toolbar on cpu: op table, graph coloured by time, a row click reveals the node', async function () {
    const names = onnxNodeNames(mnist);
    if (!names) this.skip();
    await quickOpen(page, mnist);
    const graph = await frameWith(page, '#graph-status[data-state="ready"][data-path$="migraphx_mnist-8.onnx"]');
    await graph.locator('#graph-status[data-canvas]').waitFor({ state: 'attached' });
    const wide = Number((await statusOf(graph, '#graph-status')).canvas.split('x')[0]);
    await graph.locator('#profile-model').click();
    await pickQuick(page, 'execution provider', 'cpu');
    await pickQuick(page, 'inputs', 'Random inputs');

    const panel = await frameWith(page, '#profile-status[data-state="model"]', 180_000);
    console.log(`      mnist profile: tabs ${(await statusOf(panel, '#profile-status')).tabs}`);
    await showTab(panel, 'ops');
    assert.ok(JSON.parse((await statusOf(panel, '#profile-status')).rows).ops > 0, 'the op-type table has rows');

    await graph.locator('#graph-status[data-colour-mode="time"]').waitFor({ state: 'attached', timeout: 60_000 });
    const coloured = await statusOf(graph, '#graph-status');
    assert.ok(Number(coloured.profiledNodes) > 0 && Number(coloured.profiledNodes) <= names.length, `profiled nodes ${coloured.profiledNodes} of ${names.length}`);
    assert.equal(coloured.profileUnmatched, '0', 'every profiled node is a node of the graph');
    // The graph's group got narrower when the panel opened beside it: the graph is still drawn (it was blank, left
    // where the wide canvas had centred it), in its first view made again for the narrower canvas.
    await graph.waitForFunction((before) => Number(document.getElementById('graph-status').dataset.canvas.split('x')[0]) < before, wide);
    const narrowed = await statusOf(graph, '#graph-status');
    console.log(`      graph canvas ${wide} px wide, ${narrowed.canvas} beside the panel: ${narrowed.drawn} items drawn, view ${narrowed.autoView}`);
    assert.ok(Number(narrowed.drawn) > 0, `items drawn after the panel opened: ${narrowed.drawn}`);
    assert.equal(narrowed.autoView, 'opening', 'the first view is made again for the narrower canvas');
    await screenshot(page, 'profile-model-ops');
    // Fit leaves the legend's band free: no box under the time legend.
    await graph.locator('#fit').click();
    await graph.locator('#graph-status[data-auto-view="fit"]').waitFor({ state: 'attached' });
    await graph.waitForFunction(() => document.getElementById('graph-status').dataset.legendCovers === '0');
    await screenshot(page, 'profile-model-fit');

    await showTab(panel, 'nodes');
    assert.ok(JSON.parse((await statusOf(panel, '#profile-status')).rows).nodes > 0, 'the node table has rows');
    // The slowest rows may be nodes ORT added when it optimized the model (ReorderOutput_token_5): the first row
    // that names a node of the file is clicked.
    const rows = panel.locator('.tp-table[data-table="nodes"] tbody tr.tp-clickable');
    const texts = await rows.locator('td:first-child').allInnerTexts();
    const index = texts.findIndex((text) => names.includes(text.trim()));
    assert.ok(index >= 0, `a node row names a node of the model: ${texts.join(', ')}`);
    const row = rows.nth(index);
    await row.click();
    await graph.locator('#graph-status[data-revealed-node]:not([data-revealed-node=""])').waitFor({ state: 'attached', timeout: 60_000 });
    const revealed = (await statusOf(graph, '#graph-status')).revealedNode;
    assert.ok(names.includes(revealed), `the revealed node ${revealed} is a node of the model`);
    // The pointer rests on the panel's header, so no tooltip shows in the README's picture.
    await panel.locator('.tp-header').first().hover();
    updateReadmeScreenshot(await screenshot(page, 'profile-model-nodes'), 'profile.png');

    // Compare… profiling again on cpu: the Comparison tab lists each op type of both runs.
    await panel.locator('.tp-actions button', { hasText: 'Compare' }).click();
    await pickQuick(page, 'Compare the cpu profile', 'Profile on cpu');
    await panel.locator('#profile-status[data-tabs*="compare"]').waitFor({ state: 'attached', timeout: 180_000 });
    await showTab(panel, 'compare');
    const compared = JSON.parse((await statusOf(panel, '#profile-status')).totalRows);
    assert.equal(compared.compareOps, compared.ops, `one comparison row per op type: ${JSON.stringify(compared)}`);
    await screenshot(page, 'profile-model-compare');
  });

  it('opens a real Kineto trace from Quick Open: overview, operators, kernels, memory and timeline', async () => {
    const events = JSON.parse(readFileSync(alexnet, 'utf8')).traceEvents;
    const kernelNames = new Set(events.filter((event) => event.cat === 'kernel').map((event) => event.name));
    const opNames = new Set(events.filter((event) => event.cat === 'cpu_op').map((event) => event.name));
    await runCommand(page, 'View: Close All Editors');
    await quickOpen(page, alexnet);
    const trace = await frameWith(page, '#profile-status[data-state="trace"]');
    const tabs = (await statusOf(trace, '#profile-status')).tabs.split(',');
    for (const id of ['overview', 'operators', 'kernels', 'memory', 'timeline']) assert.ok(tabs.includes(id), `tab ${id} in ${tabs}`);

    await showTab(trace, 'overview');
    await screenshot(page, 'trace-overview');

    await showTab(trace, 'operators');
    assert.equal(JSON.parse((await statusOf(trace, '#profile-status')).totalRows).operators, opNames.size, 'one operator row per cpu_op name of the file');
    await screenshot(page, 'trace-operators');

    await showTab(trace, 'kernels');
    assert.equal(JSON.parse((await statusOf(trace, '#profile-status')).totalRows).kernels, kernelNames.size, 'one kernel row per kernel name of the file');
    await screenshot(page, 'trace-kernels');

    await showTab(trace, 'memory');
    assert.ok((await trace.locator('.tp-tabbody [data-tab="memory"]').first().innerText()).trim().length > 0, 'the memory tab says something');
    await screenshot(page, 'trace-memory');

    await showTab(trace, 'timeline');
    await trace.locator('#profile-status[data-drawn-boxes]:not([data-drawn-boxes="0"])').waitFor({ state: 'attached' });
    const timeline = await statusOf(trace, '#profile-status');
    const durations = events.filter((event) => event.ph === 'X').length;
    assert.ok(Number(timeline.timelineEvents) > 0 && Number(timeline.timelineEvents) <= durations, `timeline events ${timeline.timelineEvents} of ${durations}`);
    await screenshot(page, 'trace-timeline');

    // Compare… with the demo workspace's other Kineto trace, picked from the workspace's traces.
    await trace.locator('.tp-actions button', { hasText: 'Compare' }).click();
    await pickQuick(page, 'Compare', 'kineto_before_fix.pt.trace.json');
    await trace.locator('#profile-status[data-tabs*="diff"]').waitFor({ state: 'attached', timeout: 60_000 });
    await showTab(trace, 'diff');
    const diffRows = JSON.parse((await statusOf(trace, '#profile-status')).totalRows);
    assert.ok(diffRows.diffOps > 0, `the diff lists operators: ${JSON.stringify(diffRows)}`);
    await screenshot(page, 'trace-diff');
  });
});
