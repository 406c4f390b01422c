// The graph editor's first view in the real workbench, for six everyday models: ResNet-50 (ONNX), a TF.js layers
// MobileNetV2, a Keras .h5, a TorchScript module, a 12-layer transformer (ONNX) and a 39k-node transformer chain.
// Each opens from Quick Open (the graph editor is the default for these files; the model.json from Open Model Graph) and is screenshot at open in light and
// dark. At open: the graph input and the first layers' labels are drawn, every group is named from the model (no
// index chunks), and expanding a group leaves it on screen.
// Expected names and figures come from python3-onnx, torch and the files' own JSON, never from the extension.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { basename, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { paletteTitle } from './manifest.mjs';
import { activeWebview, openWorkbench, quickOpen, runCommand, screenshot, screenshotHighContrast, screenshotIfFailed, updateReadmeScreenshot } from './workbench.mjs';

const python3 = '/usr/bin/python3';
const generated = join(repoRoot, 'test/fixtures/generated');
const attention = join(repoRoot, 'test/fixtures/models/attention.onnx');

/** Runs a generator (a python3 script or a node script) unless `output` exists. */
function makeOnce(output, command, args, timeout = 900_000) {
  if (existsSync(output)) return output;
  mkdirSync(generated, { recursive: true });
  const run = spawnSync(command, args, { encoding: 'utf8', timeout, cwd: repoRoot });
  assert.equal(run.status, 0, `${basename(args[0])}: ${run.stderr?.slice(-2000) ?? run.error}`);
  assert.ok(existsSync(output), `${output} was written`);
  return output;
}

/** Runs a python3 snippet (Debian's python3 with python3-onnx) and parses its JSON output. */
function python(snippet, ...args) {
  const run = spawnSync(python3, ['-c', snippet, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

/** Node names and graph inputs of an ONNX file, read with python3-onnx. */
function onnxNames(file) {
  return python([
    'import json, sys, onnx',
    'g = onnx.load(sys.argv[1], load_external_data=False).graph',
    'init = {t.name for t in g.initializer}',
    'print(json.dumps({"nodes": [n.name for n in g.node], "inputs": [i.name for i in g.input if i.name not in init]}))',
  ].join('\n'), file);
}


async function statusOf(frame) {
  return frame.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
}

/** Opens `file`, waits for its first scene and returns the status then. */
async function openGraph(page, file, { inferred = true, asText = false } = {}) {
  await quickOpen(page, file);
  // A model.json opens as text (most JSON files are not models): Open Model Graph opens the active file's graph.
  if (asText) await runCommand(page, paletteTitle('tensorsight.graph.open'));
  const frame = activeWebview(page);
  const ready = inferred ? '[data-inferred="1"][data-state="ready"]' : '[data-state="ready"]';
  await frame.locator(`#graph-status${ready}[data-path$="${basename(file)}"]`).waitFor({ state: 'attached', timeout: 180_000 });
  // Two frames after the scene, so the probes hold what is on screen.
  await frame.locator('#graph-status[data-labels]').waitFor({ state: 'attached' });
  return statusOf(frame);
}

/** Whether every group label is made of model names: each part (a derived block names its first and last node) occurs in some name. */
function assertNamedFromModel(labels, names, what) {
  assert.ok(labels.length > 0, `${what} has groups`);
  for (const label of labels) {
    assert.doesNotMatch(label, /^nodes \[/, `${what}: an index chunk`);
    for (const part of label.split(' … ')) assert.ok(names.some((name) => name.includes(part)), `${what}: group "${label}" is not named from the model`);
  }
}

describe('graph editor first view', function () {
  let page;
  const files = {};

  before(async function () {
    this.timeout(1_800_000);
    files.resnet50 = makeOnce(join(generated, 'resnet50.onnx'), python3, ['scripts/fixtures/makeModels.py', generated, 'resnet50', '--onnx-only']);
    files.torchscript = makeOnce(join(generated, 'resnet18.torchscript.pt'), python3, ['scripts/fixtures/makeModels.py', generated, 'resnet18']);
    files.mobilenet = makeOnce(join(generated, 'tfjs-mobilenet-v2/model.json'), process.execPath, ['scripts/fixtures/tfjsMobileNet.mjs', join(generated, 'tfjs-mobilenet-v2')]);
    files.transformer = makeOnce(join(generated, 'transformer-12.onnx'), python3, ['scripts/fixtures/chainOnnx.py', attention, '12', join(generated, 'transformer-12.onnx')]);
    files.chain = makeOnce(join(generated, 'transformer-370.onnx'), python3, ['scripts/fixtures/chainOnnx.py', attention, '370', join(generated, 'transformer-370.onnx')]);
    files.keras = join(repoRoot, 'demo/models/lstm_bidirectional.h5');
    const { browser, server } = e2eSession();
    page = await openWorkbench(browser, server, developmentPayload(server));
    await page.locator('.part.activitybar a.action-label[aria-label^="Tensorsight"]').waitFor();
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await page?.close(); });

  it('opens ResNet-50 at its input, with the stem convolution labelled and named groups', async () => {
    const names = onnxNames(files.resnet50);
    const status = await openGraph(page, files.resnet50);
    const labels = JSON.parse(status.labels);
    console.log(`      resnet50: ${status.nodes} nodes, ${status.totalGroups} groups, ${status.expanded} open, scale ${status.scale}; first labels ${labels.slice(0, 8).join(' | ')}`);
    assert.ok(labels.includes(names.inputs[0]), `the graph input ${names.inputs[0]} is drawn`);
    assert.ok(labels.includes('Conv'), 'the first Conv is labelled');
    assert.ok(labels.some((text) => text.includes('7×7')), 'the stem convolution shows its 7×7 kernel');
    assert.ok(Number(status.scale) >= 0.75, `readable at open (scale ${status.scale})`);
    assertNamedFromModel(JSON.parse(status.groupLabels), names.nodes, 'ResNet-50');
    // The pointer rests on the properties pane, so no tab's tooltip shows in the README's picture.
    await activeWebview(page).locator('#properties').hover();
    updateReadmeScreenshot(await screenshot(page, 'graph-resnet50'), 'graph.png');
    await screenshotHighContrast(page, 'graph-resnet50');
  });

  it('opens a TF.js layers MobileNetV2 grouped by its layer-name blocks', async () => {
    const topology = JSON.parse(readFileSync(files.mobilenet, 'utf8')).modelTopology;
    const layers = (topology.model_config ?? topology).config.layers.map((layer) => layer.name);
    const status = await openGraph(page, files.mobilenet, { asText: true });
    const groups = JSON.parse(status.groupLabels);
    assertNamedFromModel(groups, layers, 'MobileNetV2');
    assert.ok(groups.includes('block_1') && groups.includes('block_16'), `blocks from layer names: ${groups.slice(0, 20).join(', ')}`);
    assert.ok(JSON.parse(status.labels).includes(layers[0]), `the input layer ${layers[0]} is drawn`);
    await screenshot(page, 'graph-tfjs-mobilenet');
  });

  it('opens a Keras .h5 with five inputs as one connected graph', async () => {
    const config = python([
      'import json, sys, h5py',
      'c = json.loads(h5py.File(sys.argv[1], "r").attrs["model_config"])',
      'print(json.dumps({"inputs": [l["config"]["name"] for l in c["config"]["layers"] if l["class_name"] == "InputLayer"], "ops": sorted({l["class_name"] for l in c["config"]["layers"]} - {"InputLayer"})}))',
    ].join('\n'), files.keras);
    const status = await openGraph(page, files.keras);
    assert.equal(status.format, 'keras');
    assert.equal(status.connected, '1', 'every drawn item is reachable from a graph input (it used to be 11 pieces)');
    const labels = JSON.parse(status.labels);
    assert.ok(labels.includes(config.inputs[0]), `the first input ${config.inputs[0]} is drawn: ${labels.slice(0, 30).join(' | ')}`);
    for (const op of config.ops) assert.ok(labels.includes(op), `${op} layers are labelled`);
    await screenshot(page, 'graph-keras-h5');
  });

  it('opens a TorchScript module with groups from its module paths', async () => {
    const status = await openGraph(page, files.torchscript);
    assert.equal(status.format, 'pytorch');
    const groups = JSON.parse(status.groupLabels);
    // torchvision's ResNet-18 modules, as torch names them.
    for (const module of ['layer1', 'layer4']) assert.ok(groups.includes(module), `group ${module} in ${groups.slice(0, 20).join(', ')}`);
    assert.doesNotMatch(groups.join('\n'), /^nodes \[/m);
    await screenshot(page, 'graph-torchscript');
  });

  it('opens a 12-layer transformer with one group per layer', async () => {
    const names = onnxNames(files.transformer);
    const status = await openGraph(page, files.transformer);
    const groups = JSON.parse(status.groupLabels);
    assertNamedFromModel(groups, names.nodes, 'transformer');
    for (let layer = 0; layer < 12; layer++) assert.ok(groups.includes(`layers.${layer}`), `layers.${layer} is a group`);
    await screenshot(page, 'graph-transformer-12');
  });

  it('opens the 39k-node chain collapsed, and an expanded group stays on screen', async () => {
    const names = onnxNames(files.chain);
    const status = await openGraph(page, files.chain, { inferred: false });
    console.log(`      chain: ${status.nodes} nodes, ${status.groups} top groups, first frame ${status.firstFrameAt} ms (page clock), payloads ${status.payloads}`);
    assert.equal(Number(status.nodes), names.nodes.length);
    assert.equal(status.expanded, '0', 'a graph this big opens collapsed');
    assertNamedFromModel(JSON.parse(status.groupLabels), names.nodes, 'chain');
    await screenshot(page, 'graph-chain-39k');
    const frame = activeWebview(page);
    const [first] = JSON.parse(status.topGroups);
    await frame.locator('canvas#graph').click({ position: { x: first.x, y: first.y } });
    await frame.locator('#graph-status[data-expanded="1"]').waitFor({ state: 'attached' });
    await frame.locator(`#graph-status[data-selected="g:${first.id}"]`).waitFor({ state: 'attached' });
    const after = await statusOf(frame);
    const box = JSON.parse(after.selectedBox);
    const canvas = await frame.locator('canvas#graph').boundingBox();
    assert.ok(box.x < canvas.width && box.y < canvas.height && box.x + box.width > 0 && box.y + box.height > 0, `the expanded group ${first.id} is on screen: ${after.selectedBox}`);
    assert.ok(box.y >= 0 && box.y < canvas.height / 2, `its title is in view: ${after.selectedBox}`);
    await screenshot(page, 'graph-chain-39k-expanded');
  });
});
