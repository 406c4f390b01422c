// Weight statistics streamed from the file, against numpy over python3-onnx's numpy_helper on the same initializers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { findPython } from '../../scripts/fixtures/generatedModels';
import { weightStats } from '../../src/core/graph/weightStats';
import { openModel } from '../../src/core/formats/registry';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const { python, reason } = findPython(['onnx', 'numpy']);

test('min, max, mean and std of float initializers equal numpy\'s', { skip: python ? false : reason }, async () => {
  const file = path.join(fixtures, 'onnx/silero_vad_legacy.onnx');
  const run = spawnSync(python!, ['-c', [
    'import json, sys, onnx',
    'from onnx import numpy_helper',
    'm = onnx.load(sys.argv[1])',
    'out = {}',
    'def walk(g):',
    '    for t in g.initializer:',
    '        a = numpy_helper.to_array(t).astype("float64")',
    '        if a.size >= 100 and t.data_type == 1: out[t.name] = [int(a.size), float(a.min()), float(a.max()), float(a.mean()), float(a.std())]',
    '    for n in g.node:',
    '        for at in n.attribute:',
    '            if at.type == onnx.AttributeProto.GRAPH: walk(at.g)',
    'walk(m.graph)',
    'print(json.dumps(out))',
  ].join('\n'), file], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const expected = JSON.parse(run.stdout) as Record<string, [number, number, number, number, number]>;
  assert.ok(Object.keys(expected).length > 5, 'the model has float weights to check');
  const model = await openModel(file);
  const refs = new Map<string, NonNullable<ReturnType<typeof model.graph.values.get>>['initializer']>();
  const walk = (graph: typeof model.graph): void => {
    for (const [name, value] of graph.values) if (value.initializer) refs.set(name, value.initializer);
    for (const node of graph.nodes) for (const body of Object.values(node.subgraphs ?? {})) walk(body);
  };
  walk(model.graph);
  for (const [name, [count, min, max, mean, std]] of Object.entries(expected)) {
    const stats = await weightStats(refs.get(name)!);
    assert.equal(stats.count, count, name);
    assert.equal(stats.min, min, `${name} min`);
    assert.equal(stats.max, max, `${name} max`);
    assert.ok(Math.abs(stats.mean - mean) <= 1e-9 * Math.max(1, Math.abs(mean)), `${name} mean ${stats.mean} vs ${mean}`);
    assert.ok(Math.abs(stats.std - std) <= 1e-9 * Math.max(1, std), `${name} std ${stats.std} vs ${std}`);
    assert.equal(stats.nonFinite, 0);
  }
});

test('a tensor whose bytes run past the end of the file is refused with the offset', async () => {
  const file = path.join(fixtures, 'onnx/silero_vad_legacy.onnx');
  await assert.rejects(weightStats({ dtype: 'float32', shape: [1000], file, offset: 1e9 }), /silero_vad_legacy\.onnx \(at byte 1000000000\): the file ends inside float32\[1000\]/);
  await assert.rejects(weightStats({ dtype: 'float32', shape: [4], file, offset: 0, encoding: 'uint8' }), /values stored as uint8 are not read/);
});
