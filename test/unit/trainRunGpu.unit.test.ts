// GPU series of a trainer run, with the nvidia-smi replay double as `nvidia-smi` on PATH (an RTX 4080 SUPER
// recorded under load, and a process list naming this test process, which trains in-process, with 777 MiB and
// another process with 503 MiB): run.json lists the GPU and driver, and the event file holds gpu/0/* and
// gpu/run_memory_mib counting only the trainer's memory. Without nvidia-smi the run trains with no GPU series.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { readRunRecord } from '../../src/core/launch/runRecord';
import type { TrainMessage } from '../../src/core/train/run/trainMessage';
import { trainFromSpec } from '../../src/core/train/run/trainRun';
import { fixturesDir, setUpReplay } from '../fixtures/gpu/replay';

const digits = resolve('test/fixtures/digits');
const spec = (epochs: number) => ({
  model: { inputShape: [64], layers: [{ type: 'Dense', units: 16, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
  data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2, normalize: { scale: 16 } },
  loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'], epochs, batchSize: 64, seed: 5, backend: 'cpu',
});

test('GPU samples while training: run.json gpus and driver, gpu/* series and the run\'s own GPU memory', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-gpu-'));
  const apps = join(dir, 'apps.csv');
  const recorded = readFileSync(join(fixturesDir, 'csv/rtx-4080-super_595.71.05_load_query-compute-apps.csv'), 'utf8').split('\n');
  const [header, other] = [recorded[0], recorded[2]];
  const ours = other.replace(/, 5022, ffmpeg, 503 MiB/, `, ${process.pid}, node, 777 MiB`);
  writeFileSync(apps, `${header}\n${other}\n${ours}\n`);
  const replay = setUpReplay({ NVIDIA_SMI_REPLAY_GPUS: 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv', NVIDIA_SMI_REPLAY_APPS: apps });
  const saved = { ...process.env };
  Object.assign(process.env, replay.env);
  try {
    const specFile = join(dir, 'gpu.train.json');
    writeFileSync(specFile, JSON.stringify(spec(10000)));
    const runsRoot = join(dir, 'runs');
    let logdir: LogdirReader | undefined;
    const stop = new AbortController();
    // Trains until the event file holds the run's GPU memory: read back after each epoch (the writer flushes there).
    const done = await trainFromSpec({ specFile, runsRoot, searchDirs: [dir] }, (message: TrainMessage) => {
      if (message.kind !== 'epoch') return;
      logdir ??= new LogdirReader(runsRoot);
      logdir.poll();
      const run = [...logdir.runs.values()][0];
      if ((run?.store.scalar('gpu/run_memory_mib')?.columns().values ?? []).some((value) => value > 0)) stop.abort();
    }, { stop: stop.signal, gpu: { intervalMs: 50, processIntervalMs: 100 } });
    assert.equal(done.kind, 'done');
    if (done.kind !== 'done') return;
    const record = readRunRecord(done.runDir)!;
    assert.deepEqual(record.gpus.map((gpu) => [gpu.index, gpu.name]), [[0, 'NVIDIA GeForce RTX 4080 SUPER']]);
    assert.equal(record.driverVersion, '595.71.05');
    logdir!.poll();
    const run = [...logdir!.runs.values()][0];
    for (const tag of ['gpu/0/utilization', 'gpu/0/memory_used_mib', 'gpu/0/power_w', 'gpu/0/temperature_c']) {
      assert.ok((run.store.scalar(tag)?.columns().values.length ?? 0) > 0, tag);
    }
    const runMemory = [...run.store.scalar('gpu/run_memory_mib')!.columns().values];
    assert.ok(runMemory.includes(777), `gpu/run_memory_mib ${runMemory.join(', ')}`);
    assert.ok(runMemory.every((value) => value === 0 || value === 777), 'the other process\'s 503 MiB is not the run\'s');
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    replay.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without nvidia-smi the run trains and records no GPU series', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-gpu-'));
  try {
    const specFile = join(dir, 'nogpu.train.json');
    writeFileSync(specFile, JSON.stringify(spec(2)));
    const runsRoot = join(dir, 'runs');
    const done = await trainFromSpec({ specFile, runsRoot, searchDirs: [dir] }, () => {}, { gpu: { nvidiaSmi: join(dir, 'no-such-nvidia-smi'), intervalMs: 50 } });
    assert.equal(done.kind, 'done');
    if (done.kind !== 'done') return;
    const record = readRunRecord(done.runDir)!;
    assert.deepEqual([record.status, record.gpus, record.driverVersion], ['finished', [], null]);
    const logdir = new LogdirReader(runsRoot);
    logdir.poll();
    const tags = [...logdir.runs.values()][0].store.scalarTags();
    assert.deepEqual(tags.filter((tag: string) => tag.startsWith('gpu/')), []);
    assert.ok(tags.includes('loss'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
