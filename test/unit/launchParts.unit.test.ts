// The launcher's smaller parts: the sweep grid, progress and ETA, metrics.jsonl lines, the merge rules of the
// run's timeline, /proc parsing and the stop sequence on real processes, run folder names, the script's
// environment, GPU series of the run's processes, linked event folders, and the CLI's progress line and exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EventFileWriter } from '../../src/core/events/eventWriter';
import { emptyGpuDevice, type GpuSnapshot } from '../../src/core/gpu/gpuSnapshot';
import { belongsToRun, gpuSeriesValues } from '../../src/core/launch/gpuRunSeries';
import { LinkedEventDirs } from '../../src/core/launch/linkedEventDirs';
import { MetricTimeline } from '../../src/core/launch/metricTimeline';
import { parseHelperLine } from '../../src/core/launch/metricsFileTail';
import { parseProcStat, processGroupMembers, stopProcessGroup, type ProcStat } from '../../src/core/launch/processGroup';
import { ProgressTracker } from '../../src/core/launch/progressTracker';
import { createRunFolder, runTimestamp, scriptStem } from '../../src/core/launch/runFolder';
import { parseEnvOverrides, scriptEnvironment } from '../../src/core/launch/scriptProcess';
import { sweepGrid } from '../../src/core/launch/sweepGrid';
import { progressLine, runExitCode } from '../../src/cli/commands/run';
import { tempDirsFor } from './tempDirs';
import { readScalars, until } from './launchSupport';

const tempDir = tempDirsFor('tensorsight-launch-parts-');

test('sweep grid: the cartesian product in the order written, fixed arguments kept', () => {
  const grid = sweepGrid(['--lr', '1e-3,1e-4', '--amp', '--batch=32,64', 'data.csv']);
  assert.deepEqual(grid.axes, [{ name: '--lr', values: ['1e-3', '1e-4'] }, { name: '--batch', values: ['32', '64'] }]);
  assert.deepEqual(grid.runs, [
    ['--lr', '1e-3', '--amp', '--batch=32', 'data.csv'],
    ['--lr', '1e-3', '--amp', '--batch=64', 'data.csv'],
    ['--lr', '1e-4', '--amp', '--batch=32', 'data.csv'],
    ['--lr', '1e-4', '--amp', '--batch=64', 'data.csv'],
  ]);
  assert.deepEqual(sweepGrid(['--epochs', '3']).runs, [['--epochs', '3']]);
  assert.deepEqual(sweepGrid(['a,b']).axes, [{ name: '#1', values: ['a', 'b'] }]);
  assert.throws(() => sweepGrid(['--lr', '1e-3,']), /--lr: empty value in '1e-3,'/);
  assert.throws(() => sweepGrid(['--a', '1,2,3,4,5,6,7,8,9,10', '--b', '1,2,3,4,5,6,7,8,9,10', '--c', '1,2,3,4,5,6,7,8,9,10,11']), /1100 runs; at most 1000/);
});

test('progress: epochs × steps per epoch, steps/s over the last seconds, and the ETA', () => {
  const progress = new ProgressTracker();
  progress.addProgress({ epoch: 1, epochs: 3 }, 0);
  for (let position = 0; position <= 100; position += 10) progress.addProgress({ epoch: 1, position, total: 100 }, position * 100);
  const snapshot = progress.snapshot(10_000);
  assert.deepEqual([snapshot.epoch, snapshot.epochs, snapshot.totalSteps, snapshot.stepsPerSecond, snapshot.etaSeconds], [1, 3, 300, 10, 20]);
  // A per-epoch bar without the epoch count: no total, no ETA.
  const open = new ProgressTracker();
  open.addProgress({ epoch: 2, position: 5, total: 50 }, 0);
  assert.deepEqual([open.snapshot().totalSteps, open.snapshot().etaSeconds], [null, null]);
  // The helper's steps lead once it has logged.
  const mixed = new ProgressTracker();
  mixed.addPoint(640, { loss: 1 }, 0);
  assert.equal(mixed.currentStep, 640);
  mixed.addPoint(39, { train_loss: 0.5 }, 10, true);
  mixed.addPoint(700, { loss: 0.9 }, 20);
  assert.equal(mixed.currentStep, 39);
  assert.deepEqual(mixed.snapshot().lastMetrics, { loss: 0.9, train_loss: 0.5 });
  // Helper steps (batches) beside a bar counting samples (pytorch/examples): steps/s from the helper, the ETA from
  // the bar, and no total in the bar's unit beside the helper's step.
  const units = new ProgressTracker();
  units.addProgress({ epoch: 1, epochs: 2 }, 0);
  for (let batch = 0; batch <= 10; batch++) {
    units.addPoint(batch, { train_loss: 1 }, batch * 100, true);
    units.addProgress({ epoch: 1, position: batch * 64, total: 1280 }, batch * 100);
  }
  const both = units.snapshot(1000);
  assert.deepEqual([both.step, both.totalSteps, both.stepsPerSecond, both.etaSeconds], [10, null, 10, 3]);
});

test('metrics.jsonl lines: points, hparams, non-finite values, and what is skipped', () => {
  assert.deepEqual(parseHelperLine('{"step":3,"wall_time":12.5,"metrics":{"loss":0.5,"n":"nan","up":"inf","down":"-inf","name":"x"}}', 1), {
    kind: 'point', step: 3, wallTime: 12.5, values: { loss: 0.5, n: Number.NaN, up: Infinity, down: -Infinity },
  });
  assert.deepEqual(parseHelperLine('{"hparams":{"lr":0.1,"opt":"adam","amp":true,"list":[1]},"wall_time":1}', 2), { kind: 'hparams', wallTime: 1, hparams: { lr: 0.1, opt: 'adam', amp: true } });
  assert.deepEqual(parseHelperLine('{"step":1.5,"metrics":{}}', 3), { kind: 'invalid', line: 3, reason: 'no integer "step"' });
  assert.deepEqual(parseHelperLine('{"step":1', 4), { kind: 'invalid', line: 4, reason: 'not JSON' });
});

test('timeline: epoch-only points at step = epoch before any step; once the helper logs, printed points go at its step of their time; the helper\'s tags win', () => {
  const dir = tempDir();
  const timeline = new MetricTimeline(new EventFileWriter(dir));
  timeline.addParsedPoint({ step: null, epoch: 1, values: { val_loss: 0.9 }, source: 'test' }, 100);
  timeline.addHelperPoint(50, 101, { loss: 0.5 });
  timeline.addParsedPoint({ step: null, epoch: 2, values: { val_loss: 0.7 }, source: 'test' }, 102);
  // A printed counter (here 6000, a sample index) does not override the helper's step axis.
  timeline.addParsedPoint({ step: 6000, epoch: 2, values: { loss: 0.45, acc: 0.8 }, source: 'test' }, 103);
  // The helper file may be read ahead of stdout: a line that arrived at 104 belongs to step 50, not to 70 (logged at 105).
  timeline.addHelperPoint(70, 105, { loss: 0.4 });
  timeline.addParsedPoint({ step: 7000, epoch: 2, values: { acc: 0.85 }, source: 'test' }, 104);
  timeline.addGpuValue('gpu/0/utilization', 97, 106);
  timeline.close();
  const scalars = readScalars(dir);
  assert.deepEqual(scalars.get('val_loss'), [[1, Math.fround(0.9)], [50, Math.fround(0.7)]]);
  assert.deepEqual(scalars.get('loss'), [[50, 0.5], [70, Math.fround(0.4)]]);
  assert.deepEqual(scalars.get('acc'), [[50, Math.fround(0.8)], [50, Math.fround(0.85)]]);
  assert.deepEqual(scalars.get('gpu/0/utilization'), [[70, 97]]);
  assert.deepEqual(timeline.counts, { helperPoints: 2, parsedPoints: 4, gpuPoints: 1 });
});

test('timeline: points reach the file within the flush interval, without closing it', async () => {
  const dir = tempDir();
  const timeline = new MetricTimeline(new EventFileWriter(dir), 100);
  timeline.addHelperPoint(1, Date.now() / 1000, { loss: 1 });
  await until('the point in the file', () => readScalars(dir).get('loss')?.length === 1, 500);
  timeline.close();
});

test('/proc stat: the command name may hold spaces and parentheses', () => {
  assert.deepEqual(parseProcStat('4242 (python3 (x) y) S 4200 4242 4200 0 -1 4194560'), { pid: 4242, state: 'S', ppid: 4200, pgrp: 4242 });
  assert.equal(parseProcStat('garbage'), undefined);
});

test('stop sequence on real processes: a group ignoring SIGINT ends on SIGTERM, with nothing left', async () => {
  // The shell and its two sleeps ignore SIGINT (a trap of '' is inherited), so only the SIGTERM ends them.
  const child = spawn('sh', ['-c', 'trap "" INT; sleep 30 & sleep 30 & wait'], { detached: true, stdio: 'ignore' });
  const pgid = child.pid!;
  await until('three processes in the group', () => processGroupMembers(pgid).length === 3);
  const sent: string[] = [];
  const result = await stopProcessGroup(pgid, { graceMs: 200, onSignal: (signal) => sent.push(signal) });
  assert.deepEqual(result, { signals: ['SIGINT', 'SIGTERM'], gone: true });
  assert.deepEqual(sent, ['SIGINT', 'SIGTERM']);
  assert.deepEqual(processGroupMembers(pgid), []);
  // A group already gone gets no signal.
  assert.deepEqual(await stopProcessGroup(pgid, { graceMs: 10 }), { signals: [], gone: true });
});

test('run folders: <stem>/<yyyymmdd-hhmmss>-<stem>, a second run in the same second gets -2', () => {
  const root = tempDir();
  const date = new Date(2026, 0, 2, 3, 4, 5);
  assert.equal(runTimestamp(date), '20260102-030405');
  assert.equal(scriptStem('/x/my train!.py'), 'my_train_');
  const first = createRunFolder(root, '/x/train.py', date);
  const second = createRunFolder(root, '/x/train.py', date);
  assert.deepEqual([first, second], [
    { id: '20260102-030405-train', dir: join(root, 'train', '20260102-030405-train') },
    { id: '20260102-030405-train-2', dir: join(root, 'train', '20260102-030405-train-2') },
  ]);
});

test('the script environment: unbuffered, the helper first on PYTHONPATH, the run folder named, overrides last, no ELECTRON_RUN_AS_NODE', () => {
  const env = scriptEnvironment({ PATH: '/bin', PYTHONPATH: '/mine', ELECTRON_RUN_AS_NODE: '1' }, { runDir: '/runs/a', helperDir: '/ext/python', overrides: { CUDA_VISIBLE_DEVICES: '1', PYTHONUNBUFFERED: '0' } });
  assert.deepEqual(env, {
    PATH: '/bin',
    PYTHONPATH: `/ext/python${delimiter}/mine`,
    PYTHONUNBUFFERED: '0',
    TENSORSIGHT_RUN_DIR: '/runs/a',
    TENSORSIGHT_METRICS_FILE: join('/runs/a', 'metrics.jsonl'),
    CUDA_VISIBLE_DEVICES: '1',
  });
  assert.deepEqual(parseEnvOverrides(['A=1', 'B=x=y', 'C=']), { A: '1', B: 'x=y', C: '' });
  assert.throws(() => parseEnvOverrides(['1A=2']), /'1A=2' is not K=V/);
});

test('GPU series: per-GPU values, and the memory of processes in the run group or below it', () => {
  const stats: Record<number, ProcStat> = {
    100: { pid: 100, state: 'S', ppid: 1, pgrp: 100 },
    101: { pid: 101, state: 'S', ppid: 100, pgrp: 100 },
    102: { pid: 102, state: 'S', ppid: 101, pgrp: 102 },
    200: { pid: 200, state: 'S', ppid: 1, pgrp: 200 },
  };
  const stat = (pid: number) => stats[pid];
  assert.deepEqual([100, 101, 102, 200, 999].map((pid) => belongsToRun(pid, 100, stat)), [true, true, true, false, false]);
  const gpu = { ...emptyGpuDevice(0), utilization: 87, memoryUsedMiB: 1200, powerW: 250.5, temperatureC: 65 };
  const other = { ...emptyGpuDevice(1), utilization: 3 };
  const process = (pid: number, memoryMiB: number | null) => ({ gpu: 0, gpuUuid: null, pid, name: 'python', memoryMiB, type: 'C', gpuInstanceId: null, computeInstanceId: null });
  const snapshot: GpuSnapshot = { source: 'nvidia-smi', time: null, timestamp: null, driverVersion: null, cudaVersion: null, gpus: [gpu, other], processes: [process(101, 500), process(102, 300), process(200, 4000), process(100, null)] };
  assert.deepEqual(gpuSeriesValues(snapshot, 100, stat), [
    { tag: 'gpu/0/utilization', value: 87 },
    { tag: 'gpu/0/memory_used_mib', value: 1200 },
    { tag: 'gpu/0/power_w', value: 250.5 },
    { tag: 'gpu/0/temperature_c', value: 65 },
    { tag: 'gpu/1/utilization', value: 3 },
    { tag: 'gpu/run_memory_mib', value: 800 },
  ]);
});

test('linked event folders: new event files under the working folder, not old ones, not the runs folder', async () => {
  const cwd = tempDir();
  const since = Date.now();
  const write = (dir: string) => {
    mkdirSync(join(cwd, dir), { recursive: true });
    const file = join(cwd, dir, 'events.out.tfevents.1700000000.host.1.0');
    writeFileSync(file, '');
    return file;
  };
  const old = write('old/run');
  utimesSync(old, new Date(since - 60_000), new Date(since - 60_000));
  write('tensorsight-runs/train/20260101-000000-train');
  const links = new LinkedEventDirs(cwd, since, [join(cwd, 'tensorsight-runs')]);
  assert.deepEqual(await links.scan(), []);
  write('lightning_logs/version_0');
  write('.venv/lib/x');
  assert.deepEqual(await links.scan(), [join(cwd, 'lightning_logs/version_0')]);
  assert.deepEqual(await links.scan(), []);
  assert.deepEqual(links.dirs, [join(cwd, 'lightning_logs/version_0')]);
});

test('CLI: --help after -- is the script\'s, not the launcher\'s', async () => {
  const { main } = await import('../../src/cli/main');
  let out = '';
  const code = await main(['run', '--help'], { out: (text) => (out += text), err: () => undefined });
  assert.deepEqual([code, out.split('\n')[0]], [0, 'Usage: tensorsight run <script.py> [options] [-- <script arguments>]']);
  let err = '';
  // With a missing script the launch fails as bad input: the --help after -- was not taken as the launcher's.
  const missing = await main(['run', join(tempDir(), 'x.py'), '--', '--help'], { out: () => undefined, err: (text) => (err += text) });
  assert.equal(missing, 1);
  assert.match(err, /cannot read .*x\.py: no such file/);
});

test('CLI: the progress line and the exit code of each ending', () => {
  assert.equal(progressLine({ step: 1200, epoch: 2, epochs: 10, totalSteps: 6000, stepsPerSecond: 52.34, etaSeconds: 100, lastMetrics: { loss: 0.213456, acc: 0.91 }, updatedAt: 0 }), 'epoch 2/10 · step 1200/6000 · loss 0.2135 · acc 0.91 · 52.3 steps/s · ETA 1m40s');
  const ended = { status: 'finished', exitCode: 0, signal: null } as const;
  assert.equal(runExitCode({ ...ended } as never), 0);
  assert.equal(runExitCode({ ...ended, status: 'failed', exitCode: 3 } as never), 3);
  assert.equal(runExitCode({ ...ended, status: 'failed', exitCode: null, signal: 'SIGKILL' } as never), 137);
  assert.equal(runExitCode({ ...ended, status: 'stopped', exitCode: null, signal: 'SIGINT' } as never), 130);
});
