// Compare Models in the real workbench: two ONNX files (a torch-exported CNN and the same network with conv2 widened,
// its second activation a Sigmoid and a Tanh added; test/fixtures/diff) opened as graphs, compared from the palette by
// checking both in the pick. The panel shows the summary table and the change lists, the filter narrows them, and
// *Open graphs side by side* puts both graphs in two columns with the added, removed and changed layers outlined.
// Expected names come from python3-onnx reading the files, never from the extension. Screenshots light and dark,
// copied to media/compare*.png.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { frameWith, onnxNodeNames, openWorkbenchWithoutSidebar, quickOpen, runCommand, screenshot, screenshotIfFailed, statusOf, updateReadmeScreenshot } from './workbench.mjs';
/* global document -- page.evaluate and waitForFunction bodies run in the page */

const before_ = join(repoRoot, 'test/fixtures/diff/small_cnn.onnx');
const after_ = join(repoRoot, 'test/fixtures/diff/small_cnn_changed.onnx');

/** Saves `name` light and dark and copies both into media/ (the README's pictures). */
async function keep(page, name) {
  const light = await screenshot(page, name);
  updateReadmeScreenshot(light, `${name}.png`);
  updateReadmeScreenshot(light.replace(/\.png$/, '-dark.png'), `${name}-dark.png`);
}

describe('compare models', function () {
  let page;
  /** The side bar is hidden while these tests run (room for the graphs and panels side by side), put back after. */
  let workbench;

  before(async () => {
    workbench = await openWorkbenchWithoutSidebar();
    page = workbench.page;
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await workbench?.close(); });

  it('compares two ONNX files from the palette: summary, change lists, filter, and both graphs side by side with the changes outlined', async function () {
    const namesBefore = onnxNodeNames(before_);
    const namesAfter = onnxNodeNames(after_);
    if (!namesBefore || !namesAfter) this.skip();
    // What python3-onnx says differs by name: /out/Tanh and /act2/Sigmoid are new names, /act2/Relu is gone.
    assert.deepEqual(namesAfter.filter((name) => !namesBefore.includes(name)).sort(), ['/act2/Sigmoid', '/out/Tanh']);
    assert.deepEqual(namesBefore.filter((name) => !namesAfter.includes(name)), ['/act2/Relu']);

    await runCommand(page, 'View: Close All Editors');
    await quickOpen(page, before_);
    await frameWith(page, '#graph-status[data-state="ready"][data-path$="small_cnn.onnx"]');
    await quickOpen(page, after_);
    await frameWith(page, '#graph-status[data-state="ready"][data-path$="small_cnn_changed.onnx"]');

    // The palette's pick lists the open model tabs: check A, then B.
    await runCommand(page, 'Tensorsight: Compare Models', { asks: true });
    const widget = page.locator('.quick-input-widget', { hasText: 'Compare Models' });
    await widget.waitFor();
    const filter = page.locator('.quick-input-widget .quick-input-box input');
    for (const name of ['small_cnn.onnx', 'small_cnn_changed.onnx']) {
      // Filtered first: the workspace lists many models, and the row may sit below the pick's visible rows.
      await filter.fill(name);
      const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) }).first();
      await row.waitFor();
      await row.locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox').first().click();
    }
    await filter.fill('');
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');

    const panel = await frameWith(page, '#compare-status[data-state="ready"]', 120_000);
    const status = await statusOf(panel, '#compare-status');
    console.log(`      compare: ${JSON.stringify(status)}`);
    assert.deepEqual([status.added, status.removed, status.changed, status.renamed, status.weightsChanged], ['1', '0', '5', '0', '3']);
    // The summary table: 7 and 8 nodes, as python3-onnx counts them.
    const nodesRow = await panel.locator('.cm-summary tr', { hasText: 'nodes' }).first().innerText();
    assert.match(nodesRow, new RegExp(`nodes\\s+${namesBefore.length}\\s+${namesAfter.length}`));
    const layerText = await panel.locator('section[data-table="layers"]').innerText();
    assert.match(layerText, /\/out\/Tanh \(Tanh\)/);
    assert.match(layerText, /op: Relu → Sigmoid/);
    await panel.locator('h1').hover();
    await keep(page, 'compare');

    // The filter keeps the rows that mention it; unchecking `changed` leaves the added row.
    await panel.locator('#cm-filter').fill('Sigmoid');
    await panel.waitForFunction(() => document.getElementById('compare-status').dataset.rows === '1');
    await panel.locator('#cm-filter').fill('');
    await panel.locator('input[type="checkbox"][data-kind="changed"]').uncheck();
    await panel.waitForFunction(() => document.querySelectorAll('section[data-table="layers"] tbody tr').length === 1);
    await panel.locator('input[type="checkbox"][data-kind="changed"]').check();

    // Both graphs side by side, changes outlined: A marks the 5 changed layers, B the 5 changed and the added one.
    await panel.locator('#cm-open-graphs').click();
    const graphA = await frameWith(page, '#graph-status[data-state="ready"][data-path$="small_cnn.onnx"][data-diff-marks="5"]');
    const graphB = await frameWith(page, '#graph-status[data-state="ready"][data-path$="small_cnn_changed.onnx"][data-diff-marks="6"]');
    for (const graph of [graphA, graphB]) {
      await graph.locator('#fit').click();
      await graph.waitForFunction(() => Number(document.getElementById('graph-status').dataset.diffMarked) > 0);
    }
    assert.match(await graphB.locator('#summary').innerText(), /compared with small_cnn\.onnx: 1 added, 5 changed/);
    assert.equal(await page.locator('.editor-group-container').filter({ has: page.locator('.tab.active') }).count() >= 2, true, 'two editor groups show');
    await keep(page, 'compare-graphs');
  });
});
