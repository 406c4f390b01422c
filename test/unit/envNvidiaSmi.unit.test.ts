// nvidia-smi: the parsers over real captured outputs, and checkNvidiaSmi against real processes (test doubles that
// replay those outputs, print the driver failure, hang, or are missing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkNvidiaSmi } from '../../src/core/env/checkNvidiaSmi';
import { detectProblems } from '../../src/core/env/detectProblems';
import { parseCudaVersion, parseDriverVersion, parseGpuQueryCsv } from '../../src/core/env/parseNvidiaSmi';
import { nvidiaSmiFailure } from '../../src/core/gpu/runNvidiaSmi';
import { runDoctor } from '../../src/core/env/runDoctor';
import { processGone, readPids, tempDir } from './envTestSupport';

const fixtures = path.resolve(__dirname, '../fixtures/upstream/nvidia-smi');
const doubles = path.resolve(__dirname, '../fixtures/bin');
const read = (relative: string) => readFileSync(path.join(fixtures, relative), 'utf8');

test('the RTX 4080 SUPER query-gpu CSV (202 columns, with units in the header) gives its one GPU', () => {
  // Figures as the file holds them: index 0, name, driver_version 595.71.05, memory.total [MiB] 16376 MiB.
  const gpus = parseGpuQueryCsv(read('csv/rtx-4080-super_595.71.05_load_query-gpu.csv'));
  assert.deepEqual(gpus, [{ index: 0, name: 'NVIDIA GeForce RTX 4080 SUPER', driverVersion: '595.71.05', memoryTotalMiB: 16376 }]);
});

test('the H200 query-gpu CSV (212 columns, columns in another order) gives its one GPU', () => {
  const gpus = parseGpuQueryCsv(read('csv/h200_590.48.01_idle_query-gpu.csv'));
  assert.deepEqual(gpus, [{ index: 0, name: 'NVIDIA H200', driverVersion: '590.48.01', memoryTotalMiB: 143771 }]);
});

test('a noheader CSV is read in the order the doctor asks for', () => {
  const gpus = parseGpuQueryCsv('0, NVIDIA H200, 590.48.01, 143771 MiB\n1, NVIDIA H200, 590.48.01, [N/A]\n');
  assert.deepEqual(gpus.map((gpu) => [gpu.index, gpu.memoryTotalMiB]), [[0, 143771], [1, null]]);
});

test('a CSV row with the wrong number of cells is an error naming the line', () => {
  assert.throws(() => parseGpuQueryCsv('index, name, driver_version, memory.total [MiB]\n0, GPU, 1.0\n'), /line 2: expected 4 columns, got 3/);
  assert.throws(() => parseGpuQueryCsv('timestamp, name\n2026, GPU\n'), /line 1: expected column 'index' in the header \(timestamp, name\)/);
});

test('the CUDA version comes from the default table header and from -q', () => {
  assert.equal(parseCudaVersion(read('text/rtx-4080-super_595.71.05_load_default-table.txt')), '13.2');
  assert.equal(parseDriverVersion(read('text/rtx-4080-super_595.71.05_load_default-table.txt')), '595.71.05');
  assert.equal(parseCudaVersion(read('text/h200_590.48.01_idle_q.txt')), '13.1');
  assert.equal(parseDriverVersion(read('text/h200_590.48.01_idle_q.txt')), '590.48.01');
  assert.equal(parseCudaVersion(read('text/rtx-4080-super_595.71.05_load_dmon.txt')), undefined);
});

test('the driver failure message is recognised, and normal output is not taken for one', () => {
  const failure = nvidiaSmiFailure("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n");
  assert.equal(failure?.kind, 'driver');
  assert.match(failure?.message ?? '', /^NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
  assert.match(failure?.kind === 'driver' ? failure.fix : '', /kernel module/);
  const mismatch = nvidiaSmiFailure('Failed to initialize NVML: Driver/library version mismatch\nNVML library version: 550.54\n');
  assert.deepEqual([mismatch?.kind, mismatch?.message], ['driver', 'Failed to initialize NVML: Driver/library version mismatch']);
  for (const file of ['text/h200_590.48.01_idle_q.txt', 'text/rtx-4080-super_595.71.05_load_default-table.txt', 'csv/h200_590.48.01_idle_query-gpu.csv', 'xml/telegraf_a10g.xml']) {
    assert.equal(nvidiaSmiFailure(read(file)), undefined, file);
  }
});

test('a replaying nvidia-smi on PATH: one GPU, its driver and the CUDA version from the header', async () => {
  const env = { ...process.env, PATH: path.join(doubles, 'nvidia-smi-rtx4080') };
  const gpu = await checkNvidiaSmi({ timeoutMs: 10_000, env });
  assert.equal(gpu.status, 'ok', gpu.error);
  assert.equal(gpu.nvidiaSmi, path.join(doubles, 'nvidia-smi-rtx4080', 'nvidia-smi'));
  assert.deepEqual(gpu.gpus, [{ index: 0, name: 'NVIDIA GeForce RTX 4080 SUPER', driverVersion: '595.71.05', memoryTotalMiB: 16376 }]);
  assert.equal(gpu.driverVersion, '595.71.05');
  assert.equal(gpu.cudaVersion, '13.2');
});

test('when the default table has no CUDA version, it is read from nvidia-smi -q (replayed H200)', async () => {
  const env = { ...process.env, PATH: path.join(doubles, 'nvidia-smi-h200') };
  const gpu = await checkNvidiaSmi({ timeoutMs: 10_000, env });
  assert.equal(gpu.status, 'ok', gpu.error);
  assert.deepEqual(gpu.gpus, [{ index: 0, name: 'NVIDIA H200', driverVersion: '590.48.01', memoryTotalMiB: 143771 }]);
  assert.equal(gpu.cudaVersion, '13.1');
});

test('nvidia-smi that cannot reach the driver: failed, recognised, and an error problem with a fix', async () => {
  const env = { ...process.env, PATH: path.join(doubles, 'nvidia-smi-driver-failure') };
  const gpu = await checkNvidiaSmi({ timeoutMs: 10_000, env });
  assert.equal(gpu.status, 'failed');
  assert.equal(gpu.driverFailure, true);
  assert.match(gpu.error ?? '', /couldn't communicate with the NVIDIA driver/);
  const report = await runDoctor({ host: 'cli', pythons: [], timeoutMs: 10_000, moduleRoot: path.resolve(__dirname, '../..'), env });
  const problem = report.problems.find((candidate) => candidate.code === 'nvidia-driver-failure');
  assert.equal(problem?.severity, 'error');
  assert.match(problem?.message ?? '', /couldn't communicate with the NVIDIA driver/);
});

test('no nvidia-smi on PATH, or a path that does not exist: not-found, said plainly', async () => {
  const onPath = await checkNvidiaSmi({ timeoutMs: 10_000, env: { PATH: path.join(doubles, 'hang') } });
  assert.equal(onPath.status, 'not-found');
  assert.equal(onPath.error, 'nvidia-smi not found on PATH');
  const explicit = await checkNvidiaSmi({ timeoutMs: 10_000, nvidiaSmi: path.join(doubles, 'no-such-dir', 'nvidia-smi') });
  assert.equal(explicit.status, 'not-found');
  assert.match(explicit.error ?? '', /not found \(ENOENT\)/);
});

test('a hanging nvidia-smi is reported as timed out and its process tree is killed', async () => {
  const pidFile = path.join(await tempDir('tensorsight-smi-'), 'pids');
  const started = Date.now();
  const gpu = await checkNvidiaSmi({ timeoutMs: 700, nvidiaSmi: path.join(doubles, 'hang', 'python3'), env: { ...process.env, TENSORSIGHT_TEST_PIDFILE: pidFile } });
  assert.equal(gpu.status, 'timed-out');
  assert.match(gpu.error ?? '', /timed out after 700 ms/);
  assert.ok(Date.now() - started < 5000, 'the check outlived its timeout');
  for (const pid of readPids(pidFile)) assert.ok(await processGone(pid), `process ${pid} survived`);
});

test('problems from a replayed GPU: none about the driver', async () => {
  const env = { ...process.env, PATH: path.join(doubles, 'nvidia-smi-rtx4080') };
  const report = await runDoctor({ host: 'cli', pythons: [], timeoutMs: 10_000, moduleRoot: path.resolve(__dirname, '../..'), env });
  const codes = detectProblems(report).map((problem) => problem.code);
  assert.ok(!codes.some((code) => code.startsWith('nvidia')), codes.join(', '));
  assert.ok(codes.includes('no-python'));
});
