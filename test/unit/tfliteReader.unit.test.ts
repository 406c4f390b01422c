// The TFLite reader against independent figures: expected.json from Python's flatbuffers runtime
// (scripts/fixtures/tfliteExpected.py), the fixture manifest's counts, and published facts about
// the models; a synthetic model built with the flatbuffers Builder covers control flow, appended
// buffers, sparse tensors and custom options; corrupted files fail with a FormatError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { tfliteFormat } from '../../src/core/formats/tflite/format';
import { tfliteRuleSet } from '../../src/core/formats/tflite/tfliteCost';
import { readTflite } from '../../src/core/formats/tflite/tfliteReader';
import type { TfliteValue } from '../../src/core/formats/tflite/tfliteTensors';
import { CostModel } from '../../src/core/ir/cost';
import type { Model } from '../../src/core/ir/graph';
import { ShapeInference } from '../../src/core/ir/shapeInference';
import { summarizeModel } from '../../src/core/ir/summary';
import { WeightIndex } from '../../src/core/ir/weightIndex';
import { EXTERNAL_AT, syntheticModel } from './tfliteSynthetic';
import { matches } from './formatMatch';

const folder = path.resolve(__dirname, '../fixtures/upstream/tflite');
const expected: { files: Record<string, Expected> } = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8'));

interface Io {
  index: number;
  name: string | null;
  dtype: string;
  shape: number[];
  shapeSignature: number[] | null;
}

interface Expected {
  description: string | null;
  version: number;
  subgraphs: number;
  operatorCodes: number;
  operators: number;
  opTypes: Record<string, number>;
  tensors: number;
  inputs: Io[];
  outputs: Io[];
  macsByOp: Record<string, number>;
  constantTensors: number;
  params: number;
  storedBytes: number;
  paramsByDtype: Record<string, { tensors: number; elements: number }>;
  quantizedTensors: number;
  perAxisQuantizedTensors: number;
  sparseTensors: number;
  variableTensors: number;
  customOps: string[];
  metadata: Record<string, number>;
  minRuntimeVersion?: string;
  signatures: { key: string; subgraph: number; inputs: string[]; outputs: string[] }[];
}

/** MACs per op with the tflite rules (what summarizeModel reports once ruleSets.ts maps 'tflite' to them), and the ops left unknown. */
function costs(model: Model): { byOp: Record<string, number>; unknown: string[] } {
  const inference = new ShapeInference(model.graph, { rules: tfliteRuleSet, opset: 3, bindings: new Map(), functions: new Map() });
  const byOp: Record<string, number> = {};
  const unknown = new Set<string>();
  for (const [node, cost] of new CostModel(inference, WeightIndex.of(model.graph)).costAll()) {
    if (cost.macs === null) unknown.add(node.op);
    else if (cost.macs > 0) byOp[node.op] = (byOp[node.op] ?? 0) + cost.macs;
  }
  return { byOp, unknown: [...unknown].sort() };
}

const values = (model: Model) => [...model.graph.values.values()] as TfliteValue[];
/** The IR's declared shape of a Python row: shape_signature's -1 is the batch at axis 0. */
const irShape = (io: Io) => io.shape.map((dim, axis) => (io.shapeSignature?.[axis] === -1 ? (axis === 0 ? 'batch' : null) : dim));
/** The IR's name, dtype and shape of a Python row; an unnamed tensor is named by its index. */
const irIo = (io: Io) => ({ name: io.name ?? `tensor_${io.index}`, dtype: io.dtype, shape: irShape(io) });

test('expected.json covers every fixture', () => {
  assert.deepEqual(Object.keys(expected.files).sort(), fs.readdirSync(folder).filter((name) => name.endsWith('.tflite')).sort());
});

for (const [file, want] of Object.entries(expected.files)) {
  test(`${file} matches Python's flatbuffers decoding`, async () => {
    const model = await readTflite(path.join(folder, file));
    const summary = summarizeModel(model);
    assert.equal(model.format, 'tflite');
    assert.deepEqual(model.versions, { tflite: want.version });
    assert.equal(model.producer ?? null, want.description);
    assert.equal(model.metadata.subgraphs, String(want.subgraphs));
    assert.equal(model.metadata.operator_codes, String(want.operatorCodes));
    assert.equal(summary.nodes, want.operators);
    assert.deepEqual(summary.opTypes, want.opTypes);
    assert.equal(model.graph.values.size, want.tensors);
    assert.deepEqual(summary.inputs, want.inputs.map(irIo));
    assert.deepEqual(summary.outputs, want.outputs.map(irIo));
    // Every constant tensor is a stored weight: params and bytes as the buffers hold them.
    assert.equal(summary.params, want.params);
    const stored = values(model).filter((value) => value.initializer);
    assert.equal(stored.length, want.constantTensors);
    assert.equal(stored.reduce((sum, value) => sum + value.initializer!.byteLength!, 0), want.storedBytes);
    assert.deepEqual(Object.fromEntries(Object.entries(summary.paramsByDtype).map(([dtype, entry]) => [dtype, entry.elements])), Object.fromEntries(Object.entries(want.paramsByDtype).map(([dtype, entry]) => [dtype, entry.elements])));
    const quantized = values(model).filter((value) => value.attrs?.quantization && (value.attrs.quantization as Record<string, unknown>).scale !== undefined);
    assert.equal(quantized.length, want.quantizedTensors);
    assert.equal(quantized.filter((value) => (value.attrs!.quantization as Record<string, unknown>).scheme === 'per-axis').length, want.perAxisQuantizedTensors);
    assert.equal(values(model).filter((value) => value.attrs?.sparsity).length, want.sparseTensors);
    assert.equal(values(model).filter((value) => value.attrs?.variable).length, want.variableTensors);
    assert.equal(model.metadata.custom_ops, want.customOps.length > 0 ? want.customOps.join(', ') : undefined);
    assert.deepEqual(Object.fromEntries(Object.entries(model.metadata).filter(([key]) => key.startsWith('metadata.')).map(([key, size]) => [key.slice(9), Number.parseInt(size, 10)])), want.metadata);
    assert.equal(model.metadata.min_runtime_version, want.minRuntimeVersion);
    assert.equal(model.metadata.signatures, want.signatures.length > 0 ? want.signatures.map((each) => each.key).join(', ') : undefined);
    for (const signature of want.signatures) {
      const text = model.metadata[`signature.${signature.key}`];
      assert.match(text, new RegExp(`^subgraph ${signature.subgraph} `));
      for (const alias of [...signature.inputs, ...signature.outputs]) assert.ok(text.includes(`${alias}=`), `${alias} in ${text}`);
    }
    const { byOp, unknown } = costs(model);
    for (const [op, macs] of Object.entries(want.macsByOp)) assert.equal(byOp[op], macs, `${op} MACs`);
    // Only custom ops have no rule; every builtin of these models is costed (0 for elementwise, pooling, softmax, reshapes).
    assert.deepEqual(unknown, want.customOps);
    assert.deepEqual(model.warnings, []);
  });
}

test('the fixture manifest agrees on operators, tensors and opcodes', async () => {
  const manifest = fs.readFileSync(path.resolve(folder, '../MANIFEST.tsv'), 'utf8').split('\n').filter((line) => line.startsWith('tflite/'));
  assert.equal(manifest.length, Object.keys(expected.files).length);
  for (const line of manifest) {
    const [file, , , , , , , contents] = line.split('\t');
    const model = await readTflite(path.join(folder, file.slice('tflite/'.length)));
    const [, operators, tensors] = /operators=(\d+) tensors=(\d+)/.exec(contents)!;
    assert.equal(model.graph.nodes.length, Number(operators), file);
    assert.equal(model.graph.values.size, Number(tensors), file);
    // The manifest's tool printed code 98 as builtin#98 and named code 70 TRANSPOSE_CONV; schema.fbs has
    // LEAKY_RELU = 98 and EXPAND_DIMS = 70 (TRANSPOSE_CONV = 67), and tflm_id_model's opcode table holds 70 in both fields.
    // The manifest lists the opcode table, which may hold codes no operator uses (keyword_scrambled's DEQUANTIZE).
    const [, count, list] = /opcodes=(\d+) \(([^)]*)\)/.exec(contents)!;
    const codes = new Set(list.split(',').map((code) => ({ 'builtin#98': 'LEAKY_RELU', TRANSPOSE_CONV: 'EXPAND_DIMS' })[code] ?? code));
    assert.equal(model.metadata.operator_codes, count, file);
    for (const node of model.graph.nodes) assert.ok(codes.has(node.op), `${file}: ${node.op} not among ${[...codes].join(', ')}`);
  }
});

test('published facts: person_detect is MobileNet v1 0.25 on 96x96x1 int8 with 2 classes', async () => {
  const model = await readTflite(path.join(folder, 'tflm_person_detect.tflite'));
  const summary = summarizeModel(model);
  assert.deepEqual(summary.inputs, [{ name: 'input', dtype: 'int8', shape: [1, 96, 96, 1] }]);
  assert.deepEqual(summary.outputs.map((io) => [io.dtype, io.shape]), [['int8', [1, 2]]]);
  assert.ok(model.graph.nodes.every((node) => node.scope[0] === 'MobilenetV1'));
  // MobileNet v1 0.25: 0.47M params with its 1000-class head (256 x 1000 + 1000); without it, ~0.21M.
  assert.ok(summary.params > 205_000 && summary.params < 220_000, `params ${summary.params}`);
  // 0.25 at 224: 41M MACs; at 96 (x (96/224)^2) about 7.5M, less the 1000-class head and 2 of 3 input channels.
  const macs = Object.values(costs(model).byOp).reduce((a, b) => a + b, 0);
  assert.ok(macs > 6.5e6 && macs < 7.6e6, `MACs ${macs}`);
  const conv = model.graph.nodes.find((node) => node.op === 'CONV_2D')!;
  assert.equal(conv.attrs.padding, 'SAME');
  assert.equal(conv.attrs.fused_activation_function, 'RELU6');
  const weights = model.graph.values.get(conv.inputs[1]) as TfliteValue;
  assert.equal((weights.attrs!.quantization as Record<string, unknown>).scheme, 'per-axis');
  assert.equal((weights.attrs!.quantization as Record<string, unknown>).channels, weights.initializer!.shape[0]);
});

test('published facts: hello_world is Dense(16) Dense(16) Dense(1), mnist_lstm LSTM(20) Flatten Dense(10)', async () => {
  const hello = summarizeModel(await readTflite(path.join(folder, 'tflm_hello_world_int8.tflite')));
  assert.equal(hello.params, 1 * 16 + 16 + 16 * 16 + 16 + 16 * 1 + 1);
  const lstm = await readTflite(path.join(folder, 'tflm_mnist_trained_lstm.tflite'));
  // Keras counts 4 x 20 x (28 + 20 + 1) + 560 x 10 + 10 = 9530; the file also stores the Reshape's 2-element shape.
  assert.equal(summarizeModel(lstm).params, 4 * 20 * (28 + 20 + 1) + 560 * 10 + 10 + 2);
  const cell = lstm.graph.nodes[0];
  assert.equal(cell.op, 'UNIDIRECTIONAL_SEQUENCE_LSTM');
  assert.equal(cell.attrs.fused_activation_function, 'TANH');
  assert.equal(cell.attrs.cell_clip, 10);
  assert.equal(costs(lstm).byOp.UNIDIRECTIONAL_SEQUENCE_LSTM, 28 * 4 * 20 * (28 + 20));
});

test('float16 weights: mediapipe face detection keeps float16 constants behind DEQUANTIZE', async () => {
  const model = await readTflite(path.join(folder, 'mediapipe_face_detection_short_range.tflite'));
  const dequantize = model.graph.nodes.filter((node) => node.op === 'DEQUANTIZE');
  assert.ok(dequantize.every((node) => model.graph.values.get(node.inputs[0])?.initializer?.dtype === 'float16'));
  assert.ok(dequantize.every((node) => model.graph.values.get(node.outputs[0])?.type?.dtype === 'float32'));
});

async function withFile<T>(bytes: Uint8Array, body: (file: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tflite-'));
  const file = path.join(dir, 'model.tflite');
  fs.writeFileSync(file, bytes);
  try {
    return await body(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('synthetic model: control flow, appended buffers, sparse tensors, custom ops, wide opcodes, signatures', async () => {
  await withFile(syntheticModel(), async (file) => {
    const model = await readTflite(file);
    assert.deepEqual(model.warnings, []);
    const [fc, gelu, loop, custom] = model.graph.nodes;
    assert.deepEqual(model.graph.nodes.map((node) => node.op), ['FULLY_CONNECTED', 'GELU', 'WHILE', 'TFLite_Detection_PostProcess']);
    assert.equal(fc.attrs.fused_activation_function, 'RELU');
    assert.deepEqual(fc.inputs, ['x', 'fc/weights', '']);
    assert.equal(gelu.attrs.version, 2);
    assert.equal(custom.domain, 'custom');
    assert.equal(custom.attrs.custom_options_bytes, 20);
    assert.equal(custom.attrs.custom_options_format, 'FLEXBUFFERS');
    // Buffer.offset/size: the weights live after the flatbuffer.
    assert.deepEqual(model.graph.values.get('fc/weights')!.initializer, { dtype: 'float32', shape: [2, 4], file, offset: EXTERNAL_AT, byteLength: 32 });
    assert.deepEqual((model.graph.values.get('fc/weights') as TfliteValue).attrs!.quantization, { scheme: 'per-axis', scale: [0.5, 0.25], zero_point: [0, 0], quantized_dimension: 0, channels: 2 });
    const anchors = model.graph.values.get('anchors') as TfliteValue;
    assert.equal(anchors.initializer!.encoding, 'tflite.sparse');
    assert.equal(anchors.initializer!.byteLength, 12);
    assert.deepEqual(anchors.attrs!.sparsity, { traversal_order: [0, 1], dim_metadata: [{ format: 'DENSE', dense_size: 4 }, { format: 'SPARSE_CSR', segments: 5, indices: 3 }] });
    // WHILE gets its cond and body; the body's own WHILE names them but does not nest them again.
    assert.deepEqual(Object.keys(loop.subgraphs!), ['cond', 'body']);
    assert.equal(loop.attrs.body_subgraph, 'body');
    const inner = loop.subgraphs!.body.nodes[1];
    assert.equal(inner.op, 'WHILE');
    assert.equal(inner.subgraphs, undefined);
    assert.equal(inner.attrs.cond_subgraph, 'cond');
    assert.deepEqual(model.functions!.map((graph) => graph.name), ['extra']);
    assert.equal(model.metadata.min_runtime_version, '1.5.0');
    assert.equal(model.metadata['metadata.TFLITE_METADATA'], '16 bytes');
    assert.equal(model.metadata.signatures, 'serving_default');
    assert.equal(model.metadata['signature.serving_default'], 'subgraph 0 (main); inputs x_alias=x; outputs y_alias=detections');
    const summary = summarizeModel(model);
    assert.deepEqual(summary.inputs, [{ name: 'x', dtype: 'float32', shape: ['batch', 4] }]);
    assert.equal(summary.params, 8 + 16);
    assert.equal(summary.totalNodes, 4 + 1 + 2);
    const { byOp, unknown } = costs(model);
    assert.equal(byOp.FULLY_CONNECTED, 2 * 4);
    assert.deepEqual(unknown, ['TFLite_Detection_PostProcess', 'WHILE']);
  });
});

test('bad input fails with a FormatError naming the file', async () => {
  const good = fs.readFileSync(path.join(folder, 'tflm_micro_speech_quantized.tflite'));
  await withFile(good.subarray(0, 6), async (file) => {
    await assert.rejects(readTflite(file), (error: unknown) => error instanceof FormatError && error.file === file && /too short/.test(error.message));
  });
  const rootPastEnd = Buffer.from(good);
  rootPastEnd.writeUInt32LE(good.length + 100, 0);
  await withFile(rootPastEnd, async (file) => {
    await assert.rejects(readTflite(file), (error: unknown) => error instanceof FormatError && /outside the/.test(error.message));
  });
  await withFile(good.subarray(0, Math.floor(good.length / 2)), async (file) => {
    await assert.rejects(readTflite(file), (error: unknown) => error instanceof FormatError);
  });
});

test('corrupted bytes never crash the reader: a model or a FormatError', async () => {
  const good = fs.readFileSync(path.join(folder, 'tflm_hello_world_int8.tflite'));
  let seed = 15;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let formatErrors = 0;
  for (let round = 0; round < 150; round++) {
    const bytes = Buffer.from(good);
    for (let flips = 0; flips < 4; flips++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    await withFile(bytes, async (file) => {
      try {
        summarizeModel(await readTflite(file));
      } catch (error) {
        assert.ok(error instanceof FormatError, `round ${round}: ${(error as Error).stack}`);
        formatErrors++;
      }
    });
  }
  assert.ok(formatErrors > 0);
});

test('the descriptor matches TFL3 flatbuffers only', () => {
  const head = fs.readFileSync(path.join(folder, 'tfjs_tflite_add4.tflite')).subarray(0, 4096);
  assert.equal(matches(tfliteFormat, head, 'x.bin'), true);
  assert.equal(matches(tfliteFormat, Buffer.from('\x08\x00\x00\x00ONNX'), 'x.tflite'), false);
  assert.deepEqual(tfliteFormat.extensions, ['.tflite', '.lite']);
});
