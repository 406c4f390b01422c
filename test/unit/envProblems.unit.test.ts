// Problem rules over report inputs: CUDA builds against the driver, frameworks that miss GPUs nvidia-smi sees,
// missing interpreters and modules, Node runtimes. The GPU side comes from real nvidia-smi captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cudaFit } from '../../src/core/env/cudaCompatibility';
import { detectProblems } from '../../src/core/env/detectProblems';
import type { DoctorReport, GpuReport, ModuleProbe, PythonModuleName, PythonReport } from '../../src/core/env/doctorReport';
import { parseCudaVersion, parseGpuQueryCsv } from '../../src/core/env/parseNvidiaSmi';
import { summarizeFrameworks } from '../../src/core/env/summarizeFrameworks';

const fixtures = path.resolve(__dirname, '../fixtures/upstream/nvidia-smi');
type Facts = Omit<DoctorReport, 'problems'>;

/** The RTX 4080 SUPER machine as its captured nvidia-smi outputs describe it (driver supports CUDA 13.2). */
function rtx4080(cudaVersion?: string): GpuReport {
  const gpus = parseGpuQueryCsv(readFileSync(path.join(fixtures, 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv'), 'utf8'));
  const header = readFileSync(path.join(fixtures, 'text/rtx-4080-super_595.71.05_load_default-table.txt'), 'utf8');
  return { status: 'ok', nvidiaSmi: '/usr/bin/nvidia-smi', gpus, driverVersion: gpus[0].driverVersion, cudaVersion: cudaVersion ?? parseCudaVersion(header) };
}

function python(modules: Partial<Record<PythonModuleName, ModuleProbe>>, extra: Partial<PythonReport> = {}): PythonReport {
  const all: Partial<Record<PythonModuleName, ModuleProbe>> = { torch: { status: 'missing' }, tensorflow: { status: 'missing' }, keras: { status: 'missing' }, jax: { status: 'missing' }, onnx: { status: 'missing' }, onnxruntime: { status: 'missing' }, tensorboard: { status: 'missing' }, numpy: { status: 'installed', version: '1.26.4' }, cv2: { status: 'missing' } };
  return { path: '/env/bin/python', source: 'path', status: 'ok', executable: '/env/bin/python', versionShort: '3.11.2', cudaVisibleDevices: null, modules: { ...all, ...modules }, durationMs: 10, ...extra };
}

function facts(gpu: GpuReport, pythons: PythonReport[]): Facts {
  return {
    generatedAt: '2026-01-01T00:00:00.000Z',
    platform: { os: 'linux', arch: 'x64', release: '6.1', host: 'cli' },
    timeoutMs: 20_000,
    python: pythons,
    frameworks: summarizeFrameworks(pythons),
    gpu,
    runtimes: { node: { version: '20.0.0', execPath: '/usr/bin/node' }, moduleRoot: '/ext', tfjs: [{ module: '@tensorflow/tfjs', backend: 'cpu', status: 'ok', version: '4.22.0', durationMs: 5 }], onnxruntime: { module: 'onnxruntime-node', status: 'ok', version: '1.30.0', providers: [{ module: 'onnxruntime-node', backend: 'cpu', status: 'ok', durationMs: 5 }] } },
  };
}

const torch = (cudaVersion: string | null, cudaAvailable: boolean): ModuleProbe => ({ status: 'installed', version: '2.3.1', details: { cudaVersion, cudaAvailable, cudnnVersion: null, devices: cudaAvailable ? ['NVIDIA GeForce RTX 4080 SUPER'] : [] } });
const codes = (report: Facts) => detectProblems(report).map((problem) => problem.code);

test('cudaFit: newer major cannot run, newer minor needs compatibility, older or equal fits', () => {
  assert.equal(cudaFit('12.1', '11.8'), 'major-newer');
  assert.equal(cudaFit('12.4', '12.2'), 'minor-newer');
  assert.equal(cudaFit('12.1', '13.2'), 'ok');
  assert.equal(cudaFit('13.2', '13.2'), 'ok');
  assert.equal(cudaFit(null, '13.2'), 'unknown');
  assert.equal(cudaFit('12.1', undefined), 'unknown');
});

test('torch built for CUDA 12.1 on a driver that supports 11.8: an error naming both versions, with a fix', () => {
  const problems = detectProblems(facts(rtx4080('11.8'), [python({ torch: torch('12.1', false) })]));
  const mismatch = problems.find((problem) => problem.code === 'torch-cuda-mismatch');
  assert.equal(mismatch?.severity, 'error');
  assert.match(mismatch?.message ?? '', /built for CUDA 12\.1 but the driver supports up to CUDA 11\.8/);
  assert.match(mismatch?.fix ?? '', /Update the NVIDIA driver|PyTorch build for CUDA 11\.8 or older/);
  // The mismatch explains the unavailable CUDA; it is not reported twice.
  assert.ok(!problems.some((problem) => problem.code === 'torch-cuda-unavailable'));
});

test('torch for CUDA 12.1 on the captured driver (CUDA 13.2) that sees the GPU: no problem about torch', () => {
  const found = codes(facts(rtx4080(), [python({ torch: torch('12.1', true) })]));
  assert.ok(!found.some((code) => code.startsWith('torch')), found.join(', '));
});

test('a newer minor CUDA version than the driver: a warning about minor-version compatibility', () => {
  const problems = detectProblems(facts(rtx4080('12.2'), [python({ torch: torch('12.4', true) })]));
  const warning = problems.find((problem) => problem.code === 'torch-cuda-minor-mismatch');
  assert.equal(warning?.severity, 'warning');
  assert.match(warning?.message ?? '', /minor-version compatibility/);
});

test('torch.cuda.is_available() False although nvidia-smi sees the GPU: an error with the GPU count', () => {
  const problems = detectProblems(facts(rtx4080(), [python({ torch: torch('12.1', false) })]));
  const problem = problems.find((candidate) => candidate.code === 'torch-cuda-unavailable');
  assert.equal(problem?.severity, 'error');
  assert.match(problem?.message ?? '', /torch\.cuda\.is_available\(\) is False in \/env\/bin\/python although nvidia-smi sees 1 GPU$/);
});

test('a CPU-only torch on a GPU machine is named as such', () => {
  assert.ok(codes(facts(rtx4080(), [python({ torch: torch(null, false) })])).includes('torch-cpu-only'));
});

test('CUDA_VISIBLE_DEVICES="" explains hidden GPUs instead of blaming the frameworks', () => {
  const found = codes(facts(rtx4080(), [python({ torch: torch('12.1', false) }, { cudaVisibleDevices: '' })]));
  assert.ok(found.includes('cuda-visible-devices-hides-gpus'));
  assert.ok(!found.includes('torch-cuda-unavailable'));
});

test('no GPU visible to TensorFlow when nvidia-smi sees one; the fix depends on the build', () => {
  const tf = (builtWithCuda: boolean): ModuleProbe => ({ status: 'installed', version: '2.16.1', details: { gpus: [], builtWithCuda, cudaVersion: builtWithCuda ? '12.3' : null, cudnnVersion: builtWithCuda ? '8' : null } });
  const withCuda = detectProblems(facts(rtx4080(), [python({ tensorflow: tf(true) })])).find((problem) => problem.code === 'tensorflow-no-gpu');
  assert.match(withCuda?.message ?? '', /No GPU visible to TensorFlow 2\.16\.1/);
  assert.match(withCuda?.fix ?? '', /CUDA 12\.3 and cuDNN 8/);
  const without = detectProblems(facts(rtx4080(), [python({ tensorflow: tf(false) })])).find((problem) => problem.code === 'tensorflow-no-gpu');
  assert.match(without?.fix ?? '', /no CUDA support/);
  // Without a GPU there is nothing to complain about.
  const noGpu: GpuReport = { status: 'not-found', nvidiaSmi: 'nvidia-smi', error: 'nvidia-smi not found on PATH', gpus: [] };
  assert.ok(!codes(facts(noGpu, [python({ tensorflow: tf(true) })])).includes('tensorflow-no-gpu'));
});

test('nvidia-smi missing is a warning; no interpreter is an error; both come with fixes', () => {
  const noGpu: GpuReport = { status: 'not-found', nvidiaSmi: 'nvidia-smi', error: 'nvidia-smi not found on PATH', gpus: [] };
  const problems = detectProblems(facts(noGpu, []));
  assert.deepEqual(problems.filter((problem) => problem.severity !== 'info').map((problem) => [problem.code, problem.severity]), [['no-python', 'error'], ['nvidia-smi-not-found', 'warning']]);
  assert.ok(problems.every((problem) => problem.fix.length > 0));
});

test('a module missing from every interpreter is one info; present in any, none', () => {
  const a = python({}, { path: '/a/python' });
  const b = python({ torch: torch(null, false) }, { path: '/b/python' });
  const problems = detectProblems(facts(rtx4080(), [a, b]));
  assert.ok(!problems.some((problem) => problem.code === 'module-missing' && problem.message.startsWith('PyTorch')));
  const tf = problems.filter((problem) => problem.code === 'module-missing' && problem.message.startsWith('TensorFlow'));
  assert.deepEqual(tf.map((problem) => [problem.severity, problem.message, problem.fix]), [['info', 'TensorFlow not installed in /a/python or /b/python', '/a/python -m pip install tensorflow']]);
});

test('an import that fails or hangs is a warning quoting the error', () => {
  const problems = detectProblems(facts(rtx4080(), [python({ cv2: { status: 'failed', error: 'ImportError: libGL.so.1: cannot open shared object file' }, jax: { status: 'timed-out', error: 'import timed out after 10000 ms' } })]));
  assert.match(problems.find((problem) => problem.code === 'module-import-failed')?.message ?? '', /OpenCV is installed in \/env\/bin\/python but fails to import: ImportError: libGL\.so\.1/);
  assert.match(problems.find((problem) => problem.code === 'module-timed-out')?.message ?? '', /Importing JAX .* import timed out after 10000 ms/);
});

test('interpreters that time out or are missing are errors', () => {
  const hung: PythonReport = { path: '/slow/python', source: 'setting', status: 'timed-out', error: 'timed out after 20000 ms', modules: {}, durationMs: 20_000 };
  const gone: PythonReport = { path: '/gone/python', source: 'setting', status: 'not-found', error: 'not found', modules: {}, durationMs: 1 };
  const problems = detectProblems(facts(rtx4080(), [hung, gone]));
  assert.match(problems.find((problem) => problem.code === 'python-timed-out')?.message ?? '', /\/slow\/python did not answer within 20000 ms/);
  assert.match(problems.find((problem) => problem.code === 'python-not-found')?.fix ?? '', /tensorsight\.python\.path/);
});

test('problems come most severe first', () => {
  const severities = detectProblems(facts(rtx4080('11.8'), [python({ torch: torch('12.1', false), cv2: { status: 'failed', error: 'x' } })])).map((problem) => problem.severity);
  const rank = { error: 0, warning: 1, info: 2 };
  assert.deepEqual(severities, [...severities].sort((a, b) => rank[a] - rank[b]));
  assert.equal(severities[0], 'error');
});

test('Node runtimes: nothing installed is info; a CUDA provider that fails on a GPU machine is info with the reason', () => {
  const report = facts(rtx4080(), [python({})]);
  report.runtimes.tfjs = [{ module: '@tensorflow/tfjs', backend: 'cpu', status: 'not-installed', durationMs: 0 }];
  report.runtimes.onnxruntime.providers.push({ module: 'onnxruntime-node', backend: 'cuda', status: 'failed', error: 'Failed to load shared library', durationMs: 5 });
  const problems = detectProblems(report);
  assert.equal(problems.find((problem) => problem.code === 'tfjs-not-installed')?.severity, 'info');
  assert.match(problems.find((problem) => problem.code === 'onnxruntime-node-no-cuda')?.message ?? '', /cuda execution provider does not load although a GPU is present: Failed to load shared library/);
});

test('interpreters found only by the scan come last, as info, and several too old ones are one finding', () => {
  const chosen = python({}, { path: '/root/.pyenv/shims/python3', isDefault: true });
  const debian = python({ torch: torch(null, false) }, { path: '/usr/bin/python3', isDefault: false });
  const old = ['3.6.15', '3.7.16'].map((version) => python({}, { path: `/root/.pyenv/versions/${version}/bin/python3`, versionShort: version, source: 'pyenv', isDefault: false }));
  const problems = detectProblems(facts(rtx4080(), [chosen, debian, ...old])).filter((problem) => problem.severity === 'info');
  const order = problems.map((problem) => problem.code).filter((code) => code !== 'module-missing');
  assert.deepEqual(order.slice(0, 2), ['framework-in-other-interpreter', 'python-too-old'], 'torch elsewhere first, the old interpreters after');
  const tooOld = problems.filter((problem) => problem.code === 'python-too-old');
  assert.equal(tooOld.length, 1);
  assert.match(tooOld[0].message, /^2 interpreters found by the scan are older than Python 3\.9.*3\.6\.15\/bin\/python3 \(3\.6\.15\), .*3\.7\.16\/bin\/python3 \(3\.7\.16\)$/);
  assert.ok(problems.findIndex((problem) => problem.code === 'module-missing') < problems.indexOf(tooOld[0]), 'what no interpreter has comes before the scan-only findings');
});
