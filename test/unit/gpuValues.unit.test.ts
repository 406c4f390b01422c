// Single values (statuses are null, never 0), throttle reason masks (bit values from NVML's nvml.h), line
// buffering, and the four CSV variants nvidia-smi writes (header or not, units or not) for the same GPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitCsvLine } from '../../src/core/gpu/csvLine';
import { isUnavailable, parseGpuNumber } from '../../src/core/gpu/gpuValue';
import { LineSplitter } from '../../src/core/gpu/lineSplitter';
import { samplerQueryGpuNames } from '../../src/core/gpu/nvidiaSmiCsv';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';
import { decodeThrottleMask } from '../../src/core/gpu/throttleReasons';
import { fixturesDir, replayScript } from '../fixtures/gpu/replay';

test('every status nvidia-smi writes in place of a value is unavailable; real values are not', () => {
  for (const status of ['[N/A]', 'N/A', '[Not Supported]', 'Not Supported', '[Unknown Error]', '[Insufficient Permissions]', '[Requested functionality has been deprecated]', '[GPU is lost]', '', '  ']) {
    assert.equal(isUnavailable(status), true, status);
    assert.equal(parseGpuNumber(status), null, status);
  }
  for (const value of ['0', '0 %', 'P0', '0x0000000000000000']) assert.equal(isUnavailable(value), false, value);
});

test('numbers keep their value and drop their unit; garbage is reported as malformed (undefined)', () => {
  assert.equal(parseGpuNumber('0'), 0);
  assert.equal(parseGpuNumber('26.78 W'), 26.78);
  assert.equal(parseGpuNumber('16x'), 16);
  assert.equal(parseGpuNumber('1474 MiB'), 1474);
  assert.equal(parseGpuNumber('830 KB/s'), 830);
  assert.equal(parseGpuNumber('96 bank(s)'), 96);
  assert.equal(parseGpuNumber('-7 C'), -7);
  assert.equal(parseGpuNumber('NVIDIA H200'), undefined);
  assert.equal(parseGpuNumber('12abc34'), undefined);
});

test('throttle masks decode to NVML reason names', () => {
  assert.deepEqual(decodeThrottleMask('0x0000000000000000'), []);
  assert.deepEqual(decodeThrottleMask('0x0000000000000001'), ['gpu_idle']);
  assert.deepEqual(decodeThrottleMask('0x0000000000000004'), ['sw_power_cap']);
  // nvmlClocksThrottleReasonHwSlowdown 0x8 | SwThermalSlowdown 0x20 | HwThermalSlowdown 0x40 | HwPowerBrakeSlowdown 0x80
  assert.deepEqual(decodeThrottleMask('0x00000000000000E8'), ['hw_slowdown', 'sw_thermal_slowdown', 'hw_thermal_slowdown', 'hw_power_brake_slowdown']);
  assert.deepEqual(decodeThrottleMask('0x0000000000000112'), ['applications_clocks_setting', 'sync_boost', 'display_clock_setting']);
  // nvmlClocksThrottleReasonUnknown is the top bit.
  assert.deepEqual(decodeThrottleMask('0x8000000000000001'), ['gpu_idle', 'unknown_0x8000000000000000']);
  assert.equal(decodeThrottleMask('[Not Supported]'), null);
  assert.equal(decodeThrottleMask('Active'), null);
});

test('lines split across chunks are joined, CRLF is dropped, and the tail waits for its newline', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('0, NVIDIA H1'), []);
  assert.deepEqual(splitter.push('00, 35\r\n1, NVIDIA'), ['0, NVIDIA H100, 35']);
  assert.deepEqual(splitter.push(' H100, 36\n\n'), ['1, NVIDIA H100, 36', '']);
  assert.equal(splitter.flush(), undefined);
  assert.deepEqual(splitter.push('partial'), []);
  assert.equal(splitter.flush(), 'partial');
  const bounded = new LineSplitter(8);
  assert.deepEqual(bounded.push('x'.repeat(20)), ['x'.repeat(8)], 'an endless line is cut instead of growing');
});

test('surplus commas go back into the free-text column only', () => {
  assert.deepEqual(splitCsvLine('a, b, c'), ['a', 'b', 'c']);
  assert.deepEqual(splitCsvLine('t, GPU-1, 7, my,app, 5', 5, 3), ['t', 'GPU-1', '7', 'my,app', '5']);
  assert.deepEqual(splitCsvLine('t, GPU-1, 7', 5, 3), ['t', 'GPU-1', '7'], 'a short row stays short, for the caller to reject');
});

/** Runs the replaying nvidia-smi over one recorded GPU and returns its stdout. */
function replay(args: string[], env: Record<string, string>): string {
  return execFileSync(replayScript, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
}

test('csv, csv+nounits, csv+noheader and csv+noheader+nounits of one recording read the same', () => {
  const recorded = 'csv/h200_590.48.01_idle_query-gpu.csv';
  const original = parseGpuReport(readFileSync(join(fixturesDir, recorded), 'utf8'), recorded).gpus;
  const env = { NVIDIA_SMI_REPLAY_GPUS: recorded };
  for (const format of ['csv', 'csv,nounits', 'csv,noheader', 'csv,noheader,nounits']) {
    const text = replay([`--query-gpu=${samplerQueryGpuNames.join(',')}`, `--format=${format}`], env);
    assert.equal(text.includes('MiB'), !format.includes('nounits'), `${format}: units present as asked`);
    assert.deepEqual(parseGpuReport(text, format).gpus, original, format);
  }
});

test('compute-apps output reads the same with and without header and units', () => {
  const env = { NVIDIA_SMI_REPLAY_GPUS: 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv', NVIDIA_SMI_REPLAY_APPS: 'csv/rtx-4080-super_595.71.05_load_query-compute-apps.csv' };
  const pids = [2165, 5022, 5021]; // the three rows of the recording
  for (const format of ['csv', 'csv,noheader,nounits']) {
    const text = replay(['--query-compute-apps=timestamp,gpu_uuid,pid,process_name,used_memory', `--format=${format}`], env);
    const processes = parseGpuReport(text, format).processes;
    assert.deepEqual(processes.map((process) => process.pid), pids, format);
    assert.deepEqual(processes.map((process) => process.memoryMiB), [25, 503, 360], format);
  }
});
