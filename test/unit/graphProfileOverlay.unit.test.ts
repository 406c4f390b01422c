// A model profile laid over its graph by graph node name (profileOverlay.ts). The rows copy the shapes of a real ORT
// 1.30 cpu profile of PaddleOCR's mobile classifier (test/fixtures/upstream/onnx/paddleocr_*, not read here): a
// Conv+BatchNorm+Relu fused into one NCHWc kernel named after its output, plain nodes, and the layout reorders ORT
// inserts, which stand for no graph node. Expected figures are worked by hand from the rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overlayNodeFor, profileLabel, profileOverlay } from '../../src/core/graph/profileOverlay';
import type { NodeRow } from '../../src/core/profile/modelProfile';

function row(name: string, op: string, totalUs: number, pct: number, calls: number, graphNodes: string[], provider = 'CPUExecutionProvider', fellBack = false): NodeRow {
  return { name, op, provider, calls, totalUs, meanUs: totalUs / calls, p90Us: totalUs / calls, pct, inputShapes: [], outputShapes: [], activationBytes: null, parameterBytes: null, fellBack, graphNodes };
}

const rows: NodeRow[] = [
  row('relu_0.tmp_0_nchwc', 'Conv', 300, 30, 10, ['p2o.Conv.0', 'p2o.BatchNormalization.0', 'p2o.Relu.0']),
  row('p2o.Add.0', 'Add', 200, 20, 10, ['p2o.Add.0']),
  row('ReorderOutput_token_222', 'ReorderOutput', 100, 10, 10, []),
  // One graph node timed in two rows: a Mul that ran on webgpu and, for one shape, fell back to the CPU.
  row('p2o.Mul.0', 'Mul', 250, 25, 10, ['p2o.Mul.0'], 'WebGpuExecutionProvider'),
  row('p2o.Mul.0', 'Mul', 150, 15, 5, ['p2o.Mul.0'], 'CPUExecutionProvider', true),
];

test('a fused kernel is split equally among the graph nodes it stands for, and says so', () => {
  const overlay = profileOverlay({ ep: 'cpu', runs: 10, nodes: rows });
  for (const name of ['p2o.Conv.0', 'p2o.BatchNormalization.0', 'p2o.Relu.0']) {
    const timing = overlay.nodes[name];
    assert.equal(timing.totalUs, 100, name);
    assert.equal(timing.pct, 10, name);
    assert.equal(timing.calls, 10, 'each member ran in every call of the kernel');
    assert.equal(timing.meanUs, 10);
    assert.deepEqual(timing.fused, { name: 'relu_0.tmp_0_nchwc', op: 'Conv', totalUs: 300, nodes: 3 });
    assert.equal(timing.row, 'relu_0.tmp_0_nchwc');
  }
  assert.equal(overlay.nodes['p2o.Add.0'].row, undefined, 'a row named as its node names no other');
  assert.equal(overlay.nodes['p2o.Add.0'].fused, undefined, 'a row of one node is no fusion');
  assert.equal(overlay.nodes['p2o.Add.0'].totalUs, 200);
});

test('rows that stand for no graph node are counted apart; the total is every row', () => {
  const overlay = profileOverlay({ ep: 'cpu', runs: 10, nodes: rows });
  assert.equal(overlay.unplacedUs, 100);
  assert.equal(overlay.totalUs, 300 + 200 + 100 + 250 + 150);
  assert.equal(overlay.nodes.ReorderOutput_token_222, undefined);
  const placed = Object.values(overlay.nodes).reduce((sum, timing) => sum + timing.totalUs, 0);
  assert.equal(placed + overlay.unplacedUs, overlay.totalUs, 'splitting loses no time');
  assert.deepEqual(Object.keys(overlay.nodes).sort(), ['p2o.Add.0', 'p2o.BatchNormalization.0', 'p2o.Conv.0', 'p2o.Mul.0', 'p2o.Relu.0']);
});

test('a node timed in two rows adds them up, names both providers and keeps the fall-back', () => {
  const mul = profileOverlay({ ep: 'webgpu', runs: 10, nodes: rows }).nodes['p2o.Mul.0'];
  assert.equal(mul.totalUs, 400);
  assert.equal(mul.pct, 40);
  assert.equal(mul.calls, 15);
  assert.ok(Math.abs(mul.meanUs - 400 / 15) < 1e-9);
  assert.equal(mul.provider, 'WebGpuExecutionProvider, CPUExecutionProvider');
  assert.equal(mul.fellBack, true);
});

test('labels, ids, and node names that are also Object.prototype keys', () => {
  const a = profileOverlay({ ep: 'cpu', runs: 1, nodes: [row('__proto__', 'Relu', 5, 100, 1, ['__proto__'])] });
  const b = profileOverlay({ ep: 'cpu', runs: 1, nodes: [] });
  assert.equal(a.nodes.__proto__.totalUs, 5);
  assert.equal(JSON.parse(JSON.stringify(a)).nodes.__proto__.totalUs, 5, 'it survives the trip to the webview');
  assert.notEqual(a.id, b.id);
  assert.equal(a.label, 'cpu · 1 run');
  assert.equal(profileLabel({ ep: 'webgpu', runs: 20 }), 'webgpu · 20 runs');
  assert.equal(profileOverlay({ ep: 'cpu', runs: 2, nodes: [] }, 'mine', 'x').label, 'mine');
});

test('a Profile panel row of a renamed or fused kernel stands for the first graph node it was made from', () => {
  const overlay = profileOverlay({ ep: 'cpu', runs: 10, nodes: rows });
  assert.equal(overlayNodeFor(overlay, 'relu_0.tmp_0_nchwc'), 'p2o.Conv.0');
  assert.equal(overlayNodeFor(overlay, 'p2o.Add.0'), 'p2o.Add.0');
  assert.equal(overlayNodeFor(overlay, 'ReorderOutput_token_222'), 'ReorderOutput_token_222', 'a row of no graph node stays as named');
  assert.equal(overlayNodeFor(overlay, 'hasOwnProperty'), 'hasOwnProperty');
});
