// Real files of formats Tensorsight cannot read yet: detection names the format (never "broken ONNX" or
// "unrecognized"), and the CLI's summary says so on stderr with exit code 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat } from '../../src/core/formats/registry';
import { FormatError } from '../../src/core/formats/formatError';
import { main } from '../../src/cli/main';
import { tempDirsFor } from './tempDirs';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const tempDir = tempDirsFor('tensorsight-unsupported-');

// file (MANIFEST.tsv row) -> the format the message names
const rows: [file: string, named: string][] = [
  // Starts like an ONNX ModelProto (08 01 12 ...): this file was reported as "not an ONNX model or truncated".
  ['savedmodel/serving_half_plus_two_cpu_tf1/saved_model.pb', 'a TensorFlow SavedModel'],
  ['tflite/tfjs_tflite_add4.tflite', 'a TensorFlow Lite model'],
  ['tf-graphdef/tf2onnx_regression_graphdef_frozen.pb', 'a TensorFlow GraphDef'],
  ['safetensors/hf_samples_B_u8.safetensors', 'a safetensors file'],
  ['caffe/mtcnn/det1.prototxt', 'a Caffe model'],
  ['torch7/floattensor.t7', 'a Torch7 file'],
  ['dl4j/trained_iris_model.zip', 'a DeepLearning4J model'],
  // A .json: without the content check the TF.js reader would say "not a TF.js model".
  ['traces/pytorch/kineto_docs_before_fix_trace.json', 'a profiler trace (trace-event JSON)'],
];

const message = (named: string) => new RegExp(`\\(at byte 0\\): looks like ${named.replace(/[()]/g, '\\$&')}: not supported yet \\(Tensorsight reads ONNX, Keras, TF\\.js and PyTorch models: \\.onnx, `);

for (const [file, named] of rows) {
  test(`${file} is named as ${named}`, () => {
    assert.throws(() => detectFormat(path.join(fixtures, file)), (error: unknown) => error instanceof FormatError && message(named).test(error.message));
  });
}

test('magic bytes name the format under any name (a TF Lite model renamed .bin, a trace without .json)', () => {
  const dir = tempDir();
  for (const [file, named, as] of [[rows[1][0], rows[1][1], 'model.bin'], [rows[7][0], rows[7][1], 'trace']]) {
    const copy = path.join(dir, as);
    fs.copyFileSync(path.join(fixtures, file), copy);
    assert.throws(() => detectFormat(copy), (error: unknown) => error instanceof FormatError && message(named).test(error.message));
  }
});

test('an empty file is said to be empty', () => {
  const empty = path.join(tempDir(), 'model');
  fs.writeFileSync(empty, '');
  assert.throws(() => detectFormat(empty), (error: unknown) => error instanceof FormatError && error.message === `${empty} (at byte 0): empty file: no model format to detect (.onnx, .keras, .h5, .hdf5, .json, .pt, .pth, .bin, .ckpt)`);
});

test('tensorsight summary on a SavedModel: exit 1, the format named on stderr, nothing on stdout', async () => {
  let out = '';
  let err = '';
  const file = path.join(fixtures, rows[0][0]);
  const code = await main(['summary', file], { out: (text) => void (out += text), err: (text) => void (err += text) });
  assert.deepEqual([code, out], [1, '']);
  assert.match(err, /^tensorsight summary: .*saved_model\.pb \(at byte 0\): looks like a TensorFlow SavedModel: not supported yet/);
});
