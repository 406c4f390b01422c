// Our shape inference against onnx.shape_inference (python3-onnx) on the same files: every shape
// onnx knows fully we must know exactly, and no dim may contradict it. Reference files written by
// scripts/fixtures/onnxFigures.py shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../src/core/formats/registry';
import type { Dim } from '../../src/core/ir/graph';
import { ruleSetFor } from '../../src/core/ir/ruleSets';
import { ShapeInference } from '../../src/core/ir/shapeInference';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const models = path.resolve(__dirname, '../fixtures/models');

const references: [root: string, shapes: Record<string, Record<string, Dim[]>>][] = [
  [fixtures, JSON.parse(fs.readFileSync(path.join(models, 'onnx-shapes.json'), 'utf8'))],
  [models, JSON.parse(fs.readFileSync(path.join(models, 'tiny.shapes.json'), 'utf8'))],
];

/** Symbols of the graph inputs (batch, seq) must survive; exporters' invented ones (TopKtop_dim_0) may resolve to numbers. */
const inputSymbols = (shapes: (Dim[] | undefined)[]) => new Set(shapes.flatMap((shape) => (shape ?? []).filter((dim): dim is string => typeof dim === 'string')));

for (const [root, byFile] of references) {
  for (const [file, reference] of Object.entries(byFile)) {
    test(`shapes of ${file} agree with onnx.shape_inference`, async () => {
      const model = await openModel(path.join(root, file));
      const opset = Number(model.versions?.['ai.onnx']);
      const functions = new Map((model.functions ?? []).map((graph) => [graph.name, graph]));
      const inference = new ShapeInference(model.graph, { rules: ruleSetFor('onnx'), opset, bindings: new Map(), functions });
      const symbols = inputSymbols(model.graph.inputs.map((input) => model.graph.values.get(input)?.type?.shape));
      let compared = 0;
      for (const [name, expected] of Object.entries(reference)) {
        const actual = inference.type(name)?.shape;
        const fullyKnown = expected.every((dim) => typeof dim === 'number');
        if (fullyKnown) {
          assert.deepEqual(actual, expected, `${name}: onnx knows ${JSON.stringify(expected)}`);
          compared++;
          continue;
        }
        if (!actual) continue;
        compared++;
        assert.equal(actual.length, expected.length, `${name}: rank of ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
        actual.forEach((dim, i) => {
          const want = expected[i];
          if (typeof want === 'number') assert.ok(dim === want || dim === null || typeof dim === 'string', `${name}[${i}]: ${dim} vs ${want}`);
          if (typeof want === 'string' && symbols.has(want)) assert.ok(dim === want || dim === null, `${name}[${i}]: ${dim} where onnx has the input symbol ${want}`);
        });
      }
      assert.ok(compared > 0, 'no inferred shape to compare');
    });
  }
}

test('binding symbolic dims resolves the attention block to numbers', async () => {
  const model = await openModel(path.join(models, 'attention.onnx'));
  const inference = new ShapeInference(model.graph, { rules: ruleSetFor('onnx'), opset: 17, bindings: new Map([['batch', 2], ['seq', 10]]), functions: new Map() });
  // Scores of 4 heads over 10 tokens for a batch of 2: [batch * heads, seq, seq], as PyTorch's
  // MultiheadAttention computes them (d_model 32 split into 4 heads of 8).
  assert.deepEqual(inference.type('/self_attn/MatMul_1_output_0')?.shape, [8, 10, 10]);
  assert.deepEqual(inference.type(model.graph.outputs[0])?.shape, [2, 10, 32]);
});
