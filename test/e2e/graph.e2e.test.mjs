// The graph editor in the real workbench: Silero VAD (an If with two bodies) opens with its groups
// open (it is small), a group collapses and expands by clicks on the canvas, a node clicked on the canvas shows its op and
// shape in the properties pane, search finds nodes; the Model view and the graph select the same node both
// ways; a Keras .h5 opens through the command; the view exports as SVG and PNG; a 5300-node graph's overview is
// drawn first and then the inferred graph.
// Expected figures come from python3-onnx and h5py, never from the extension.
/* global document -- page.evaluate bodies run in the page */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { activeWebview, openContainer, openWorkbench, quickOpen, screenshot, screenshotIfFailed, viewPane } from './workbench.mjs';

const silero = resolve(repoRoot, 'test/fixtures/upstream/onnx/silero_vad_legacy.onnx');
const kerasH5 = join(repoRoot, 'demo/models/lstm_bidirectional.h5');

/** Runs a python3 snippet (Debian's python3 with python3-onnx and python3-h5py) and parses its JSON output. */
function python(snippet, ...args) {
  const run = spawnSync('/usr/bin/python3', ['-c', snippet, ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}


async function statusOf(frame) {
  const status = frame.locator('#graph-status');
  return status.evaluate((element) => ({ ...element.dataset }));
}

describe('graph editor', function () {
  let page;
  /** The expanded-group count Silero's editor had when the Keras test took its place. */
  let sileroExpanded;

  before(async () => {
    const { browser, server } = e2eSession();
    page = await openWorkbench(browser, server, developmentPayload(server));
    await page.locator('.part.activitybar a.action-label[aria-label^="Tensorsight"]').waitFor();
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await page?.close(); });

  it('opens Silero VAD with its groups open, collapses and expands its If by clicks, shows a clicked node and finds nodes', async () => {
    const expected = python([
      'import json, sys, onnx',
      'm = onnx.shape_inference.infer_shapes(onnx.load(sys.argv[1]))',
      'def count(g): return sum(1 + sum(count(a.g) for a in n.attribute if a.type == onnx.AttributeProto.GRAPH) for n in g.node)',
      'owners = [n.name for n in m.graph.node if any(a.type == onnx.AttributeProto.GRAPH for a in n.attribute)]',
      'body = [a.g for a in m.graph.node[1].attribute if a.name == "then_branch"][0]',
      'concat = [n for n in body.node if n.name == "Concat_38"][0]',
      'dims = [d.dim_value for d in {v.name: v for v in body.value_info}[concat.output[0]].type.tensor_type.shape.dim]',
      'from onnx import numpy_helper',
      'weight = [numpy_helper.to_array(t).tolist() for t in body.initializer if t.name == concat.input[1]][0]',
      'print(json.dumps({"weight": weight, "total": count(m.graph), "topGroups": len(owners), "owner": owners[0], "concatShape": dims, "convs": sum(1 for n in body.node if n.op_type == "Conv")}))',
    ].join('\n'), silero);

    await quickOpen(page, silero);
    const frame = activeWebview(page);
    await frame.locator('#graph-status[data-state="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
    await frame.locator('canvas#graph').waitFor();
    let status = await statusOf(frame);
    console.log(`      silero: ${status.nodes} nodes, ${status.groups} top-level groups, parse ${status.parseMs} ms, first paint ${status.firstPaintMs} ms after the payload`);
    assert.equal(Number(status.nodes), expected.total, 'every node of the graph and its bodies');
    assert.equal(Number(status.groups), expected.topGroups, 'one collapsed group per control-flow node at the top level');
    assert.equal(status.expanded, status.totalGroups, 'a graph this small opens with every group open');
    await screenshot(page, 'graph-silero');

    // Collapse the If group by a click on its title bar, then expand it again by a click on its box.
    const group = JSON.parse(status.topGroups).find((each) => each.id === expected.owner);
    assert.ok(group, `${expected.owner} is drawn at the top level`);
    const itemsOpen = Number(status.items);
    await frame.locator('canvas#graph').click({ position: { x: group.x, y: group.y } });
    await frame.locator(`#graph-status:not([data-expanded="${status.expanded}"])`).waitFor({ state: 'attached' });
    status = await statusOf(frame);
    assert.ok(Number(status.items) < itemsOpen, `collapsing hides the inside (${itemsOpen} -> ${status.items} items)`);
    const collapsed = JSON.parse(status.topGroups).find((each) => each.id === expected.owner);
    const expandedBefore = Number(status.expanded);
    const itemsBefore = Number(status.items);
    // 20 px away from the first click, so the second is a click of its own, not a double click.
    const offset = Math.abs(collapsed.x + 20 - group.x) > 10 ? 20 : -20;
    await frame.locator('canvas#graph').click({ position: { x: collapsed.x + offset, y: collapsed.y } });
    await frame.locator(`#graph-status[data-expanded="${expandedBefore + 1}"]`).waitFor({ state: 'attached' });
    status = await statusOf(frame);
    assert.ok(Number(status.items) > itemsBefore, `expanding shows the inside (${itemsBefore} -> ${status.items} items)`);
    console.log(`      expanded ${expected.owner}: ${status.items} items, layout ${status.layoutMs} ms`);
    await screenshot(page, 'graph-expanded');

    // Search: exact op matches come first; the then branch alone holds this many Conv nodes.
    const search = frame.locator('#search');
    await search.fill('Conv');
    await frame.locator('#results li').first().waitFor();
    assert.ok(Number((await statusOf(frame)).results) >= expected.convs);

    // Search by name, jump to it (it is centred), then click it on the canvas: the pane shows its op and shape.
    await search.fill('Concat_38');
    await frame.locator('#results li', { hasText: 'Concat_38' }).first().click();
    await frame.locator('#graph-status[data-selected^="n:"]').waitFor({ state: 'attached' });
    await frame.locator('#properties').click({ position: { x: 5, y: 5 } });
    const canvas = frame.locator('canvas#graph');
    const box = await canvas.boundingBox();
    await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await frame.locator('#properties h2.op', { hasText: 'Concat' }).waitFor();
    const outputs = await frame.locator('#properties table.outputs').innerText();
    assert.ok(outputs.includes(`[${expected.concatShape.join(', ')}]`), `output shape ${JSON.stringify(expected.concatShape)} in ${outputs}`);
    assert.ok(outputs.includes('int64'), outputs);
    await screenshot(page, 'graph-node');

    // Weight statistics on request: Concat_38's second input is a stored int64[1], streamed from the file by the host.
    await frame.locator('#properties table.inputs button.stats').first().click();
    const value = expected.weight[0];
    await frame.locator('#properties .stats-result', { hasText: `min ${value} · max ${value} · mean ${value} · std 0 (1 values)` }).waitFor();

    // The minimap (bottom right of the canvas) recentres the view where it is clicked.
    const viewBefore = (await statusOf(frame)).view;
    await canvas.click({ position: { x: box.width - 30, y: box.height - 60 } });
    await frame.locator(`#graph-status:not([data-view="${viewBefore}"])`).waitFor({ state: 'attached' });
  });

  it('keeps the Model view and the graph on the same node, both ways', async () => {
    const names = python([
      'import json, sys, onnx',
      'print(json.dumps([[n.name, n.op_type] for n in onnx.load(sys.argv[1]).graph.node]))',
    ].join('\n'), silero);
    const [plain, owner] = [names.find(([, op]) => op !== 'If'), names.find(([, op]) => op === 'If')];
    await openContainer(page);
    const model = viewPane(page, 'Model');
    const frame = activeWebview(page);

    // Model view -> graph: the layer clicked in the view is selected in the open graph.
    await model.locator('.monaco-list-row', { hasText: plain[0] }).click();
    await frame.locator('#properties h2.op', { hasText: plain[1] }).waitFor();
    assert.ok((await frame.locator('#properties').innerText()).includes(plain[0]));

    // Graph -> Model view: the node jumped to from search is selected in the view.
    await frame.locator('#search').fill(owner[0]);
    await frame.locator('#results li', { hasText: owner[0] }).first().click();
    await model.locator('.monaco-list-row.selected', { hasText: owner[0] }).waitFor();
    await screenshot(page, 'graph-model-sync');
    sileroExpanded = (await statusOf(frame)).expanded;
    // The next test works from the Explorer.
    await page.locator('.part.activitybar a.action-label[aria-label^="Explorer"]').click();
  });

  it('opens a Keras .h5 from the Explorer\'s Open Model Graph with one node per layer', async () => {
    const layers = python([
      'import json, sys, h5py',
      'config = json.loads(h5py.File(sys.argv[1], "r").attrs["model_config"])',
      'layers = sum(1 for layer in config["config"]["layers"] if layer["class_name"] != "InputLayer")',
      'print(json.dumps({"layers": layers, "io": len(config["config"]["input_layers"]) + len(config["config"]["output_layers"])}))',
    ].join('\n'), kerasH5);
    // From the Explorer's context menu on demo/models/lstm_bidirectional.h5 (the graph editor is also the default for .h5; the menu entry opens it the same way).
    const explorer = page.locator('.part.sidebar');
    const row = explorer.locator('.monaco-list-row', { hasText: 'lstm_bidirectional.h5' });
    if (!(await row.isVisible())) await explorer.locator('.monaco-list-row', { hasText: /^models$/ }).first().click();
    await row.click({ button: 'right' });
    // Monaco's context menu acts on mouse-up after a real hover; choosing the item with the keyboard is reliable.
    const item = page.locator('.monaco-menu .action-item', { hasText: 'Open Model Graph' });
    await item.hover();
    await page.keyboard.press('Enter');
    const frame = activeWebview(page);
    await frame.locator('#graph-status[data-state="ready"][data-format="keras"]').waitFor({ state: 'attached', timeout: 120_000 });
    const status = await statusOf(frame);
    assert.equal(Number(status.nodes), layers.layers, 'one node per layer that is not an InputLayer');
    assert.equal(Number(status.items), layers.layers + layers.io, 'a flat model draws every layer, input and output at the top level');
    assert.equal(status.connected, '1', 'one connected graph');
    await screenshot(page, 'graph-keras');

    // Back to Silero: its webview was disposed while hidden and comes back with the groups it had open (getState).
    await page.locator('.tabs-container .tab', { hasText: 'silero_vad_legacy.onnx' }).click();
    await frame.locator('#graph-status[data-state="ready"][data-format="onnx"]').waitFor({ state: 'attached', timeout: 120_000 });
    const restored = await statusOf(frame);
    assert.equal(restored.expanded, sileroExpanded, 'the groups open when it was left are open again');
  });

  it('shows the reader\'s error in the editor for a truncated ONNX file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorsight-graph-e2e-'));
    const file = join(dir, 'truncated.onnx');
    writeFileSync(file, readFileSync(silero).subarray(0, 4000));
    try {
      await quickOpen(page, file);
      const error = activeWebview(page).locator('#error');
      await error.waitFor({ timeout: 120_000 });
      const text = await error.innerText();
      assert.match(text, /Could not open this model/);
      assert.match(text, /truncated\.onnx/, 'the reader names the file');
      await screenshot(page, 'graph-error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports the current view as SVG and PNG through the save dialog', async () => {
    // A copy in a scratch folder: the dialog suggests a path beside the model, never beside a shared fixture.
    const dir = mkdtempSync(join(tmpdir(), 'tensorsight-graph-export-'));
    const model = join(dir, 'silero.onnx');
    writeFileSync(model, readFileSync(silero));
    try {
      await quickOpen(page, model);
      const frame = activeWebview(page);
      await frame.locator('#graph-status[data-state="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
      // The whole graph in view, so the SVG holds every drawn item.
      await frame.locator('#fit').click();
      for (const format of ['svg', 'png']) {
        const target = `${model}.graph.${format}`;
        await frame.locator(`#export-${format}`).click();
        const input = page.locator('.quick-input-widget .quick-input-box input');
        // The dialog fills in its suggestion (a file beside the model) after it opens.
        await page.waitForFunction((expected) => document.querySelector('.quick-input-widget .quick-input-box input')?.value === expected, target);
        await input.press('Enter');
        // The editor says where it saved the file.
        await frame.locator(`#graph-status[data-exported="${target}"]`).waitFor({ state: 'attached' });
        assert.equal(await frame.locator('#summary').innerText(), `Saved the view to ${target}`);
        const bytes = readFileSync(target);
        if (format === 'svg') {
          const text = bytes.toString('utf8');
          assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
          const status = await statusOf(frame);
          assert.equal((text.match(/ data-key="/g) ?? []).length, Number(status.items), 'one shape per drawn item (the whole graph is in view)');
        } else assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG signature');
      }
      await screenshot(page, 'graph-export');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws a 5300-node graph\'s overview at once, then the inferred graph in its place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorsight-e2e-chain-'));
    try {
      const file = join(dir, 'chain-50.onnx');
      const made = spawnSync('/usr/bin/python3', [join(repoRoot, 'scripts/fixtures/chainOnnx.py'), join(repoRoot, 'test/fixtures/models/attention.onnx'), '50', file], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(made.status, 0, made.stderr);
      const expected = python([
        'import json, sys, onnx',
        'g = onnx.load(sys.argv[1], load_external_data=False).graph',
        'print(json.dumps({"nodes": len(g.node), "layers": len({n.name.split("/")[1] for n in g.node})}))',
      ].join('\n'), file);

      await quickOpen(page, file);
      const frame = activeWebview(page);
      await frame.locator('#graph-status[data-inferred="1"][data-state="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
      const status = await statusOf(frame);
      console.log(`      chain-50: ${status.nodes} nodes, shown ${status.payloads}, inferred frame ${(Number(status.inferredFrameAt) - Number(status.firstFrameAt)).toFixed(0)} ms after the first`);
      assert.equal(status.payloads, 'overview,inferred', 'the overview (the top level as the file declares it) is drawn first, then the inferred graph replaces it');
      assert.equal(Number(status.nodes), expected.nodes);
      assert.equal(Number(status.groups), expected.layers, 'one group per chained layer');
      assert.ok(Number(status.firstFrameAt) <= Number(status.inferredFrameAt));
      const summary = await frame.locator('#summary').innerText();
      assert.match(summary, /MACs/);
      assert.doesNotMatch(summary, /inferring/);
      await screenshot(page, 'graph-chain-50');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
