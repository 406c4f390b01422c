// Summaries of models exported as a user's PyTorch 1.13 exports them (scripts/fixtures/makeExporterModels.py):
// random-weight torchvision models whose equal folded biases, and an nn.TransformerEncoder whose
// deep-copied layers, the exporter shares through Identity nodes. Expected figures come from torch
// (per-module parameters, conv sizes) and from python3-onnx reading the file (scripts/fixtures/onnxFigures.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureExported, type ExporterFigures } from '../../scripts/fixtures/exporterModels';
import { findPython, onnxFigures } from '../../scripts/fixtures/generatedModels';
import { openModel } from '../../src/core/formats/registry';
import { buildModelOutline } from '../../src/core/ir/modelOutline';
import { scopeRows } from '../../src/core/ir/scopeTree';
import { summarizeModel, type ModelSummary } from '../../src/core/ir/summary';
import { formatSummaryText } from '../../src/core/ir/summaryText';

const { python, reason } = findPython(['torch', 'torchvision', 'onnx']);
const skip = python ? false : reason;

interface FileFigures {
  params: number;
  nodes: number;
  opTypes: Record<string, number>;
  weightAliases: number;
  initializerElements: number;
  layerParams: Record<string, number>;
}

function exported(name: string): { onnx: string; figures: ExporterFigures } {
  const result = ensureExported(name);
  if ('skip' in result) return assert.fail(result.skip);
  return result;
}

function fileFigures(onnx: string): FileFigures {
  return (onnxFigures(python!, ['model', onnx]) as Record<string, FileFigures>)[onnx];
}

/** Checks every rule that does not depend on the architecture: totals, no alias rows, per-layer weights. */
function assertCounting(summary: ModelSummary, file: FileFigures): void {
  assert.ok(file.weightAliases > 0, 'the export shares initializers through Identity nodes (the case under test)');
  assert.equal(summary.params, file.initializerElements, 'total params = the initializer elements python3-onnx counts');
  assert.equal(summary.params, file.params);
  assert.equal(summary.weightAliases, file.weightAliases);
  assert.equal(summary.nodes, file.nodes);
  assert.deepEqual(summary.opTypes, file.opTypes);
  assert.ok(!('Identity' in summary.opTypes), 'no Identity in opTypes');
  assert.ok(summary.layers.every((layer) => layer.op !== 'Identity'), 'no Identity rows');
  assert.ok(scopeRows(summary.layers, Infinity).every((row) => row.op !== 'Identity'), 'no Identity rows in the scope groups');
  for (const layer of summary.layers) assert.equal(layer.params, file.layerParams[layer.name] ?? 0, `${layer.name}: the weights it reads, through aliases`);
}

for (const name of ['resnet18', 'mobilenet_v2', 'resnet50']) {
  test(`${name} as PyTorch exports it: params, no Identity rows, each Conv holds weight and bias`, { skip, timeout: 900_000 }, async () => {
    const { onnx, figures } = exported(name);
    const model = await openModel(onnx);
    const summary = summarizeModel(model);
    assertCounting(summary, fileFigures(onnx));

    // torch: every Conv2d exports as a Conv holding its weight and a bias of out_channels elements (its
    // BatchNorm folded in). Node names do not spell module paths, so the sizes are compared as multisets.
    const convs = summary.layers.filter((layer) => layer.op === 'Conv');
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    assert.deepEqual(sorted(convs.map((layer) => layer.params)), sorted(Object.values(figures.convs)), 'Conv rows hold weight + bias');
    const shared = convs.filter((layer) => layer.sharedParams);
    assert.ok(shared.length > 0, 'equal folded biases are shared between convolutions');
    for (const layer of shared) assert.ok(layer.sharedWith! >= 1 && Object.keys(layer.sharedWeights!).length > 0, layer.name);
    const text = formatSummaryText(summary);
    const marked = `${shared[0].params.toLocaleString('en-US')}*`;
    assert.ok(text.split('\n').some((line) => line.includes(' (Conv) ') && line.includes(` ${marked} `)), `a Conv row reads ${marked}: shared params are marked`);
    assert.match(text, /^\* shares stored weights with other layers; the total counts each stored tensor once$/m);

    // The Model view lists the bias under the conv that reads it, with the tensor stored behind the alias.
    const details = buildModelOutline(model).details;
    const aliased = shared.flatMap((layer) => details[layer.id].weights).find((weight) => weight.storedAs);
    assert.ok(aliased?.sharedWith && aliased.sharedWith.count >= 1, 'an aliased bias names the tensor it is stored as and who shares it');
  });
}

test('12-layer nn.TransformerEncoder: each layer holds its own weights, peak activation excludes them', { skip, timeout: 900_000 }, async () => {
  const { onnx, figures } = exported('transformer');
  const summary = summarizeModel(await openModel(onnx));
  assertCounting(summary, fileFigures(onnx));
  const { seq, d_model: d, dim_feedforward: f, layers } = figures.shapes!;

  // The layers are deep copies, so the file stores one layer's tensors and shares them with the other eleven.
  const rows = new Map(scopeRows(summary.layers, 1).map((row) => [row.name, row]));
  assert.equal(Object.keys(figures.layers!).length, layers);
  for (const [layer, params] of Object.entries(figures.layers!)) {
    const row = rows.get(layer);
    assert.ok(row, `${layer} has a scope row`);
    assert.equal(row.params, params, `${layer}: sum(p.numel() for p in layer.parameters())`);
    assert.equal(row.sharedParams, params, `${layer}: all of it shared with the other layers`);
    // Q, K, V and output projections 4·S·d², scores and weighted sum 2·S²·d, feed-forward 2·S·d·F.
    assert.equal(row.macs, 4 * seq * d * d + 2 * seq * seq * d + 2 * seq * d * f, `${layer} MACs`);
  }

  // By hand: the largest set of activations alive at once is in the feed-forward block, at linear1's
  // bias Add: its MatMul output [S, 1, F] and the Add's output [S, 1, F], plus the block input x
  // [S, 1, d] held for the residual: 2·S·F·4 + S·d·4 bytes = 1,114,112 for S 64, F 2048, d 256.
  // (Attention scores are 8·S·S·4 = 128 KiB; the stored weights, 5 MiB, are no activations.)
  const byHand = 2 * seq * f * 4 + seq * d * 4;
  assert.ok(summary.peakActivationBytes !== null);
  assert.ok(Math.abs(summary.peakActivationBytes / byHand - 1) <= 0.1, `peak ${summary.peakActivationBytes} within 10% of ${byHand}`);
});
