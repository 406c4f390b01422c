// TensorFlow SavedModels and frozen GraphDefs against scripts/fixtures/tensorflowExpected.py, which decodes the
// same files with Google's protobuf runtime (protoc-compiled messages) and a plain-Python LevelDB table reader:
// node counts by op, signatures, the checkpoint's variables, parameter counts; plus MACs of a dense network,
// detection against ONNX, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { looksLikeOnnx } from '../../src/core/formats/onnx/onnxDetect';
import { graphDefFormat, savedModelFormat } from '../../src/core/formats/tensorflow/format';
import { readGraphDef } from '../../src/core/formats/tensorflow/graphDefReader';
import { readSavedModel } from '../../src/core/formats/tensorflow/savedModelReader';
import { snappyDecompress } from '../../src/core/formats/tensorflow/snappy';
import { readBundleIndex } from '../../src/core/formats/tensorflow/tensorBundle';
import { tensorflowRuleSet } from '../../src/core/formats/tensorflow/tfRuleSet';
import { CostModel } from '../../src/core/ir/cost';
import type { Graph, Model } from '../../src/core/ir/graph';
import { ShapeInference } from '../../src/core/ir/shapeInference';
import { summarizeModel } from '../../src/core/ir/summary';
import { WeightIndex } from '../../src/core/ir/weightIndex';
import { matches } from './formatMatch';

const fixtures = path.resolve(__dirname, '../fixtures');
const upstream = path.join(fixtures, 'upstream');
type Info = { name: string; dtype: string; shape: (number | null)[] | null };
type Signature = { method: string; inputs: Record<string, Info>; outputs: Record<string, Info> };
interface SavedExpected {
  schemaVersion: number;
  numShards: number;
  params: number;
  variables: { name: string; dtype: string; shape: number[]; shard: number; offset: number; size: number }[];
  metaGraphs: {
    tags: string[];
    tensorflowVersion: string;
    nodes: number;
    opTypes: Record<string, number>;
    functions: Record<string, { nodes: number; opTypes: Record<string, number>; inputs: string[]; outputs: string[] }>;
    signatures: Record<string, Signature>;
    objectGraph: { nodes: number; variables: Record<string, boolean> } | null;
  }[];
}
interface FrozenExpected {
  nodes: number;
  opTypes: Record<string, number>;
  placeholders: { name: string; dtype: string; shape: (number | null)[] | null }[];
  weights: Record<string, { dtype: string; shape: number[] }>;
  params: number;
  portInputs: number;
  controlInputs: number;
}
const load = <T>(kind: string) => (JSON.parse(fs.readFileSync(path.join(upstream, kind, 'expected.json'), 'utf8')) as { files: Record<string, T> }).files;
const saved = load<SavedExpected>('savedmodel');
const frozen = load<FrozenExpected>('tf-graphdef');

/** Ops of a graph as the file names them: a rewritten function call counts under its call op. */
function ops(graph: Graph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of graph.nodes) {
    const op = typeof node.attrs.call_op === 'string' ? node.attrs.call_op : node.op;
    counts[op] = (counts[op] ?? 0) + 1;
  }
  return counts;
}
const initializers = (graph: Graph) => [...graph.values.values()].filter((value) => value.initializer);
/** Nodes the reader turned into values: Placeholders (graph inputs nothing produces) and Consts/variables it made initializers. */
function withValueNodes(graph: Graph, nodeInitializers: string[]): Record<string, number> {
  const counts = ops(graph);
  const produced = new Set(graph.nodes.flatMap((node) => node.outputs));
  const placeholders = graph.inputs.filter((name) => !produced.has(name) && !graph.values.get(name)?.initializer).length;
  if (placeholders > 0) counts.Placeholder = (counts.Placeholder ?? 0) + placeholders;
  for (const op of nodeInitializers) counts[op] = (counts[op] ?? 0) + 1;
  return counts;
}

test('expected.json covers every fixture: 3 SavedModels and 3 frozen GraphDefs', () => {
  assert.equal(Object.keys(saved).length, 3);
  assert.equal(Object.keys(frozen).length, 3);
});

for (const [folder, expected] of Object.entries(saved)) {
  test(`SavedModel ${folder}: meta graph, ops, functions, signatures and variables match protobuf's decoding`, async () => {
    const dir = path.join(upstream, 'savedmodel', folder);
    const model = await readSavedModel(dir);
    const meta = expected.metaGraphs[0];
    assert.equal(model.format, 'tensorflow');
    assert.equal(model.metadata.tags, meta.tags.join(','));
    assert.equal(model.metadata.schemaVersion, String(expected.schemaVersion));
    assert.equal(model.versions?.tensorflow, meta.tensorflowVersion);
    assert.deepEqual(JSON.parse(model.metadata.signatureDefs), meta.signatures);
    // Every op the reader keeps as a node is counted exactly; Placeholders, Consts and variables may become values.
    const counts = ops(model.graph);
    for (const [op, count] of Object.entries(meta.opTypes)) {
      if (['Placeholder', 'Const', 'VariableV2', 'VarHandleOp'].includes(op)) assert.ok((counts[op] ?? 0) <= count, `${op}`);
      else assert.equal(counts[op], count, `${folder}: ${op}`);
    }
    const bundleNames = new Set(expected.variables.map((variable) => variable.name));
    const fromNodes = initializers(model.graph).filter((value) => !bundleNames.has(value.name) || meta.opTypes.VariableV2);
    const variableOp = meta.opTypes.VariableV2 ? 'VariableV2' : 'VarHandleOp';
    const total = Object.values(withValueNodes(model.graph, fromNodes.map(() => variableOp))).reduce((a, b) => a + b, 0);
    assert.equal(total, meta.nodes, 'nodes + placeholders + variables taken as values = the GraphDef nodes');
    // Functions: TF2 keeps the computation there.
    const functions = new Map((model.functions ?? []).map((fn) => [fn.name.replace(/^tf::/, ''), fn]));
    assert.deepEqual([...functions.keys()].sort(), Object.keys(meta.functions).sort());
    for (const [name, fn] of Object.entries(meta.functions)) {
      const graph = functions.get(name)!;
      assert.deepEqual(ops(graph), fn.opTypes, name);
      assert.deepEqual(graph.inputs, fn.inputs, `${name} inputs`);
      assert.equal(graph.outputs.length, fn.outputs.length, `${name} outputs`);
    }
    // Variables from variables.index (never variables.data).
    const bundle = await readBundleIndex(path.join(dir, 'variables', 'variables.index'));
    assert.equal(bundle.numShards, expected.numShards);
    assert.deepEqual(
      bundle.variables.map((variable) => ({ name: variable.name, dtype: variable.dtype, shape: variable.shape, shard: variable.shard, offset: variable.ref?.offset, size: variable.ref?.byteLength })),
      expected.variables.map((variable) => ({ name: variable.name, dtype: variable.dtype, shape: variable.shape, shard: variable.shard, offset: variable.offset, size: variable.size })),
    );
    const summary = summarizeModel(model);
    assert.equal(summary.params, expected.params);
    // Trainable flags come from the SavedObjectGraph, keyed by checkpoint name.
    for (const [key, trainable] of Object.entries(meta.objectGraph?.variables ?? {})) {
      const offset = expected.variables.find((variable) => variable.name === key)?.offset;
      const value = model.graph.values.get(key) ?? initializers(model.graph).find((each) => each.initializer?.offset === offset && each.initializer?.dtype === 'float32');
      assert.equal(value?.trainable, trainable, key);
    }
    assert.deepEqual(model.warnings, []);
  });
}

test('SavedModel opens from its saved_model.pb as from its folder; a TF1 variable reads its checkpoint bytes range', async () => {
  const dir = path.join(upstream, 'savedmodel', 'serving_half_plus_two_cpu_tf1');
  const model = await readSavedModel(path.join(dir, 'saved_model.pb'));
  const a = model.graph.values.get('a')?.initializer;
  assert.deepEqual({ file: a?.file, offset: a?.offset, byteLength: a?.byteLength }, { file: path.join(dir, 'variables', 'variables.data-00000-of-00001'), offset: 0, byteLength: 4 });
  assert.deepEqual(model.graph.inputs.slice(0, 3), ['x', 'tf_example', 'x2']);
  // x is a PlaceholderWithDefault (an op): its type is the node's _output_shapes.
  assert.deepEqual(model.graph.values.get('x')?.type, { dtype: 'float32', shape: [null, 1] });
});

for (const [file, expected] of Object.entries(frozen)) {
  test(`GraphDef ${file}: ops, placeholders, weights, ports and params match protobuf's decoding`, async () => {
    const model = await readGraphDef(path.join(upstream, 'tf-graphdef', file));
    const weights = initializers(model.graph);
    assert.deepEqual(withValueNodes(model.graph, weights.map(() => 'Const')), expected.opTypes);
    assert.deepEqual(
      model.graph.inputs.map((name) => ({ name, dtype: model.graph.values.get(name)?.type?.dtype, shape: model.graph.values.get(name)?.type?.shape ?? null })),
      // Unknown dims of inputs become symbols (batch first).
      expected.placeholders.map((input) => ({ ...input, shape: input.shape?.map((dim, axis) => dim ?? (axis === 0 ? 'batch' : `${input.name}_dim${axis}`)) ?? null })),
    );
    assert.deepEqual(Object.fromEntries(weights.map((value) => [value.name, { dtype: value.initializer!.dtype, shape: value.initializer!.shape }]).sort(([a], [b]) => String(a).localeCompare(String(b)))), expected.weights);
    const ports = model.graph.nodes.flatMap((node) => node.inputs).filter((input) => /:\d+$/.test(input)).length;
    assert.equal(ports, expected.portInputs);
    assert.equal(model.graph.nodes.reduce((sum, node) => sum + ((node.attrs.control_inputs as string[] | undefined)?.length ?? 0), 0), expected.controlInputs);
    assert.equal(summarizeModel(model).params, expected.params);
    // tensor_content is referenced in place: its byte range lies inside the file.
    for (const value of weights) {
      const ref = value.initializer!;
      if (ref.offset !== undefined) assert.ok(ref.offset + ref.byteLength! <= model.fileBytes && ref.byteLength === ref.shape.reduce((a, b) => a * b, 1) * 4, value.name);
    }
  });
}

/** MACs over the graph with the TensorFlow rules (symbolic batch taken as 1). */
function macs(model: Model): { total: number; unknown: string[] } {
  const inference = new ShapeInference(model.graph, { rules: tensorflowRuleSet, opset: 0, bindings: new Map(), functions: new Map((model.functions ?? []).map((fn) => [fn.name, fn])) });
  const costs = new CostModel(inference, WeightIndex.of(model.graph)).costAll();
  let total = 0;
  const unknown: string[] = [];
  for (const [node, cost] of costs) {
    if (cost.macs === null) unknown.push(node.op);
    else total += cost.macs;
  }
  return { total, unknown };
}

test('GraphDef fc-layers: the dense layers cost in_features x out_features MACs each, from the kernels protobuf reports', async () => {
  const expected = frozen['tf2onnx_fc-layers_frozen.pb'];
  const kernels = Object.entries(expected.weights).filter(([name]) => name.endsWith('/kernel'));
  assert.equal(kernels.length, 3);
  const model = await readGraphDef(path.join(upstream, 'tf-graphdef', 'tf2onnx_fc-layers_frozen.pb'));
  const { total, unknown } = macs(model);
  assert.deepEqual(unknown, []);
  assert.equal(total, kernels.reduce((sum, [, kernel]) => sum + kernel.shape[0] * kernel.shape[1], 0));
});

test('GraphDef lstm: the 28 unrolled cell MatMuls each read the frozen 156x512 kernel through its /read alias', async () => {
  const model = await readGraphDef(path.join(upstream, 'tf-graphdef', 'tf2onnx_lstm_frozen.pb'));
  const weights = WeightIndex.of(model.graph);
  const cell = model.graph.nodes.filter((node) => node.op === 'MatMul' && weights.reads(node).some((read) => read.tensor.name === 'rnn/basic_lstm_cell/kernel'));
  assert.equal(cell.length, 28);
  assert.equal(weights.resolve('rnn/basic_lstm_cell/kernel/read')?.elements, 156 * 512);
});

test('TF2 SavedModel: the signature call goes through its library function and gives the scalar output type', async () => {
  const model = await readSavedModel(path.join(upstream, 'savedmodel', 'tfjs_node_times_three_float'));
  const call = model.graph.nodes.find((node) => node.attrs.call_op === 'StatefulPartitionedCall' && node.name === 'StatefulPartitionedCall');
  assert.ok(call);
  assert.equal(call.op, '__inference_signature_wrapper_32');
  const inference = new ShapeInference(model.graph, { rules: tensorflowRuleSet, opset: 0, bindings: new Map(), functions: new Map((model.functions ?? []).map((fn) => [fn.name, fn])) });
  assert.ok(inference.calls.has(call));
  assert.deepEqual(inference.type(call.outputs[0]), { dtype: 'float32', shape: [] });
});

test('detection: TF fixtures match their own matcher only, and no ONNX fixture matches a TF matcher', () => {
  const head = (file: string) => {
    const fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(4096);
    const length = fs.readSync(fd, buffer, 0, 4096, 0);
    fs.closeSync(fd);
    return buffer.subarray(0, length);
  };
  for (const folder of Object.keys(saved)) {
    const file = path.join(upstream, 'savedmodel', folder, 'saved_model.pb');
    assert.equal(matches(savedModelFormat, head(file)), true, folder);
    assert.equal(matches(graphDefFormat, head(file)), false, folder);
    assert.equal(looksLikeOnnx(head(file)), false, folder);
  }
  for (const name of Object.keys(frozen)) {
    const file = path.join(upstream, 'tf-graphdef', name);
    assert.equal(matches(graphDefFormat, head(file)), true, name);
    assert.equal(matches(savedModelFormat, head(file)), false, name);
    assert.equal(looksLikeOnnx(head(file)), false, name);
  }
  const onnxFiles = [...fs.readdirSync(path.join(upstream, 'onnx')).map((name) => path.join(upstream, 'onnx', name)), ...fs.readdirSync(path.join(fixtures, 'models')).map((name) => path.join(fixtures, 'models', name))].filter((file) => file.endsWith('.onnx'));
  assert.ok(onnxFiles.length >= 15);
  for (const file of onnxFiles) {
    assert.equal(looksLikeOnnx(head(file)), true, file);
    assert.equal(matches(graphDefFormat, head(file)), false, file);
    assert.equal(matches(savedModelFormat, head(file)), false, file);
  }
});

test('snappy: literals and overlapping copies; corrupt blocks fail instead of reading out of bounds', () => {
  // length 8, literal "ab", copy of 6 bytes from 2 back (overlapping) -> "abababab"
  assert.equal(Buffer.from(snappyDecompress(Uint8Array.from([8, 0x04, 0x61, 0x62, 0x09, 2]), 100)).toString(), 'abababab');
  assert.throws(() => snappyDecompress(Uint8Array.from([8, 0x04, 0x61, 0x62, 0x09, 9]), 100), /out of range/);
  assert.throws(() => snappyDecompress(Uint8Array.from([9, 0x04, 0x61, 0x62, 0x09, 2]), 100), /declares 9/);
  assert.throws(() => snappyDecompress(Uint8Array.from([200, 1]), 100), /more than the 100/);
});

test('bad input: truncated and corrupt files give FormatErrors naming the file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-tf-test-'));
  try {
    const index = fs.readFileSync(path.join(upstream, 'savedmodel', 'serving_half_plus_two_cpu_tf1', 'variables', 'variables.index'));
    const cut = path.join(dir, 'cut.index');
    fs.writeFileSync(cut, index.subarray(0, index.length - 3));
    await assert.rejects(readBundleIndex(cut), (error: unknown) => error instanceof FormatError && /magic/.test(error.message) && error.file === cut);
    const corrupt = Buffer.from(index);
    corrupt[3] = 0xff; // inside the snappy-compressed data block
    const bad = path.join(dir, 'bad.index');
    fs.writeFileSync(bad, corrupt);
    await assert.rejects(readBundleIndex(bad), (error: unknown) => error instanceof FormatError);
    const graph = fs.readFileSync(path.join(upstream, 'tf-graphdef', 'tf2onnx_fc-layers_frozen.pb'));
    const truncated = path.join(dir, 'truncated.pb');
    fs.writeFileSync(truncated, graph.subarray(0, 5000));
    await assert.rejects(readGraphDef(truncated), (error: unknown) => error instanceof FormatError && error.file === truncated);
    const empty = path.join(dir, 'empty.pb');
    fs.writeFileSync(empty, '');
    await assert.rejects(readGraphDef(empty), /empty file/);
    const text = path.join(dir, 'saved_model.pbtxt');
    fs.writeFileSync(text, 'saved_model_schema_version: 1\n');
    await assert.rejects(readSavedModel(text), /text-format SavedModels/);
    const noMeta = path.join(dir, 'saved_model.pb');
    fs.writeFileSync(noMeta, Uint8Array.from([0x08, 0x01]));
    await assert.rejects(readSavedModel(noMeta), /no meta graphs/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
