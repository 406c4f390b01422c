// Summaries of torchvision models exported to ONNX by Debian's PyTorch (generated on first run into
// the git-ignored test/fixtures/generated; skipped only when PyTorch is not importable). Expected
// figures: torchvision's published totals, what torch measured while exporting (parameters per
// module, Conv2d/Linear MACs from forward hooks) and what python3-onnx reads from the exported file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureGenerated, findPython, onnxFigures } from '../../scripts/fixtures/generatedModels';
import { openModel } from '../../src/core/formats/registry';
import type { Dim } from '../../src/core/ir/graph';
import { scopeRows } from '../../src/core/ir/scopeTree';
import { summarizeModel } from '../../src/core/ir/summary';

// torchvision's model docs: parameters and GFLOPS (multiply-accumulates, 224x224 input).
const published: Record<string, { params: number; macs: number }> = {
  resnet18: { params: 11_689_512, macs: 1.81e9 },
  mobilenet_v2: { params: 3_504_872, macs: 0.3e9 },
};

const { python, reason } = findPython(['torch', 'torchvision', 'onnx']);

for (const [name, reference] of Object.entries(published)) {
  test(`${name} exported to ONNX: params, MACs and per-module totals`, { skip: python ? false : reason, timeout: 900_000 }, async () => {
    const generated = ensureGenerated(name);
    if ('skip' in generated) return assert.fail(generated.skip);
    const { onnx, figures } = generated;
    assert.equal(figures.params, reference.params, 'the generated model is torchvision\'s architecture');

    const summary = summarizeModel(await openModel(onnx));
    type Figures = { params: number; paramBytes: number; nodes: number; opTypes: Record<string, number> };
    const fromOnnx = (onnxFigures(python!, ['model', onnx]) as Record<string, Figures>)[onnx];
    assert.equal(summary.params, fromOnnx.params, 'stored tensor elements, as python3-onnx counts them');
    assert.equal(summary.paramBytes, fromOnnx.paramBytes);
    assert.equal(summary.nodes, fromOnnx.nodes);
    assert.deepEqual(summary.opTypes, fromOnnx.opTypes);

    assert.equal(summary.macsUnknown, undefined, 'every layer costed');
    assert.equal(summary.macs, figures.macs, 'Conv and Gemm MACs equal what torch\'s forward hooks measured');
    assert.ok(Math.abs(summary.macs / reference.macs - 1) < 0.02, `MACs ${summary.macs} within 2% of the published ${reference.macs}`);
    assert.equal(summary.flops, 2 * summary.macs);

    // The exporter folds each BatchNorm (2C parameters) into the Conv before it as a bias (C elements);
    // ReLU6's Clip bounds are Constant nodes, constants rather than params. resnet's stem BatchNorm is
    // a top-level module of its own and lands in conv1.
    const expected = new Map(Object.entries(figures.children).map(([child, f]) => [child, { params: f.params - f.batchNormChannels, macs: f.macs }]));
    const stem = expected.get('bn1');
    if (stem) {
      expected.get('conv1')!.params += stem.params;
      expected.delete('bn1');
    }
    const groups = new Map(scopeRows(summary.layers, 1).map((row) => [row.name, row]));
    for (const [child, want] of expected) {
      if (want.params === 0 && want.macs === 0) continue;
      const row = groups.get(child);
      assert.ok(row, `module ${child} has a scope row`);
      assert.deepEqual({ params: row.params, macs: row.macs, unknownMacs: row.unknownMacs }, { ...want, unknownMacs: 0 }, child);
    }
  });
}

test('resnet18 output shapes agree with onnx.shape_inference on the exported file', { skip: python ? false : reason, timeout: 900_000 }, async () => {
  const generated = ensureGenerated('resnet18');
  if ('skip' in generated) return assert.fail(generated.skip);
  const reference = Object.values(onnxFigures(python!, ['shapes', '/', generated.onnx]) as Record<string, Record<string, Dim[]>>)[0];
  const summary = summarizeModel(await openModel(generated.onnx), { dims: { batch: 1 } });
  const ours = new Map<string, Dim[] | null>();
  const model = await openModel(generated.onnx);
  model.graph.nodes.forEach((node, index) => node.outputs.forEach((output, i) => ours.set(output, summary.layers[index].outputShapes[i])));
  assert.ok(Object.keys(reference).length >= 40);
  for (const [value, shape] of Object.entries(reference)) {
    // onnx keeps the symbolic batch; we bound it to 1.
    assert.deepEqual(ours.get(value), shape.map((dim) => (dim === 'batch' ? 1 : dim)), value);
  }
});
