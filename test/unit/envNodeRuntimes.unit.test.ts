// Node-side runtimes, each tried in its own process: absent packages, a native crash, a hang, and (when a folder with
// the real packages is given in TENSORSIGHT_TEST_RUNTIMES_ROOT) real TF.js and onnxruntime-node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { identityOnnxModel } from '../../src/core/env/identityOnnxModel';
import { probeNodeRuntimes, TFJS_BACKENDS } from '../../src/core/env/probeNodeRuntimes';
import { tempDir } from './envTestSupport';

const repoRoot = path.resolve(__dirname, '../..');

/** Writes a package under root/node_modules whose entry point runs `body`. */
function fakePackage(root: string, name: string, body: string): void {
  const dir = path.join(root, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0-test', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), body);
}

test('packages absent from the module root are "not installed", without starting a process', async () => {
  const root = await tempDir('tensorsight-rt-empty-');
  writeFileSync(path.join(root, 'package.json'), '{"name":"empty"}');
  const report = await probeNodeRuntimes({ moduleRoot: root, timeoutMs: 10_000 });
  assert.deepEqual(report.tfjs.map((probe) => [probe.module, probe.status, probe.durationMs]), TFJS_BACKENDS.map((entry) => [entry.module, 'not-installed', 0]));
  assert.equal(report.onnxruntime.status, 'not-installed');
  assert.equal(report.node.version, process.versions.node);
});

test("the repository's own node_modules: each runtime is not-installed exactly when require.resolve can't find it", async () => {
  const report = await probeNodeRuntimes({ moduleRoot: repoRoot, timeoutMs: 30_000 });
  const resolvable = (name: string) => {
    try {
      createRequire(path.join(repoRoot, 'package.json')).resolve(name);
      return true;
    } catch {
      return false;
    }
  };
  for (const probe of report.tfjs) assert.equal(probe.status === 'not-installed', !resolvable(probe.module), probe.module);
  assert.equal(report.onnxruntime.status === 'not-installed', !resolvable('onnxruntime-node'));
});

test('a runtime whose native code aborts the process is reported as crashed; a hanging one as timed out', async () => {
  const root = await tempDir('tensorsight-rt-doubles-');
  writeFileSync(path.join(root, 'package.json'), '{"name":"doubles"}');
  fakePackage(root, '@tensorflow/tfjs-node-gpu', 'process.abort();\n');
  // Atomics.wait blocks the thread without burning CPU, like a driver call that never returns.
  fakePackage(root, '@tensorflow/tfjs-node', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n');
  const started = Date.now();
  const report = await probeNodeRuntimes({ moduleRoot: root, timeoutMs: 1500 });
  const byModule = new Map(report.tfjs.map((probe) => [probe.module, probe]));
  const crashed = byModule.get('@tensorflow/tfjs-node-gpu');
  assert.equal(crashed?.status, 'failed');
  assert.match(crashed?.error ?? '', /crashed with SIGABRT without a result/);
  assert.equal(crashed?.version, '0.0.0-test');
  const hung = byModule.get('@tensorflow/tfjs-node');
  assert.equal(hung?.status, 'timed-out');
  assert.match(hung?.error ?? '', /timed out after 1500 ms/);
  assert.ok(Date.now() - started < 10_000);
});

test('the built-in identity model is a valid ONNX model (checked by the onnx package)', async (t) => {
  const python = ['python3', '/usr/bin/python3'].find((candidate) => spawnSync(candidate, ['-c', 'import onnx'], { timeout: 60_000 }).status === 0);
  if (!python) {
    t.skip('no python with the onnx package');
    return;
  }
  const file = path.join(await tempDir('tensorsight-onnx-'), 'identity.onnx');
  writeFileSync(file, identityOnnxModel());
  const code = [
    'import json, sys, onnx',
    'm = onnx.load(sys.argv[1]); onnx.checker.check_model(m)',
    'g = m.graph; t = g.input[0].type.tensor_type',
    'print(json.dumps([m.ir_version, m.opset_import[0].version, [n.op_type for n in g.node], g.input[0].name, g.output[0].name, t.elem_type, [d.dim_value for d in t.shape.dim]]))',
  ].join('\n');
  const run = spawnSync(python, ['-c', code, file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [7, 13, ['Identity'], 'x', 'y', 1, [1]]);
});

const realRoot = process.env.TENSORSIGHT_TEST_RUNTIMES_ROOT;
test('real TF.js and onnxruntime-node packages load and compute (TENSORSIGHT_TEST_RUNTIMES_ROOT)', { skip: !realRoot && 'set TENSORSIGHT_TEST_RUNTIMES_ROOT to a folder with @tensorflow/tfjs and onnxruntime-node installed' }, async () => {
  const report = await probeNodeRuntimes({ moduleRoot: realRoot ?? '', timeoutMs: 60_000 });
  const cpu = report.tfjs.find((probe) => probe.module === '@tensorflow/tfjs');
  assert.equal(cpu?.status, 'ok', cpu?.error);
  assert.equal(report.onnxruntime.status, 'ok', report.onnxruntime.error);
  const ortCpu = report.onnxruntime.providers.find((provider) => provider.backend === 'cpu');
  assert.equal(ortCpu?.status, 'ok', ortCpu?.error);
});
