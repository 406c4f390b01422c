// Cost model on ops.onnx (scripts/fixtures/makeTinyModels.py): ConvTranspose, grouped dilated Conv,
// GRU, bidirectional LSTM, Linear and Einsum, against the MACs PyTorch's forward hooks measured on
// the module that was exported; totals of every tiny model against python3-onnx's figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../src/core/formats/registry';
import { scopeRows } from '../../src/core/ir/scopeTree';
import { summarizeModel } from '../../src/core/ir/summary';

const models = path.resolve(__dirname, '../fixtures/models');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(models, file), 'utf8'));

test('MACs of each module of ops.onnx equal torch\'s forward hooks', async () => {
  const torchFigures: { macs: Record<string, number>; outputShapes: number[][] } = readJson('ops.torch.json');
  const summary = summarizeModel(await openModel(path.join(models, 'ops.onnx')));
  const rows = new Map(scopeRows(summary.layers, 1).map((row) => [row.name, row]));
  for (const [module, macs] of Object.entries(torchFigures.macs)) {
    assert.equal(rows.get(module)?.macs, macs, module);
    assert.equal(rows.get(module)?.unknownMacs, 0, module);
  }
  // scores = einsum('bsc,btc->bst', logits, logits) over logits [1, 10, 3] (the head's output shape
  // as torch produced it): one MAC per (b, s, t, c).
  const einsum = summary.layers.find((layer) => layer.op === 'Einsum');
  assert.equal(einsum?.macs, 1 * 10 * 10 * 3);
  assert.equal(summary.macsUnknown, undefined, 'every layer costed');
  // The exporter declared the outputs with invented symbols; inference recovers torch's actual shapes.
  assert.deepEqual(summary.outputs.map((output) => output.shape), torchFigures.outputShapes);
  assert.equal(summary.macs, Object.values(torchFigures.macs).reduce((a, b) => a + b, 0) + einsum!.macs!);
});

test('totals of the tiny models equal python3-onnx\'s figures', async () => {
  type Figures = { params: number; paramBytes: number; nodes: number; constants: unknown; weightAliases: number; opTypes: Record<string, number>; inputs: unknown };
  const figures: Record<string, Figures> = readJson('tiny.figures.json');
  for (const [file, expected] of Object.entries(figures)) {
    const summary = summarizeModel(await openModel(path.join(models, file)));
    const pick = ({ params, paramBytes, nodes, constants, weightAliases, opTypes, inputs }: Figures) => ({ params, paramBytes, nodes, constants, weightAliases, opTypes, inputs });
    assert.deepEqual(pick(summary), pick(expected), file);
  }
});
