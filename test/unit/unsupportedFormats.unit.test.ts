// Formats Tensorsight names but does not read: detection names the format (never "broken ONNX" or
// "unrecognized"), and the CLI's summary says so on stderr with exit code 1. The formats this list once held
// (SavedModel, GraphDef, TFLite, safetensors, GGUF, Caffe, Torch7, DL4J) are now detected as themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat, formatModules } from '../../src/core/formats/registry';
import { FormatError } from '../../src/core/formats/formatError';
import { main } from '../../src/cli/main';
import { tempDirsFor } from './tempDirs';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const tempDir = tempDirsFor('tensorsight-unsupported-');

const known = formatModules.map((module) => module.displayName).join(', ').replace(/[.()]/g, '\\$&');
const message = (named: string) => new RegExp(`\\(at byte 0\\): looks like ${named.replace(/[().]/g, '\\$&')}: not supported yet \\(Tensorsight reads ${known}: \\.gguf, `);

/** A copy of `bytes` under `name` in a fresh folder. */
function fileNamed(name: string, bytes: Uint8Array | string = 'x'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('a profiler trace (.json) is named as one, by content, under any name', () => {
  const trace = path.join(fixtures, 'traces/pytorch/kineto_docs_before_fix_trace.json');
  const named = 'a profiler trace (trace-event JSON)';
  assert.throws(() => detectFormat(trace), (error: unknown) => error instanceof FormatError && message(named).test(error.message));
  const renamed = fileNamed('trace', fs.readFileSync(trace));
  assert.throws(() => detectFormat(renamed), (error: unknown) => error instanceof FormatError && message(named).test(error.message));
});

test('a text SavedModel and a torch.export .pt2 are named by their file names', () => {
  for (const [name, named] of [['saved_model.pbtxt', 'a TensorFlow SavedModel in text format (saved_model.pbtxt)'], ['exported.pt2', 'a PyTorch 2 exported program (.pt2)']]) {
    assert.throws(() => detectFormat(fileNamed(name)), (error: unknown) => error instanceof FormatError && message(named).test(error.message), name);
  }
});

// file (MANIFEST.tsv row) -> the registry's format id; these were "not supported yet" before their readers.
const nowRead: [file: string, format: string][] = [
  ['savedmodel/serving_half_plus_two_cpu_tf1/saved_model.pb', 'savedmodel'],
  ['savedmodel/serving_half_plus_two_cpu_tf1', 'savedmodel'],
  ['tflite/tfjs_tflite_add4.tflite', 'tflite'],
  ['tf-graphdef/tf2onnx_regression_graphdef_frozen.pb', 'tf-graphdef'],
  ['safetensors/hf_samples_B_u8.safetensors', 'safetensors'],
  ['gguf/ggml-vocab-phi-3.gguf', 'gguf'],
  ['caffe/mtcnn/det1.prototxt', 'caffe'],
  ['caffe/mtcnn/det1.caffemodel', 'caffe'],
  ['torch7/floattensor.t7', 'torch7'],
  ['dl4j/trained_iris_model.zip', 'dl4j'],
];

for (const [file, format] of nowRead) {
  test(`${file} is detected as ${format}`, () => {
    assert.equal(detectFormat(path.join(fixtures, file)).id, format);
  });
}

test('magic bytes win over the name: a TF Lite model renamed .bin is TFLite', () => {
  const copy = fileNamed('model.bin', fs.readFileSync(path.join(fixtures, 'tflite/tfjs_tflite_add4.tflite')));
  assert.equal(detectFormat(copy).id, 'tflite');
});

test('an empty file is said to be empty', () => {
  const empty = fileNamed('model', '');
  assert.throws(() => detectFormat(empty), (error: unknown) => error instanceof FormatError && error.message.startsWith(`${empty} (at byte 0): empty file: no model format to detect (Tensorsight reads GGUF, TensorFlow Lite, safetensors, ONNX,`));
});

test('tensorsight summary on a .pt2: exit 1, the format named on stderr, nothing on stdout', async () => {
  let out = '';
  let err = '';
  const code = await main(['summary', fileNamed('model.pt2')], { out: (text) => void (out += text), err: (text) => void (err += text) });
  assert.deepEqual([code, out], [1, '']);
  assert.match(err, /^tensorsight summary: .*model\.pt2 \(at byte 0\): looks like a PyTorch 2 exported program \(\.pt2\): not supported yet/);
});
