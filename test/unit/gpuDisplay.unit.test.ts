// The status-bar text, severity and tree rows, over snapshots parsed from real nvidia-smi XML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { busiestGpu, gpuDetailsText, gpuMetricRows, gpuSeverity, migFacts, sparkline, statusBarText } from '../../src/core/gpu/gpuDisplay';
import { tooltipMarkdown } from '../../src/core/gpu/gpuTooltip';
import { formatGpuTable } from '../../src/core/gpu/gpuTextTable';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';
import { parseNvidiaSmiXml } from '../../src/core/gpu/nvidiaSmiXml';
import { type GpuSnapshot } from '../../src/core/gpu/gpuSnapshot';

const fixtures = resolve(__dirname, '../fixtures/upstream/nvidia-smi/xml');
const load = (name: string): GpuSnapshot => parseNvidiaSmiXml(readFileSync(resolve(fixtures, name), 'utf8'), name);
const thresholds = { warnTemperatureC: 80, warnMemoryPercent: 90 };

test('one GPU: utilization, used/total GiB and temperature as the A10G file reports them (0 %, 22/23028 MiB, 17 C)', () => {
  const snapshot = load('telegraf_a10g.xml');
  // 22 MiB is 0.02 GiB, 23028 MiB is 22.49 GiB.
  assert.equal(statusBarText(snapshot), '$(pulse) 0% · 0/22.5 GiB · 17°C');
  assert.equal(gpuSeverity(snapshot.gpus[0], thresholds), 'normal');
});

test('several GPUs: the busiest is shown with the count', () => {
  const a = load('telegraf_a10g.xml').gpus[0];
  const b = { ...load('telegraf_tesla-t4.xml').gpus[0], index: 1, utilization: 93 };
  const snapshot: GpuSnapshot = { source: 'test', time: null, timestamp: null, driverVersion: null, cudaVersion: null, gpus: [a, b], processes: [] };
  assert.equal(busiestGpu(snapshot.gpus), b);
  assert.match(statusBarText(snapshot), /^\$\(pulse\) GPU1 93% · .* \(2 GPUs\)$/);
});

test('no GPU in the snapshot reads as no GPU', () => {
  assert.equal(statusBarText({ source: 'test', time: null, timestamp: null, driverVersion: null, cudaVersion: null, gpus: [], processes: [] }), '$(pulse) no GPU');
});

test('severity: warning past the thresholds, error well past them or under hardware slowdown', () => {
  const gpu = load('telegraf_a10g.xml').gpus[0];
  assert.equal(gpuSeverity({ ...gpu, temperatureC: 82 }, thresholds), 'warning');
  assert.equal(gpuSeverity({ ...gpu, temperatureC: 91 }, thresholds), 'error');
  assert.equal(gpuSeverity({ ...gpu, memoryUsedMiB: 0.95 * 23028 }, thresholds), 'warning');
  assert.equal(gpuSeverity({ ...gpu, throttleReasons: ['hw_thermal_slowdown'] }, thresholds), 'error');
});

test('metric rows keep stable ids, mark limiting throttle reasons, and say n/a rather than 0 for what is not reported', () => {
  const gpu = load('telegraf_a10g.xml').gpus[0];
  const rows = gpuMetricRows({ ...gpu, fanPercent: null, throttleReasons: ['sw_power_cap'] });
  assert.deepEqual(rows.slice(0, 10).map((row) => row.id), ['utilization', 'memory', 'temperature', 'power', 'clocks', 'fan', 'pstate', 'throttle', 'ecc', 'pcie']);
  assert.equal(rows.find((row) => row.id === 'fan')?.value, 'n/a');
  assert.equal(rows.find((row) => row.id === 'throttle')?.attention, true);
  assert.equal(gpuMetricRows({ ...gpu, throttleReasons: ['gpu_idle'] }).find((row) => row.id === 'throttle')?.attention, false);
});

test('details and tooltip list the processes of the GPU (the A10G file has one)', () => {
  const snapshot = load('telegraf_a10g.xml');
  assert.equal(snapshot.processes.length, 1);
  const details = gpuDetailsText(snapshot.gpus[0], snapshot.processes, snapshot);
  assert.match(details, /^GPU 0: NVIDIA A10G$/m);
  assert.match(details, /Processes: 1/);
  assert.ok(details.includes(String(snapshot.processes[0].pid)));
  assert.match(tooltipMarkdown(snapshot), /\*\*GPU 0 · NVIDIA A10G\*\*/);
});

test('sparkline scales to the range and leaves gaps for unreported samples', () => {
  assert.equal(sparkline([0, 50, 100, NaN, 100]), '▁▅█ █');
});

test('MIG devices in the CLI table: what the source names, nothing printed for what it leaves out', () => {
  // mig-a100-v12.xml (xmllint): GI 1 / CI 0, 298 of 40448 MiB, 42 SMs; no profile in -q -x.
  const xml = resolve(__dirname, '../fixtures/gpu/mig-a100-v12.xml');
  const [gpu] = parseGpuReport(readFileSync(xml, 'utf8'), xml).gpus;
  assert.deepEqual(migFacts(gpu.migDevices[0]), ['GI 1', 'CI 0', '298 / 40448 MiB', '42 SMs']);
  // The capture's -L line `MIG 3g.40gb Device 0`: the profile, and neither ids nor memory.
  const capture = resolve(__dirname, '../fixtures/gpu/mig-a100-capture.txt');
  const [listed] = parseGpuReport(readFileSync(capture, 'utf8'), capture, { phase: 'load' }).gpus;
  assert.deepEqual(migFacts(listed.migDevices[1]), ['3g.40gb']);
  const table = formatGpuTable({ source: 'test', time: null, timestamp: null, driverVersion: null, cudaVersion: null, gpus: [gpu, { ...listed, index: 1 }], processes: [] });
  assert.match(table, /^ {2}MIG 0\.1 {2}GI 2 {2}CI 0 {2}12011 \/ 40448 MiB {2}42 SMs$/m);
  assert.match(table, /^ {2}MIG 1\.0 {2}3g\.40gb$/m);
});
