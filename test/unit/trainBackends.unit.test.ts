// The backend ladder's real backends, through the real training child: WebGPU through Dawn (lavapipe, Mesa's
// Vulkan on the CPU, here and in CI), wasm for dense models and cpu each train the digits and learn, and the
// report names the backend and its device. wasm cannot train convolutions: pinned, it fails saying so; in auto it
// is passed over with that reason. These fail, never skip, where Dawn finds no adapter: CI installs Mesa 25.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import type { BackendChoice } from '../../src/core/train/spec/trainSpec';
import { runTrainChild } from '../../src/core/train/run/trainChild';
import type { TrainMessage } from '../../src/core/train/run/trainMessage';

const digits = resolve('test/fixtures/digits');
const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-backends-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DENSE = [{ type: 'Dense', units: 32, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }];
const CONV = [{ type: 'Conv2D', filters: 8, kernelSize: 3, activation: 'relu' }, { type: 'MaxPooling2D', poolSize: 2 }, { type: 'Flatten' }, { type: 'Dense', units: 10, activation: 'softmax' }];

/** A spec training `layers` on the digits (8x8, 1,797 images) for two epochs. */
function digitsSpec(name: string, layers: object[], inputShape: number[]): string {
  const specFile = join(dir, `${name}.train.json`);
  writeFileSync(specFile, JSON.stringify({
    model: { inputShape, layers },
    data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2, normalize: 'standardize' },
    loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'], epochs: 2, batchSize: 32, seed: 7,
  }));
  return specFile;
}

/** Trains `specFile` in the child on `backend`; resolves with every message, the final one last. */
async function train(specFile: string, backend: BackendChoice): Promise<TrainMessage[]> {
  const messages: TrainMessage[] = [];
  await runTrainChild({ specFile, runsRoot: join(dir, 'runs'), backend, searchDirs: [dir] }, (message) => messages.push(message));
  return messages;
}

/** Asserts the child trained on `backend` (named with its device) and learned: loss fell, accuracy well above chance (0.1). */
function assertLearned(messages: TrainMessage[], backend: string, device: RegExp): void {
  const final = messages[messages.length - 1];
  assert.equal(final.kind, 'done', final.kind === 'error' ? final.message : undefined);
  const report = messages.find((m) => m.kind === 'backend');
  assert.ok(report?.kind === 'backend');
  assert.equal(report.report.chosen, backend);
  assert.equal(report.report.tfBackend, backend);
  const chosen = report.report.attempts.find((attempt) => attempt.loaded);
  assert.equal(chosen?.backend, backend);
  assert.match(chosen.device ?? '', device);
  const epochs = messages.filter((m) => m.kind === 'epoch');
  assert.equal(epochs.length, 2);
  assert.ok(epochs[1].values.loss < epochs[0].values.loss, `loss fell: ${epochs.map((e) => e.values.loss).join(' → ')}`);
  assert.ok(epochs[1].values.val_accuracy > 0.5, `val_accuracy ${epochs[1].values.val_accuracy}`);
  assert.ok(final.kind === 'done' && final.samplesPerSecond > 0);
}

test('webgpu: Dawn on lavapipe trains a convolutional model', async () => {
  const messages = await train(digitsSpec('conv-webgpu', CONV, [8, 8, 1]), 'webgpu');
  // Here and in CI the adapter is lavapipe ("llvmpipe: Mesa 25…"); a machine with a GPU names its own.
  assertLearned(messages, 'webgpu', /\S/);
  const report = messages.find((m) => m.kind === 'backend');
  assert.ok(report?.kind === 'backend');
  assert.match(report.report.attempts.find((a) => a.backend === 'webgpu')!.resolvedFrom ?? '', /webgpu[\\/]index\.js$/);
});

test('wasm trains a dense model, reading its .wasm files from the package', async () => {
  const messages = await train(digitsSpec('dense-wasm', DENSE, [64]), 'wasm');
  assertLearned(messages, 'wasm', /^WebAssembly( with SIMD)?, \d+ threads? on /);
});

test('cpu trains a convolutional model', async () => {
  const messages = await train(digitsSpec('conv-cpu', CONV, [8, 8, 1]), 'cpu');
  assertLearned(messages, 'cpu', /^JavaScript, one thread on /);
});

test('pinning wasm for a Conv2D model fails with the reason, before any training', async () => {
  const messages = await train(digitsSpec('conv-wasm', CONV, [8, 8, 1]), 'wasm');
  const final = messages[messages.length - 1];
  assert.equal(final.kind, 'error');
  assert.ok(final.kind === 'error');
  assert.match(final.message, /backend wasm is not available: the wasm backend cannot train Conv2D layers \(no gradient kernel: Conv2D needs Conv2DBackpropFilter\)/);
  assert.equal(messages.some((m) => m.kind === 'start'), false);
});

test('auto with no Vulkan driver: webgpu says why, wasm is passed over for Conv2D, cpu trains', async () => {
  // The child inherits this environment when it is forked (synchronously, in runTrainChild).
  const saved = process.env.VK_ICD_FILENAMES;
  process.env.VK_ICD_FILENAMES = join(dir, 'no-such-icd.json');
  let training: Promise<TrainMessage[]>;
  try {
    training = train(digitsSpec('conv-auto', CONV, [8, 8, 1]), 'auto');
  } finally {
    if (saved === undefined) delete process.env.VK_ICD_FILENAMES;
    else process.env.VK_ICD_FILENAMES = saved;
  }
  const messages = await training;
  const report = messages.find((m) => m.kind === 'backend');
  assert.ok(report?.kind === 'backend');
  const reasons = Object.fromEntries(report.report.attempts.map((a) => [a.backend, a.reason]));
  assert.match(reasons['tfjs-node-gpu']!, /@tensorflow\/tfjs-node-gpu is not installed/);
  assert.match(reasons.webgpu!, /^Dawn found no GPU adapter: .*no-such-icd\.json/);
  assert.doesNotMatch(reasons.webgpu!, /artificially reduced/);
  assert.match(reasons.wasm!, /cannot train Conv2D layers/);
  assertLearned(messages, 'cpu', /^JavaScript/);
});
