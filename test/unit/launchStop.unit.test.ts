// Stop leaves nothing behind: a real script with a DataLoader(num_workers=2) is stopped through the launcher
// and through the CLI's own SIGINT handling, and /proc is scanned for any process of its group (the workers
// included). The escalation to SIGTERM and SIGKILL is checked on scripts that ignore the earlier signals.
// While it runs, GPU series come from the nvidia-smi replay double (real recorded outputs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchRun, type LaunchOptions } from '../../src/core/launch/launchRun';
import { readProcStat } from '../../src/core/launch/processGroup';
import { readRunRecord, type RunRecord } from '../../src/core/launch/runRecord';
import { tempDirsFor } from './tempDirs';
import { readOutputLog, readScalars, replayNvidiaSmi, repoRoot, scripts, survivors, torchPython, until } from './launchSupport';

const tempDir = tempDirsFor('tensorsight-launch-stop-');
const skip = torchPython.skip;
const python = torchPython.python!;
const fixtures = join(repoRoot, 'test/fixtures/upstream/nvidia-smi');

/** The worker pids the script prints once both DataLoader workers have produced a batch. */
async function workersOf(dir: string): Promise<number[]> {
  const line = await until('the DataLoader workers to start', () => {
    try {
      return readOutputLog(dir).find((entry) => entry.text.startsWith('workers '));
    } catch {
      return undefined;
    }
  });
  return line.text.split(' ').slice(1).map(Number);
}

function assertNothingLeft(record: RunRecord, workers: number[]): void {
  assert.deepEqual(survivors(record.pid!), [], 'processes of the run group still alive');
  for (const pid of [record.pid!, ...workers]) {
    const stat = readProcStat(pid);
    assert.ok(stat === undefined || stat.state === 'Z', `process ${pid} still alive (${stat?.state})`);
  }
}

function launchWorkers(args: string[], extra: Partial<LaunchOptions> = {}) {
  return launchRun({ script: join(scripts, 'dataloader_workers.py'), args, python, runsRoot: tempDir(), nvidiaSmi: null, terminalFd: null, ...extra });
}

test('Stop: SIGINT reaches the script (it saves a checkpoint) and its DataLoader workers; GPU series from the replay', { skip }, async () => {
  // The replayed GPU: one RTX 4080 SUPER under load; its processes come from a recorded compute-apps CSV,
  // rewritten once the script runs so that ffmpeg's row carries the script's pid (its 503 MiB are the run's).
  const gpuCsv = 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv';
  const appsCsv = readFileSync(join(fixtures, 'csv/rtx-4080-super_595.71.05_load_query-compute-apps.csv'), 'utf8');
  const apps = join(tempDir(), 'apps.csv');
  writeFileSync(apps, appsCsv);
  Object.assign(process.env, { NVIDIA_SMI_REPLAY_GPUS: gpuCsv, NVIDIA_SMI_REPLAY_APPS: apps });
  const handle = launchWorkers([], { nvidiaSmi: replayNvidiaSmi, gpuIntervalMs: 100 });
  const workers = await workersOf(handle.dir);
  const pid = handle.record.pid!;
  assert.deepEqual(workers.map((worker) => readProcStat(worker)?.pgrp), [pid, pid], 'the workers are in the script group');
  const ffmpeg = appsCsv.split('\n').find((line) => line.includes(', ffmpeg, '))!;
  writeFileSync(apps, appsCsv.replace(ffmpeg, ffmpeg.replace(/, \d+, ffmpeg, /, `, ${pid}, ffmpeg, `)));
  await until('the run memory series to count the script', () => readScalars(handle.dir).get('gpu/run_memory_mib')?.some(([, value]) => value === 503), 20_000);

  handle.stop();
  const record = await handle.done;
  assert.equal(record.status, 'stopped');
  assertNothingLeft(record, workers);
  // The script caught KeyboardInterrupt, so SIGINT was enough.
  const logged = readOutputLog(handle.dir);
  assert.ok(logged.some((line) => line.stream === 'err' && line.text === 'interrupted: saving a checkpoint'));
  assert.deepEqual(logged.filter((line) => line.stream === 'tensorsight').map((line) => line.text), ['stopping: SIGINT to the process group (SIGTERM after 10 s)']);
  // KeyboardInterrupt left uncaught: Python ends itself with SIGINT, so the shell sees a Ctrl-C exit.
  assert.deepEqual([record.exitCode, record.signal], [null, 'SIGINT']);

  // Each GPU value is the recorded one; each point sits at a step the helper had logged by then.
  const [header, row] = readFileSync(join(fixtures, gpuCsv), 'utf8').trim().split('\n').map((line) => line.split(', '));
  const recorded = (name: string) => Number.parseFloat(row[header.findIndex((cell) => cell.startsWith(`${name} `) || cell === name)]);
  const scalars = readScalars(handle.dir);
  const expected: [string, number][] = [
    ['gpu/0/utilization', recorded('utilization.gpu')],
    ['gpu/0/memory_used_mib', recorded('memory.used')],
    ['gpu/0/power_w', recorded('power.draw')],
    ['gpu/0/temperature_c', recorded('temperature.gpu')],
  ];
  const steps = scalars.get('loss')!.map(([step]) => step);
  for (const [tag, value] of expected) {
    const points = scalars.get(tag)!;
    assert.ok(points.length >= 2, tag);
    assert.ok(points.every(([, v]) => v === Math.fround(value)), `${tag}: ${JSON.stringify(points.slice(0, 3))} vs recorded ${value}`);
    assert.ok(points.every(([step]) => step === 0 || steps.includes(step)), `${tag} steps`);
    for (let i = 1; i < points.length; i++) assert.ok(points[i][0] >= points[i - 1][0], `${tag} steps never go back`);
  }
  const runMemory = scalars.get('gpu/run_memory_mib')!.map(([, value]) => value);
  assert.ok(runMemory.every((value) => value === 0 || value === 503), JSON.stringify(runMemory));
  assert.deepEqual(record.gpus, [{ index: 0, name: 'NVIDIA GeForce RTX 4080 SUPER', uuid: row[header.indexOf('uuid')] }]);
  assert.equal(record.driverVersion, row[header.indexOf('driver_version')]);
});

test('Stop escalates: SIGTERM after the grace when SIGINT is ignored, SIGKILL when SIGTERM is too', { skip }, async () => {
  for (const [args, last] of [[['--ignore-sigint'], 'SIGTERM'], [['--ignore-sigint', '--ignore-sigterm'], 'SIGKILL']] as const) {
    const handle = launchWorkers([...args], { graceMs: 300 });
    const workers = await workersOf(handle.dir);
    const started = Date.now();
    handle.stop();
    const record = await handle.done;
    assert.equal(record.status, 'stopped');
    assert.equal(record.signal, last);
    assert.ok(Date.now() - started >= 300, 'the grace was given');
    const notes = readOutputLog(handle.dir).filter((line) => line.stream === 'tensorsight').map((line) => line.text);
    assert.deepEqual(notes, ['stopping: SIGINT to the process group (SIGTERM after 0.3 s)', 'stopping: SIGTERM to the process group', ...(last === 'SIGKILL' ? ['stopping: SIGKILL to the process group'] : [])]);
    assertNothingLeft(record, workers);
  }
});

for (const signal of ['SIGINT', 'SIGHUP'] as const) {
  test(`the CLI: ${signal} to the launcher (Ctrl-C; the terminal closed) stops the run, exit code 130, nothing of the group left`, { skip }, async () => {
    const runsRoot = tempDir();
    const cli = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'run', join(scripts, 'dataloader_workers.py'), '--python', python, '--runs-dir', runsRoot, '--cwd', tempDir(), '--no-gpu'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    const folder = await until('the run folder line', () => /run folder (.+)\n/.exec(stderr)?.[1]);
    const workers = await workersOf(folder);
    // output.log can hold the line before the launcher's stdout chunk has reached this process: wait for it there too.
    await until('the script output on the launcher stdout', () => /^workers \d+ \d+$/m.test(stdout));
    cli.kill(signal);
    assert.equal(await exited, 130);
    const record = readRunRecord(folder)!;
    assert.equal(record.status, 'stopped');
    assert.equal(record.launcherPid, cli.pid);
    assert.match(stderr, /tensorsight run: stopped after [\d.]+ s: \d{8}-\d{6}-dataloader_workers\n/);
    assertNothingLeft(record, workers);
  });
}
