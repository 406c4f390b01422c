// `tensorsight profile` through the CLI entry point: the JSON contract of docs/cli.md, CSV tables, --compare deltas
// recomputed from the two saved profiles, exit codes; and the provider reasons for stated machines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { providerAvailability, type ProviderFacts } from '../../src/core/profile/ort/providerFacts';
import { nodesCsv } from '../../src/core/profile/ort/profileExport';
import type { ModelProfile, NodeRow } from '../../src/core/profile/modelProfile';

const squeezenet = path.resolve(__dirname, '../fixtures/upstream/onnx/onnx_light_squeezenet.onnx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-ort-cli-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['profile', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

test('--json follows docs/cli.md; --csv prints the tables; --compare gives per-run deltas against a saved profile', async () => {
  const first = await cli(squeezenet, '--runs', '2', '--warmup', '1', '--json');
  assert.equal(first.code, 0, first.err);
  const a = JSON.parse(first.out) as ModelProfile;
  assert.equal(a.ep, 'cpu');
  assert.equal(a.runs, 2);
  for (const key of ['p50', 'p90', 'p99', 'mean']) assert.equal(typeof a.latencyMs[key as 'mean'], 'number', key);
  assert.ok(a.ops.length > 0);
  for (const row of a.ops) for (const key of ['op', 'calls', 'totalUs', 'pct']) assert.ok(key in row, key);
  const saved = path.join(dir, 'a.json');
  fs.writeFileSync(saved, first.out);

  const second = await cli(squeezenet, '--runs', '3', '--warmup', '0', '--json', '--compare', saved);
  assert.equal(second.code, 0, second.err);
  const b = JSON.parse(second.out) as ModelProfile & { comparison: { ops: { op: string; aUs: number; bUs: number; deltaUs: number }[] } };
  assert.equal(b.comparison.ops.length, new Set([...a.ops, ...b.ops].map((row) => row.op)).size);
  for (const row of b.comparison.ops) {
    const aUs = a.ops.find((op) => op.op === row.op)!.totalUs / 2;
    const bUs = b.ops.find((op) => op.op === row.op)!.totalUs / 3;
    assert.ok(Math.abs(row.aUs - aUs) < 1e-9 && Math.abs(row.bUs - bUs) < 1e-9 && Math.abs(row.deltaUs - (bUs - aUs)) < 1e-9, row.op);
  }

  const csv = await cli(squeezenet, '--runs', '1', '--warmup', '0', '--csv', 'ops');
  assert.equal(csv.code, 0, csv.err);
  const lines = csv.out.trim().split('\n');
  assert.equal(lines[0], 'op,calls,totalUs,meanUs,pct,providers');
  assert.ok(lines.slice(1).every((line) => /^\w+,1?\d+,\d+,[\d.]+,[\d.]+,CPUExecutionProvider$/.test(line)), lines.join('\n'));

  const text = await cli(squeezenet, '--runs', '1', '--warmup', '0');
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /on cpu \(onnxruntime-node 1\.30\.0\), 1 runs after 0 warm-up\ninputs {6}data_0 float32\[1,3,224,224\] \(random\)\nlatency {5}p50 /);
});

test('exit codes: an unavailable provider and unbound dims are bad input (1), an unknown provider bad usage (2)', async () => {
  const dml = await cli(squeezenet, '--ep', 'dml');
  assert.equal(dml.code, process.platform === 'win32' ? 0 : 1);
  if (process.platform !== 'win32') assert.match(dml.err, /^tensorsight profile: the dml execution provider cannot run here: DirectML runs on Windows only/);
  const unknown = await cli(squeezenet, '--ep', 'tpu');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /--ep is one of cpu, webgpu, cuda, tensorrt, dml, coreml, got 'tpu'/);
  const attention = path.resolve(__dirname, '../fixtures/models/attention.onnx');
  const unbound = await cli(attention, '--runs', '1');
  assert.equal(unbound.code, 1);
  assert.match(unbound.err, /input dims without a value: batch \(input 'tokens', axis 0\), seq \(input 'tokens', axis 1\); bind them with --dims batch=N,seq=N/);
  const bound = await cli(attention, '--runs', '1', '--warmup', '0', '--dims', 'batch=2,seq=5', '--json');
  assert.equal(bound.code, 0, bound.err);
  assert.deepEqual(JSON.parse(bound.out).inputs[0].shape, [2, 5, 32]);
});

const machine = (facts: Partial<ProviderFacts>): ProviderFacts => ({
  platform: 'linux',
  arch: 'x64',
  backends: [{ name: 'cpu', bundled: true }, { name: 'webgpu', bundled: true }, { name: 'cuda', bundled: false }, { name: 'tensorrt', bundled: false }],
  binDir: '/ext/node_modules/onnxruntime-node/bin/napi-v6/linux/x64',
  binFiles: ['libonnxruntime.so.1', 'onnxruntime_binding.node'],
  nvidiaSmi: false,
  libcuda: false,
  libnvinfer: false,
  ...facts,
});

test('provider reasons for stated machines', () => {
  const reason = (facts: Partial<ProviderFacts>, name: string): string | null => providerAvailability(machine(facts)).find((entry) => entry.name === name)!.reason;
  assert.match(reason({}, 'cuda')!, /^libonnxruntime_providers_cuda\.so is not installed in \/ext\/node_modules/);
  const withLibraries = { binFiles: ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so', 'libonnxruntime_providers_tensorrt.so'] };
  assert.match(reason(withLibraries, 'cuda')!, /^no NVIDIA driver found/);
  assert.equal(reason({ ...withLibraries, nvidiaSmi: true, libcuda: true }, 'cuda'), null);
  assert.match(reason({ ...withLibraries, nvidiaSmi: true, libcuda: true }, 'tensorrt')!, /TensorRT \(libnvinfer\.so\) is not installed/);
  assert.equal(reason({}, 'webgpu'), null, 'bundled: only a session tells (probed in the child)');
  assert.match(reason({ platform: 'darwin', arch: 'arm64', backends: [{ name: 'cpu', bundled: true }, { name: 'coreml', bundled: true }] }, 'cuda')!, /not built with the cuda execution provider/);
  assert.equal(reason({ platform: 'darwin', arch: 'arm64', backends: [{ name: 'coreml', bundled: true }] }, 'coreml'), null);
  assert.equal(reason({ platform: 'win32', backends: [{ name: 'dml', bundled: true }] }, 'dml'), null);
});

test('node CSV quotes names with commas and quotes, shapes as JSON', () => {
  const row: NodeRow = { name: 'a,"b"', op: 'Conv', provider: 'CPUExecutionProvider', calls: 2, totalUs: 10, meanUs: 5, p90Us: 6, pct: 100, inputShapes: [[1, 3]], outputShapes: [[1]], activationBytes: 12, parameterBytes: null, fellBack: false, graphNodes: ['x', 'y'] };
  assert.equal(nodesCsv([row]).split('\n')[1], '"a,""b""",Conv,CPUExecutionProvider,2,10,5,6,100,"[[1,3]]",[[1]],12,,false,x;y');
});
