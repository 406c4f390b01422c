// Profiles of real models with onnxruntime-node, checked against ORT's own events: the profile JSON is read here
// with plain code (Session `model_run` windows, Node `_kernel_time` events) and the per-node table must add up to
// it; the node times of each measured run sum to within 5% of that run's model_run. Also: inputs of several
// dtypes and from files, the provider list, bad models and cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readOnnx } from '../../src/core/formats/onnx/onnxReader';
import { availableProviders, profileModel } from '../../src/core/profile/ort/profileModel';
import { ortMeasuredRuns } from './ortProfileRuns';

const onnxDir = path.resolve(__dirname, '../fixtures/upstream/onnx');
const squeezenet = path.join(onnxDir, 'onnx_light_squeezenet.onnx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-ort-run-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** ORT's own figures for the measured runs: each model_run window and the kernel time inside it. */
function ortRuns(profileFile: string, warmup: number): { runUs: number; kernelUs: number; kernels: number }[] {
  return ortMeasuredRuns(profileFile, warmup).map(({ run, kernels }) => ({ runUs: run.dur, kernelUs: kernels.reduce((sum, event) => sum + event.dur, 0), kernels: kernels.length }));
}

test('SqueezeNet on cpu: node times add up to ORT\'s model_run events, op and node tables agree, fused nodes map to the graph', async () => {
  const stages = new Set<string>();
  const profile = await profileModel({ model: squeezenet, runs: 5, warmup: 2, keepProfileFile: true, profileDir: dir }, { onProgress: (progress) => stages.add(progress.stage) });
  assert.deepEqual([...stages], ['read', 'load', 'warmup', 'measure', 'profile', 'parse']);
  assert.ok(profile.profileFile && fs.existsSync(profile.profileFile));
  const runs = ortRuns(profile.profileFile, 2);
  assert.equal(runs.length, 5, 'warm-up windows dropped, five measured runs left');
  // The median run: on a shared machine one run can be descheduled between kernels, which model_run counts.
  const ratios = runs.map((run) => run.kernelUs / run.runUs).sort((a, b) => a - b);
  const median = ratios[(ratios.length - 1) >> 1];
  assert.ok(Math.abs(median - 1) < 0.05, `kernel time / model_run per run: ${ratios.map((ratio) => ratio.toFixed(3)).join(', ')}`);
  const nodeTotal = profile.nodes.reduce((sum, row) => sum + row.totalUs, 0);
  assert.equal(nodeTotal, runs.reduce((sum, run) => sum + run.kernelUs, 0));
  assert.equal(profile.nodes.reduce((sum, row) => sum + row.calls, 0), runs.reduce((sum, run) => sum + run.kernels, 0));
  assert.equal(profile.ops.reduce((sum, row) => sum + row.totalUs, 0), nodeTotal);
  // Shares are of the measured runs' model_run time: they sum to the kernels' part of it.
  assert.ok(Math.abs(profile.ops.reduce((sum, row) => sum + row.pct, 0) - (100 * nodeTotal) / runs.reduce((sum, run) => sum + run.runUs, 0)) < 1e-9);
  assert.ok(Math.abs(profile.profiledRunMs! - runs.reduce((sum, run) => sum + run.runUs, 0) / 5 / 1000) < 1e-9);
  assert.ok(Math.abs(profile.profilingOverheadPct! - ((profile.profiledRunMs! - profile.latencyMs.mean) / profile.latencyMs.mean) * 100) < 1e-9);
  const l = profile.latencyMs;
  assert.ok(l.min <= l.p50 && l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max && l.min <= l.mean && l.mean <= l.max);
  assert.ok(profile.modelLoadMs! > 0 && profile.sessionInitMs! > 0);
  assert.deepEqual(profile.inputs, [{ name: 'data_0', dtype: 'float32', shape: [1, 3, 224, 224], source: 'random' }]);
  for (const row of profile.nodes) assert.equal(row.calls, 5, `${row.name} runs once per run`);
  // Every Conv of the model is in exactly one row (ORT names its fused NCHWc convolutions after their outputs).
  const graph = (await readOnnx(squeezenet)).graph;
  const claimed = profile.nodes.flatMap((row) => row.graphNodes);
  assert.equal(new Set(claimed).size, claimed.length, 'no graph node in two rows');
  for (const node of graph.nodes.filter((node) => node.op === 'Conv')) assert.ok(claimed.includes(node.name), `${node.name} mapped`);
  for (const row of profile.nodes.filter((row) => row.op === 'Conv')) assert.ok(row.graphNodes.some((name) => graph.nodes.find((node) => node.name === name)?.op === 'Conv'), row.name);
  // The timeline is one measured run: its kernels, in time order, inside that run's window.
  assert.equal(profile.timeline.length, runs[0].kernels);
  assert.ok(profile.timeline.every((entry, i) => entry.startUs >= 0 && (i === 0 || entry.startUs >= profile.timeline[i - 1].startUs) && profile.nodes[entry.node] !== undefined));
});

test('attention block: each FusedMatMul row holds one of the model\'s MatMuls and the nodes ORT folded into it', async () => {
  const model = path.resolve(__dirname, '../fixtures/models/attention.onnx');
  const profile = await profileModel({ model, runs: 1, warmup: 0, dims: { batch: 1, seq: 8 } });
  const graph = (await readOnnx(model)).graph;
  const opOf = new Map(graph.nodes.map((node) => [node.name, node.op]));
  const fused = profile.nodes.filter((row) => row.op === 'FusedMatMul');
  assert.ok(fused.length > 0, 'ORT fuses the attention MatMuls with their Transpose/scale');
  for (const row of fused) {
    assert.equal(row.graphNodes.filter((name) => opOf.get(name) === 'MatMul').length, 1, `${row.name}: ${row.graphNodes.join(', ')}`);
    assert.ok(row.graphNodes.some((name) => ['Transpose', 'Div', 'Mul'].includes(opOf.get(name)!)), `${row.name} took in a Transpose or scale`);
  }
  const claimed = profile.nodes.flatMap((row) => row.graphNodes);
  assert.equal(new Set(claimed).size, claimed.length, 'no graph node in two rows');
  for (const node of graph.nodes.filter((node) => ['MatMul', 'Gemm', 'Softmax', 'LayerNormalization'].includes(node.op))) assert.ok(claimed.includes(node.name), `${node.name} mapped`);
});

test('random inputs of bool and int64 inputs feed a model with If, and a warm-up of zero works', async () => {
  const profile = await profileModel({ model: path.join(onnxDir, 'migraphx_if_then_test.onnx'), runs: 2, warmup: 0 });
  assert.deepEqual(profile.inputs.map((input) => [input.name, input.dtype, input.shape]), [['x', 'float32', [2, 3]], ['y', 'float32', [2, 3]], ['cond', 'bool', [1]]]);
  const loop = await profileModel({ model: path.join(onnxDir, 'migraphx_loop_test.onnx'), runs: 1, warmup: 1 });
  assert.deepEqual(loop.inputs.map((input) => input.dtype), ['int64', 'bool', 'float32', 'float32']);
  assert.ok(loop.nodes.some((row) => row.op === 'Loop'));
});

const python = fs.existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import numpy, onnx'], { timeout: 60_000 }).status === 0;

test('inputs from an .npz and a TensorProto .pb written by numpy/onnx feed MNIST', { skip: python ? false : "Debian's /usr/bin/python3 with numpy and onnx is not on this machine" }, async () => {
  const script = `
import sys, numpy as np
from onnx import numpy_helper
x = (np.arange(784, dtype=np.float32).reshape(1, 1, 28, 28) % 13) / 13
np.savez(sys.argv[1] + '/digit.npz', Input3=x)
open(sys.argv[1] + '/input_0.pb', 'wb').write(numpy_helper.from_array(x, 'Input3').SerializeToString())
`;
  assert.equal(spawnSync('/usr/bin/python3', ['-c', script, dir], { timeout: 60_000 }).status, 0);
  const model = path.join(onnxDir, 'migraphx_mnist-8.onnx');
  for (const file of ['digit.npz', 'input_0.pb']) {
    const profile = await profileModel({ model, runs: 1, warmup: 0, inputFiles: [path.join(dir, file)] });
    assert.equal(profile.inputs[0].name, 'Input3');
    assert.match(profile.inputs[0].source, new RegExp(`${file.replace('.', '\\.')}(:Input3)?$`));
  }
});

test('the provider list names every provider with a reason for each one that cannot run here', async () => {
  const providers = await availableProviders();
  assert.deepEqual(providers.map((entry) => entry.name), ['cpu', 'webgpu', 'cuda', 'tensorrt', 'dml', 'coreml']);
  assert.deepEqual(providers[0], { name: 'cpu', available: true, reason: null });
  for (const entry of providers) assert.ok(entry.available === (entry.reason === null), `${entry.name}: ${entry.reason}`);
  if (process.platform === 'linux') {
    assert.match(providers.find((entry) => entry.name === 'dml')!.reason!, /Windows only/);
    assert.match(providers.find((entry) => entry.name === 'coreml')!.reason!, /macOS only/);
  }
  const cudaLibrary = path.resolve(__dirname, '../../node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so');
  if (process.platform === 'linux' && !fs.existsSync(cudaLibrary)) assert.match(providers.find((entry) => entry.name === 'cuda')!.reason!, /libonnxruntime_providers_cuda\.so is not installed/);
  const webgpu = providers.find((entry) => entry.name === 'webgpu')!;
  if (!webgpu.available) assert.match(webgpu.reason!, /^creating a WebGPU session failed \(.+\): /);
});

test('a corrupt model and a model ORT cannot load are errors naming the model, not crashes', async () => {
  const corrupt = path.join(dir, 'corrupt.onnx');
  fs.writeFileSync(corrupt, Buffer.from([0x08, 0x07, 0x3a, 0xff, 0xff, 0x01]));
  await assert.rejects(profileModel({ model: corrupt, runs: 1, warmup: 0 }), (error: Error) => error.message.startsWith(corrupt));
  // A custom op ORT does not know: our reader reads it, ORT refuses it.
  const custom = path.resolve(__dirname, '../fixtures/models/features.onnx');
  await assert.rejects(profileModel({ model: custom, runs: 1, warmup: 0, dims: { batch: 1 } }), (error: Error) => error.message.startsWith(`${custom}: ONNX Runtime could not load the model with the cpu execution provider: `));
});

test('a child that dies natively (V8\'s heap exhausted: a fatal abort) is an Error naming the model; the caller lives on', async () => {
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = '--max-old-space-size=2';
  try {
    await assert.rejects(profileModel({ model: squeezenet, runs: 1, warmup: 0 }), (error: Error) => error.message.startsWith(`ONNX Runtime's process was killed by SIG`) && error.message.includes(`while profiling ${squeezenet}: `));
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
});

test('cancelling kills the child: the promise rejects with an AbortError and no progress follows', async () => {
  const controller = new AbortController();
  let after = 0;
  let aborted = false;
  const run = profileModel({ model: path.join(onnxDir, 'onnx_light_resnet50.onnx'), runs: 500, warmup: 0 }, {
    signal: controller.signal,
    onProgress: (progress) => {
      if (aborted) after++;
      if (progress.stage === 'measure' && !aborted) {
        aborted = true;
        controller.abort();
      }
    },
  });
  await assert.rejects(run, { name: 'AbortError' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(after, 0);
});
