// The graph editor opens each format added in issue 15 in the real workbench: TFLite, a SavedModel, a frozen GraphDef,
// Caffe, Torch7, DL4J, GGUF and safetensors. Files whose extension the graph editor claims open from Quick Open; a
// Caffe .prototxt and a DL4J .zip (editor "option" patterns: most such files are not models) open as text first and
// then through Tensorsight: Open Model Graph, as a user opens them. Each is screenshot in light and dark; TFLite,
// GGUF and Caffe go to media/ as well.
// Expected names and figures come from the files themselves through independent readers: the expected.json tables
// beside the fixtures (Python's flatbuffers, protobuf, zipfile and struct; scripts/fixtures/*Expected.py) and, for
// Torch7, the class names the file records.
import { readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { basename, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { artifactsDir, developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { paletteTitle } from './manifest.mjs';
import { activeWebview, openWorkbench, quickOpen, runCommand, screenshot, screenshotIfFailed, updateReadmeScreenshot } from './workbench.mjs';

const upstream = join(repoRoot, 'test/fixtures/upstream');
const fixture = (path) => join(upstream, path);
const expected = (path) => JSON.parse(readFileSync(fixture(path), 'utf8'));

async function statusOf(frame) {
  return frame.locator('#graph-status').evaluate((element) => ({ ...element.dataset }));
}

/**
 * Opens `file` in the graph editor (through Open Model Graph when `command`), waits for the first scene of `format`
 * and two frames drawn, and returns the status with its JSON fields parsed.
 */
async function openGraph(page, file, format, { command = false } = {}) {
  await quickOpen(page, file);
  if (command) await runCommand(page, paletteTitle('tensorsight.graph.open'));
  const frame = activeWebview(page);
  await frame.locator(`#graph-status[data-state="ready"][data-format="${format}"]`).waitFor({ state: 'attached', timeout: 120_000 });
  await frame.locator('#graph-status[data-labels]').waitFor({ state: 'attached' });
  const status = await statusOf(frame);
  const parsed = { ...status, labels: JSON.parse(status.labels), groupLabels: JSON.parse(status.groupLabels ?? '[]') };
  console.log(`      ${basename(file)}: ${status.nodes} nodes, ${status.groups} top-level groups (${status.expanded} of ${status.totalGroups} open), ${status.items} items; labels ${parsed.labels.slice(0, 12).join(' | ')}`);
  return parsed;
}

/** Light and dark screenshots under test/e2e/artifacts; with `media`, copied to media/<name>.png and -dark.png too. */
async function shoot(page, name, { media = false } = {}) {
  // The pointer rests on the properties pane, so no tooltip covers the graph.
  await activeWebview(page).locator('#properties').hover();
  const light = await screenshot(page, name);
  if (!media) return;
  updateReadmeScreenshot(light, `${name}.png`);
  updateReadmeScreenshot(join(artifactsDir, `${name}-dark.png`), `${name}-dark.png`);
}

/** The colour legend's entries (`Conv (3)`) as {op: count}; notes without a count are left out. */
async function legendCounts(page) {
  const entries = await activeWebview(page).locator('#legend span').allInnerTexts();
  return Object.fromEntries(entries.map((text) => text.trim().match(/^(.+) \((\d+)\)$/)).filter(Boolean).map(([, op, count]) => [op, Number(count)]));
}

describe('graph editor: issue 15 formats', function () {
  let page;

  before(async () => {
    const { browser, server } = e2eSession();
    page = await openWorkbench(browser, server, developmentPayload(server));
    await page.locator('.part.activitybar a.action-label[aria-label^="Tensorsight"]').waitFor();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
    // One graph editor at a time: the next test's webview is the only one.
    await runCommand(page, 'View: Close All Editors');
  });

  after(async () => { await page?.close(); });

  it('opens a TFLite int8 MobileNet with one node per operator, labelled with its builtin op, kernel and stride', async () => {
    const figures = expected('tflite/expected.json').files['tflm_person_detect.tflite'];
    const status = await openGraph(page, fixture('tflite/tflm_person_detect.tflite'), 'tflite');
    assert.equal(Number(status.nodes), figures.operators, 'one node per operator of the subgraph');
    assert.ok(status.labels.includes(figures.inputs[0].name), `the input ${figures.inputs[0].name} is drawn`);
    assert.deepEqual(await legendCounts(page), figures.opTypes, 'the legend counts the operators of each builtin op');
    // Boxes read the builtin as TensorFlow names it (CONV_2D -> Conv2D), with its kernel and stride.
    assert.ok(status.labels.includes('Conv2D') && status.labels.includes('DepthwiseConv2D'), 'a convolution is labelled with its builtin op');
    assert.ok(status.labels.includes('3×3 /2'), 'the stem convolution reads its 3×3 kernel and stride 2');
    await shoot(page, 'graph-tflite', { media: true });
  });

  it('opens a SavedModel\'s saved_model.pb with the serving graph\'s ops', async () => {
    const figures = expected('savedmodel/expected.json').files.serving_half_plus_two_cpu_tf1.metaGraphs[0];
    const status = await openGraph(page, fixture('savedmodel/serving_half_plus_two_cpu_tf1/saved_model.pb'), 'tensorflow');
    assert.ok(Number(status.nodes) > 0 && Number(status.nodes) <= figures.nodes, `${status.nodes} nodes of the GraphDef's ${figures.nodes}`);
    const frame = activeWebview(page);
    // y = a * x + b, three times over (one per signature): search finds every Mul the GraphDef holds.
    await frame.locator('#search').fill('Mul');
    await frame.locator('#results li').first().waitFor();
    assert.ok(Number((await statusOf(frame)).results) >= figures.opTypes.Mul, `search finds the ${figures.opTypes.Mul} Mul nodes`);
    await frame.locator('#search').fill('');
    await shoot(page, 'graph-savedmodel');
  });

  it('opens a frozen GraphDef with one group per Keras layer', async () => {
    const figures = expected('tf-graphdef/expected.json').files['tf2onnx_fc-layers_frozen.pb'];
    const status = await openGraph(page, fixture('tf-graphdef/tf2onnx_fc-layers_frozen.pb'), 'tensorflow');
    const layers = [...new Set(Object.keys(figures.weights).map((name) => name.split('/')[0]))];
    const matmuls = figures.opTypes.MatMul;
    assert.equal(layers.length, matmuls, 'one weight scope per MatMul');
    for (const layer of layers) assert.ok(status.groupLabels.includes(layer), `group ${layer} in ${status.groupLabels.join(', ')}`);
    assert.ok(Number(status.nodes) >= figures.opTypes.MatMul + figures.opTypes.BiasAdd + figures.opTypes.Relu, 'every MatMul, BiasAdd and Relu is a node');
    await shoot(page, 'graph-graphdef');
  });

  it('opens a Caffe .prototxt through Open Model Graph with one node per layer, labelled with its type', async () => {
    const file = fixture('caffe/mtcnn/det2.prototxt');
    const figures = expected('caffe/caffe.expected.json').files['upstream/caffe/mtcnn/det2.prototxt'];
    // Layer types as the prototxt writes them: `type: "Convolution"` directly inside `layer { }` (a filler's type is deeper).
    const types = {};
    let depth = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const type = line.match(/^\s*type:\s*"(\w+)"/)?.[1];
      if (type && depth === 1) types[type] = (types[type] ?? 0) + 1;
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    }
    const status = await openGraph(page, file, 'caffe', { command: true });
    assert.equal(Number(status.nodes), figures.layers.length, 'one node per layer (the input is the graph input)');
    assert.equal(Object.values(types).reduce((sum, count) => sum + count, 0), figures.layers.length, `the prototxt's types ${JSON.stringify(types)}`);
    assert.ok(status.labels.includes(figures.input.name), `the input ${figures.input.name} is drawn`);
    assert.ok(status.labels.includes(`[${figures.input.shape.join(', ')}]`), 'the input shape from input_dim');
    // The first conv's output shape, as torch computed it for the expected table.
    assert.ok(status.labels.includes(`[${figures.layers[0].shape.join(', ')}]`), `${figures.layers[0].name}'s output shape is drawn`);
    assert.deepEqual(await legendCounts(page), types, 'the legend counts the layers of each type');
    // Names as the prototxt has them: search finds the second head by name.
    const frame = activeWebview(page);
    const last = figures.layers.at(-2).name;
    await frame.locator('#search').fill(last);
    await frame.locator('#results li', { hasText: last }).first().waitFor();
    await frame.locator('#search').fill('');
    await shoot(page, 'graph-caffe', { media: true });
  });

  it('opens a Torch7 nngraph gModule with one node per module', async () => {
    const file = fixture('torch7/gmodule_with_linear_identity.t7');
    // Torch7 writes each object's class as the version string "V 1" then the class name (both length-prefixed).
    const bytes = readFileSync(file);
    const classes = {};
    for (const match of bytes.toString('latin1').matchAll(/V 1[\s\S]{4}nn\.(\w+)/g)) classes[match[1]] = (classes[match[1]] ?? 0) + 1;
    delete classes.gModule;
    const status = await openGraph(page, file, 'torch7');
    assert.equal(Number(status.nodes), Object.values(classes).reduce((sum, count) => sum + count, 0), `one node per module: ${JSON.stringify(classes)}`);
    assert.deepEqual(await legendCounts(page), classes, 'the legend counts the modules of each class');
    for (const name of Object.keys(classes)) assert.ok(status.labels.includes(name), `${name} is drawn`);
    await shoot(page, 'graph-torch7');
  });

  it('opens a DL4J .zip through Open Model Graph with its three layers', async () => {
    const figures = expected('dl4j/dl4j.expected.json').files['upstream/dl4j/PredictGender.net.zip'];
    const status = await openGraph(page, fixture('dl4j/PredictGender.net.zip'), 'dl4j', { command: true });
    assert.equal(Number(status.nodes), figures.layers.length);
    for (const type of new Set(figures.layers.map((layer) => layer.type))) assert.ok(status.labels.some((label) => label.includes(type)), `${type} is drawn`);
    await shoot(page, 'graph-dl4j');
  });

  it('opens a llama GGUF as a transformer drawn from its metadata, one blocks.N group per block', async () => {
    const figures = expected('gguf/expected.json')['ggml-vocab-llama-spm.gguf'];
    const blocks = figures.scalars['llama.block_count'];
    const status = await openGraph(page, fixture('gguf/ggml-vocab-llama-spm.gguf'), 'gguf');
    for (let block = 0; block < blocks; block++) assert.ok(status.groupLabels.includes(`blocks.${block}`), `blocks.${block} is a group`);
    assert.ok(!status.groupLabels.includes(`blocks.${blocks}`), `no block past ${blocks - 1}`);
    // The file holds no tensors (a vocabulary file): every node comes from the metadata, a block being norm, attention,
    // residual add, norm, feed-forward, residual add, plus the embedding, the final norm and the head.
    assert.equal(figures.tensorCount, 0);
    assert.equal(Number(status.nodes), blocks * 6 + 3);
    assert.deepEqual(await legendCounts(page), { RMSNorm: 2 * blocks + 1, Add: 2 * blocks, Attention: blocks, FeedForward: blocks, Embedding: 1, LMHead: 1 });
    for (const op of ['Embedding', 'RMSNorm', 'Attention', 'FeedForward']) assert.ok(status.labels.includes(op), `${op} is drawn`);
    assert.ok(status.labels.includes(`[batch, sequence, ${figures.scalars['llama.embedding_length']}]`), 'the hidden size on the edges');
    await shoot(page, 'graph-gguf', { media: true });
  });

  it('opens a safetensors file as one node holding its tensors, in file order', async () => {
    const figures = expected('safetensors/expected.json')['hf_samples_overall.safetensors'];
    const tensors = Object.entries(figures.tensors).sort(([, a], [, b]) => a.begin - b.begin);
    const status = await openGraph(page, fixture('safetensors/hf_samples_overall.safetensors'), 'safetensors');
    assert.equal(Number(status.nodes), 1, 'a file of loose tensors (no architecture) is one node');
    // A box lists four weights and counts the rest.
    for (const [name, tensor] of tensors.slice(0, 4)) assert.ok(status.labels.includes(`${name} ⟨${tensor.shape.join('×')}⟩`), `${name} is listed`);
    assert.ok(status.labels.includes(`+${tensors.length - 4} more`));
    await shoot(page, 'graph-safetensors');
  });
});
