// Saved nvidia-smi reports: every file in test/fixtures/upstream/nvidia-smi, and the ones assembled in
// test/fixtures/gpu, is read (or, for outputs Tensorsight does not read, rejected by name), and checked against
// gpu.fixtures.table.json, whose figures were read off the files with Python's xml.etree, csv and datetime
// (test/fixtures/gpu/fixture-facts.sh). The output must not depend on the reader's time zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { type GpuDevice } from '../../src/core/gpu/gpuSnapshot';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';
import { fixturesDir } from '../fixtures/gpu/replay';

interface FixtureRow {
  file: string;
  kind: 'xml' | 'csv-query-gpu' | 'csv-compute-apps' | 'capture' | 'text';
  phase?: string;
  gpus?: number;
  names?: string[];
  memoryTotalMiB?: number[];
  memoryUsedMiB?: number[];
  uuids?: string[];
  busIds?: string[];
  migDevices?: number[];
  /** Per GPU, the MIG devices `-L` lists: [index, profile, uuid]. */
  migList?: [number, string, string][][];
  processGpus?: number[];
  processUuids?: string[];
  time?: string | null;
  throttleActive?: string[][];
  raw?: Record<string, string>[];
  processes?: number;
  pids?: number[];
  memoryMiB?: number[];
  driverVersion?: string;
  cudaVersion?: string;
  rejectedAs?: string;
}

const table = JSON.parse(readFileSync(resolve(__dirname, 'gpu.fixtures.table.json'), 'utf8')) as FixtureRow[];
const read = (file: string) => readFileSync(join(fixturesDir, file), 'utf8');

test('the table covers every file under the repo\'s nvidia-smi fixtures, and each of its rows names a file there', () => {
  const onDisk = readdirSync(fixturesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(fixturesDir.length + 1))
    .sort();
  assert.ok(onDisk.length >= 20);
  const upstreamRows = table.map((row) => row.file).filter((file) => !file.startsWith('../'));
  assert.deepEqual([...new Set(upstreamRows)].sort(), onDisk);
  for (const row of table) assert.ok(existsSync(join(fixturesDir, row.file)), row.file);
});

/** What a raw value from the file means: a status is null, anything else its leading number (or the text). */
function expectedValue(raw: string): number | string | null {
  const text = raw.trim();
  if (text === '' || /^\[.*\]$/.test(text) || /^(N\/A|Not Supported)$/i.test(text)) return null;
  const number = Number.parseFloat(text);
  return Number.isNaN(number) ? text : number;
}

/** A GpuDevice field by name; clock fields live under `clocks`. */
function actualValue(gpu: GpuDevice, key: string): unknown {
  return key in gpu.clocks ? gpu.clocks[key as keyof GpuDevice['clocks']] : (gpu as unknown as Record<string, unknown>)[key];
}

for (const row of table) {
  const label = `${row.file}${row.phase ? ` (${row.phase})` : ''}`;
  if (row.kind === 'text') {
    test(`${label}: rejected as ${row.rejectedAs} output, with the readable forms named`, () => {
      assert.throws(
        () => parseGpuReport(read(row.file), row.file),
        (error: unknown) => error instanceof FormatError && error.message.includes(row.file) && error.message.includes(row.rejectedAs!) && error.message.includes('-q -x'),
      );
    });
    continue;
  }
  test(`${label}: GPUs, names, memory, processes and values match the file`, () => {
    const snapshot = parseGpuReport(read(row.file), row.file, { phase: row.phase });
    assert.equal(snapshot.gpus.length, row.gpus);
    assert.equal(snapshot.processes.length, row.processes);
    if (row.kind === 'csv-compute-apps') {
      assert.deepEqual(snapshot.processes.map((process) => process.pid), row.pids);
      assert.deepEqual(snapshot.processes.map((process) => process.memoryMiB), row.memoryMiB);
      // No GPU rows to match against: the index is unknown (null), the UUID is kept beside it.
      assert.deepEqual(snapshot.processes.map((process) => [process.gpu, process.gpuUuid]), row.processUuids!.map((uuid) => [null, uuid]));
      return;
    }
    assert.deepEqual(snapshot.gpus.map((gpu) => gpu.name), row.names);
    assert.deepEqual(snapshot.gpus.map((gpu) => gpu.memoryTotalMiB), row.memoryTotalMiB);
    assert.deepEqual(snapshot.gpus.map((gpu) => gpu.memoryUsedMiB), row.memoryUsedMiB);
    assert.deepEqual(snapshot.gpus.map((gpu) => gpu.uuid), row.uuids);
    assert.equal(snapshot.driverVersion, row.driverVersion);
    assert.equal(snapshot.cudaVersion, row.cudaVersion ?? null);
    assert.equal(snapshot.time, row.time, 'the time as the file wrote it, with the offset only where the file gives it');
    assert.equal(snapshot.timestamp, row.time && /[+-]\d\d:\d\d$/.test(row.time) ? Date.parse(row.time) : null);
    if (row.busIds) assert.deepEqual(snapshot.gpus.map((gpu) => gpu.busId), row.busIds);
    if (row.migDevices) assert.deepEqual(snapshot.gpus.map((gpu) => gpu.migDevices.length), row.migDevices);
    if (row.migList) assert.deepEqual(snapshot.gpus.map((gpu) => gpu.migDevices.map((mig) => [mig.index, mig.profile, mig.uuid])), row.migList);
    // CSV: the decoded bitmask must equal the per-reason Active columns of the same row.
    assert.deepEqual(snapshot.gpus.map((gpu) => [...(gpu.throttleReasons ?? [])].sort()), row.throttleActive!.map((reasons) => [...reasons].sort()));
    if (row.pids) assert.deepEqual(snapshot.processes.map((process) => process.pid), row.pids);
    // Every path gives each process its GPU's index, with the UUID beside it.
    if (row.processGpus) assert.deepEqual(snapshot.processes.map((process) => process.gpu), row.processGpus);
    if (row.processUuids) assert.deepEqual(snapshot.processes.map((process) => process.gpuUuid), row.processUuids);
    for (const [index, raw] of (row.raw ?? []).entries()) {
      for (const [key, text] of Object.entries(raw)) {
        assert.deepEqual(actualValue(snapshot.gpus[index], key), expectedValue(text), `${key}: file says ${JSON.stringify(text)}`);
      }
    }
  });
}

test('the output does not depend on the reader\'s time zone (TZ=UTC and TZ=Asia/Kolkata, every file)', () => {
  const files = table.filter((row) => row.kind !== 'text').map((row) => [join(fixturesDir, row.file), row.phase ?? null]);
  const script = `
    const { readFileSync } = require('node:fs');
    const { parseGpuReport } = require(${JSON.stringify(resolve(__dirname, '../../src/core/gpu/parseGpuReport.ts'))});
    const { formatGpuTable } = require(${JSON.stringify(resolve(__dirname, '../../src/core/gpu/gpuTextTable.ts'))});
    const out = ${JSON.stringify(files)}.map(([file, phase]) => {
      const snapshot = parseGpuReport(readFileSync(file, 'utf8'), file, { phase: phase ?? undefined });
      return JSON.stringify(snapshot) + formatGpuTable(snapshot);
    });
    process.stdout.write(JSON.stringify([new Date(0).getTimezoneOffset(), out]));`;
  const run = (tz: string) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', env: { ...process.env, TZ: tz } });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as [number, string[]];
  };
  const [utcOffset, utc] = run('UTC');
  const [kolkataOffset, kolkata] = run('Asia/Kolkata');
  assert.deepEqual([utcOffset, kolkataOffset], [0, -330], 'the two runs really were in different zones');
  assert.equal(utc.length, files.length);
  assert.deepEqual(kolkata, utc);
});

test('a GPU in MIG mode lists its instances (figures from xmllint on test/fixtures/gpu/mig-a100-v12.xml)', () => {
  const file = resolve(__dirname, '../fixtures/gpu/mig-a100-v12.xml');
  const snapshot = parseGpuReport(readFileSync(file, 'utf8'), file);
  const [gpu] = snapshot.gpus;
  assert.equal(gpu.migMode, 'Enabled');
  // xmllint --xpath '//mig_device/gpu_instance_id/text()' etc.
  assert.deepEqual(gpu.migDevices, [
    { index: 0, profile: null, gpuInstanceId: 1, computeInstanceId: 0, uuid: null, memoryUsedMiB: 298, memoryTotalMiB: 40448, multiprocessorCount: 42 },
    { index: 1, profile: null, gpuInstanceId: 2, computeInstanceId: 0, uuid: null, memoryUsedMiB: 12011, memoryTotalMiB: 40448, multiprocessorCount: 42 },
  ]);
  assert.equal(gpu.utilization, null, 'a MIG parent reports N/A utilization, which is not 0');
  assert.deepEqual(
    snapshot.processes.map((process) => [process.pid, process.gpuInstanceId, process.memoryMiB]),
    [
      [4101, 1, 280],
      [4177, 2, 11990],
    ],
  );
});

test('malformed XML names the file, line and column', () => {
  const text = read('xml/telegraf_tesla-t4.xml').replace('</fb_memory_usage>', '</fb_memory>');
  assert.throws(() => parseGpuReport(text, 't4-broken.xml'), /t4-broken\.xml: malformed XML at line \d+, column \d+/);
});

test('XML of something else is refused with the root it found', () => {
  assert.throws(() => parseGpuReport('<?xml version="1.0"?><html><body/></html>', 'page.xml'), /page\.xml: not nvidia-smi -q -x output: the root element is <html>/);
});

test('an empty file, a binary file and a driver failure message each get their own error', () => {
  assert.throws(() => parseGpuReport('  \n', 'empty.csv'), /empty\.csv: the file is empty/);
  assert.throws(() => parseGpuReport('\u0000\u0001PK\u0003\u0004,zip', 'model.zip'), /model\.zip \(at byte 0\): is not nvidia-smi output/);
  const failure = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n";
  assert.throws(() => parseGpuReport(failure, 'saved.txt'), /saved\.txt: holds nvidia-smi's driver failure message/);
});

test('a truncated CSV row is reported with its line number and counts', () => {
  const lines = read('csv/rtx-4080-super_595.71.05_load_query-gpu.csv').split('\n');
  const truncated = `${lines[0]}\n${lines[1].slice(0, 200)}\n`;
  assert.throws(() => parseGpuReport(truncated, 'cut.csv'), /cut\.csv: line 2: expected 202 values, found \d+/);
});

test('a headerless CSV needs a known column order or the field names', () => {
  const row = read('csv/rtx-4080-super_595.71.05_load_query-gpu.csv').split('\n')[1];
  assert.throws(() => parseGpuReport(`${row}\n`, 'noheader.csv'), /noheader\.csv: line 1 is not a CSV header and its 202 values match no known column order/);
  const header = read('csv/rtx-4080-super_595.71.05_load_query-gpu.csv')
    .split('\n')[0]
    .split(', ')
    .map((cell) => cell.replace(/ \[.*\]$/, ''));
  const named = parseGpuReport(`${row}\n`, 'noheader.csv', { fields: header });
  assert.equal(named.gpus[0].name, 'NVIDIA GeForce RTX 4080 SUPER');
  assert.equal(named.gpus[0].memoryTotalMiB, 16376);
});

test('a process name holding a comma stays one column', () => {
  const text = 'timestamp, gpu_uuid, pid, process_name, used_gpu_memory [MiB]\n2026/06/26 11:59:58.909, GPU-1, 42, python train.py --tags a,b, 512 MiB\n';
  const snapshot = parseGpuReport(text, 'apps.csv');
  assert.equal(snapshot.processes[0].name, 'python train.py --tags a,b');
  assert.equal(snapshot.processes[0].memoryMiB, 512);
});
