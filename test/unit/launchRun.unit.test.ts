// The launcher on real training scripts run by Debian's python3 and torch: the run folder it writes (run.json,
// output.log, the event file with helper and parsed points), a crash's traceback, and the helper module
// itself. Expected values come from the scripts' own printed text and from python, git and the fixture files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { launchRun } from '../../src/core/launch/launchRun';
import { readRunRecord } from '../../src/core/launch/runRecord';
import { tempDirsFor } from './tempDirs';
import { eventFiles, readOutputLog, readScalars, repoRoot, scripts, torchPython } from './launchSupport';

const tempDir = tempDirsFor('tensorsight-launch-');
const skip = torchPython.skip;
const python = torchPython.python!;

/** The script's output when run by hand (helper importable, its calls no-ops): what output.log must hold. */
function bareRun(script: string, args: string[] = []): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(python, ['-u', join(scripts, script), ...args], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(repoRoot, 'python') } });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const lines = (text: string) => text.split('\n').slice(0, -1);

test('a training run: run.json, output.log, metrics.jsonl and an event file with helper and parsed points', { skip }, async () => {
  const runsRoot = tempDir();
  const handle = launchRun({ script: join(scripts, 'mlp_synthetic.py'), args: ['--epochs', '2'], python, cwd: tempDir(), runsRoot, env: { MY_FLAG: 'on' }, nvidiaSmi: null, terminalFd: null });
  assert.match(handle.id, /^\d{8}-\d{6}-mlp_synthetic$/);
  assert.equal(handle.dir, join(runsRoot, 'mlp_synthetic', handle.id));
  // run.json exists from the start, saying the run is running, with the script's pid.
  const first = readRunRecord(handle.dir)!;
  assert.equal(first.status, 'running');
  assert.equal(first.pid, handle.record.pid);
  const record = await handle.done;
  assert.deepEqual(readRunRecord(handle.dir), record);

  assert.equal(record.status, 'finished');
  assert.equal(record.exitCode, 0);
  assert.equal(record.signal, null);
  assert.equal(record.failure, null);
  assert.deepEqual(record.args, ['--epochs', '2']);
  assert.deepEqual(record.env, { MY_FLAG: 'on' });
  assert.equal(record.launcherPid, process.pid);
  assert.ok(Date.parse(record.endTime!) >= Date.parse(record.startTime));
  const version = execFileSync(python, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
  const torch = execFileSync(python, ['-c', 'import importlib.metadata as m; print(m.version("torch"))'], { encoding: 'utf8' }).trim();
  assert.deepEqual(record.interpreter, { path: python, version });
  assert.equal(record.frameworks.torch, torch);
  assert.equal(record.frameworks.tensorflow, undefined);
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: scripts, encoding: 'utf8' }).trim();
  assert.equal(record.git?.commit, head);
  assert.equal(existsSync(join(handle.dir, 'git.diff')), record.git!.dirty);
  assert.deepEqual(record.hparams, { lr: 0.1, batch_size: 16, optimizer: 'SGD' });
  const reader = new LogdirReader(handle.dir);
  reader.poll();
  assert.deepEqual(reader.runList()[0].store.hparams.sessionStart?.hparams, { lr: 0.1, batch_size: 16, optimizer: 'SGD' }, 'hparams in the event file');
  assert.deepEqual(record.gpus, []);

  // output.log: every line the script prints, in order, stamped and marked with its stream.
  const bare = bareRun('mlp_synthetic.py', ['--epochs', '2']);
  const logged = readOutputLog(handle.dir);
  assert.deepEqual(logged.map((line) => line.text), lines(bare.stdout));
  assert.ok(logged.every((line) => line.stream === 'out' && !Number.isNaN(Date.parse(line.time))));

  // The helper's points at its own steps, with the values the script printed (6 decimals) where it printed them.
  const scalars = readScalars(handle.dir);
  const trainLoss = scalars.get('train_loss')!;
  assert.deepEqual(trainLoss.map(([step]) => step), Array.from({ length: 40 }, (_, i) => i));
  const printed = [...bare.stdout.matchAll(/Train Epoch: (\d+) \[(\d+)\/320 \(\d+%\)\]\tLoss: ([\d.]+)/g)];
  assert.equal(printed.length, 8);
  for (const [, epoch, samples, loss] of printed) {
    const step = (Number(epoch) - 1) * 20 + Number(samples) / 16;
    assert.ok(Math.abs(trainLoss[step][1] - Number(loss)) < 1e-6, `train_loss at step ${step}: ${trainLoss[step][1]} vs printed ${loss}`);
  }
  assert.deepEqual(scalars.get('val_accuracy')!.map(([step]) => step), [19, 39]);
  // The parsed points: pytorch/examples lines, at samples seen, with the printed values.
  const parsedLoss = scalars.get('loss')!;
  // Printed points go on the helper's step axis (the printed [n/320] counts samples, the helper's step batches):
  // every value printed, each at a helper step no earlier than the one it was printed at and in order.
  assert.deepEqual(parsedLoss.map(([, value]) => value), printed.map(([, , , loss]) => Math.fround(Number(loss))));
  printed.forEach(([, epoch, samples], i) => {
    const printedAt = (Number(epoch) - 1) * 20 + Number(samples) / 16;
    assert.ok(parsedLoss[i][0] >= printedAt && parsedLoss[i][0] <= 39, `printed loss ${i} (step ${printedAt}) written at step ${parsedLoss[i][0]}`);
    if (i > 0) assert.ok(parsedLoss[i][0] >= parsedLoss[i - 1][0]);
  });
  const tests = [...bare.stdout.matchAll(/Test set: Average loss: ([\d.]+), Accuracy: (\d+)\/320/g)];
  const testLoss = scalars.get('test_loss')!;
  assert.deepEqual(testLoss.map(([, value]) => value), tests.map(([, loss]) => Math.fround(Number(loss))));
  testLoss.forEach(([step], i) => assert.ok(step >= (i + 1) * 20 - 1 && step <= 39, `test_loss ${i} at step ${step}`));
  assert.deepEqual(scalars.get('test_accuracy')!.map(([step], i) => [step >= (i + 1) * 20 - 1 && step <= 39, i]), tests.map((_, i) => [true, i]));
  assert.deepEqual(scalars.get('test_accuracy')!.map(([, value]) => value), tests.map(([, , correct]) => Math.fround(Number(correct) / 320)));

  assert.equal(record.progress?.step, 39);
  assert.equal(Math.fround(record.progress!.lastMetrics.train_loss), trainLoss[39][1]);
  assert.deepEqual(readdirSync(handle.dir).sort(), ['metrics.jsonl', 'output.log', 'run.json', ...(record.git!.dirty ? ['git.diff'] : []), ...eventFiles(handle.dir)].sort());
  assert.equal(eventFiles(handle.dir).length, 1);
});

test('a crash: status failed, the exit code, the exception line and the traceback frames', { skip }, async () => {
  const handle = launchRun({ script: join(scripts, 'crash_shape.py'), args: [], python, runsRoot: tempDir(), nvidiaSmi: null, terminalFd: null });
  const record = await handle.done;
  const bare = bareRun('crash_shape.py');
  assert.equal(record.status, 'failed');
  assert.equal(record.exitCode, bare.status);
  assert.equal(record.exitCode, 1);
  const stderr = lines(bare.stderr);
  assert.equal(record.failure?.message, stderr[stderr.length - 1]);
  assert.equal(record.failure?.message, 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x7 and 8x16)');
  assert.equal(record.failure?.hint, null);
  const script = join(scripts, 'crash_shape.py');
  const source = readFileSync(script, 'utf8').split('\n');
  const lineOf = (text: string) => source.lastIndexOf(text) + 1;
  const frames = record.failure!.frames;
  assert.deepEqual(frames.slice(0, 3), [
    { file: script, line: lineOf('main()'), function: '<module>', inScript: true },
    { file: script, line: lineOf('    train_step(model, torch.randn(4, 7))'), function: 'main', inScript: true },
    { file: script, line: lineOf('    return model(x).sum()'), function: 'train_step', inScript: true },
  ]);
  // The rest are torch's own frames, down to nn.Linear.forward, as the real traceback lists them.
  const torchFrames = [...bare.stderr.matchAll(/File "(.+)", line (\d+), in (.+)/g)].slice(3);
  assert.deepEqual(frames.slice(3), torchFrames.map(([, file, line, fn]) => ({ file, line: Number(line), function: fn, inScript: false })));
  assert.equal(frames[frames.length - 1].function, 'forward');
  const logged = readOutputLog(handle.dir);
  assert.deepEqual(logged.filter((line) => line.stream === 'err').map((line) => line.text), stderr);
});

test('an interpreter that does not exist: status failed with the reason, nothing left running', async () => {
  const handle = launchRun({ script: join(scripts, 'crash_shape.py'), args: [], python: join(tempDir(), 'no-such-python'), runsRoot: tempDir(), nvidiaSmi: null, terminalFd: null });
  const record = await handle.done;
  assert.equal(record.status, 'failed');
  assert.equal(record.exitCode, null);
  assert.match(record.failure!.message, /^could not start .*no-such-python: .*ENOENT/);
});

test('the helper module: JSON lines with the given or next step, torch scalars as numbers, a no-op when not launched', { skip }, () => {
  const dir = tempDir();
  const file = join(dir, 'metrics.jsonl');
  const code = [
    'import math, torch, tensorsight',
    'assert tensorsight.enabled()',
    'tensorsight.hparams({"lr": 1e-3, "layers": [64, 64], "amp": True})',
    'tensorsight.log(10, loss=torch.tensor(0.5), acc=1)',
    'tensorsight.log(loss=0.25)',
    'tensorsight.log(None, loss=math.nan, big=math.inf)',
  ].join('\n');
  const env = { ...process.env, PYTHONPATH: join(repoRoot, 'python'), TENSORSIGHT_METRICS_FILE: file };
  const result = spawnSync(python, ['-c', code], { encoding: 'utf8', env });
  assert.equal(result.status, 0, result.stderr);
  const records = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(records.map(({ wall_time: _, ...rest }) => rest), [
    { hparams: { lr: 0.001, layers: '[64, 64]', amp: true } },
    { step: 10, metrics: { loss: 0.5, acc: 1 } },
    { step: 11, metrics: { loss: 0.25 } },
    { step: 12, metrics: { loss: 'nan', big: 'inf' } },
  ]);
  assert.ok(records.every((record) => typeof record.wall_time === 'number'));
  // Run by hand: no variable, no file, no error.
  const { TENSORSIGHT_METRICS_FILE: _unset, ...plain } = env;
  const byHand = spawnSync(python, ['-c', 'import tensorsight\nassert not tensorsight.enabled()\ntensorsight.log(1, loss=2.0)\ntensorsight.hparams({"a": 1})'], { encoding: 'utf8', env: plain });
  assert.equal(byHand.status, 0, byHand.stderr);
  // A value that is no number names the metric.
  const bad = spawnSync(python, ['-c', 'import tensorsight\ntensorsight.log(1, loss="high")'], { encoding: 'utf8', env });
  assert.match(bad.stderr, /TypeError: tensorsight\.log: loss must be a number/);
});

test('event files the script writes itself under its working folder are linked to the run, not copied', { skip }, async () => {
  const cwd = tempDir();
  const source = join(repoRoot, 'test/fixtures/upstream/tfevents/lightning_nni/version_1/events.out.tfevents.1641536318.PC1JMXEN.14500.0');
  const handle = launchRun({ script: join(scripts, 'copies_event_file.py'), args: [source], python, cwd, runsRoot: join(cwd, 'tensorsight-runs'), nvidiaSmi: null, terminalFd: null, linkScanMs: 100 });
  const record = await handle.done;
  assert.equal(record.status, 'finished');
  assert.deepEqual(record.linkedEventDirs, [join(cwd, 'lightning_logs/version_0')]);
  assert.deepEqual(readFileSync(join(cwd, 'lightning_logs/version_0', basename(source))), readFileSync(source));
  assert.equal(eventFiles(handle.dir).length, 1, 'only the launcher\'s own event file is in the run folder');
});

test('the CLI: --json prints the final run.json on stdout and shows the script output on stderr', { skip }, () => {
  const runsRoot = tempDir();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'run', join(scripts, 'mlp_synthetic.py'), '--python', python, '--runs-dir', runsRoot, '--no-gpu', '--json', '--env', 'A=1', '--', '--epochs', '1'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const record = JSON.parse(result.stdout) as { status: string; args: string[]; env: Record<string, string>; id: string };
  assert.deepEqual([record.status, record.args, record.env], ['finished', ['--epochs', '1'], { A: '1' }]);
  assert.deepEqual(readRunRecord(join(runsRoot, 'mlp_synthetic', record.id)), record);
  assert.match(result.stderr, /^Train Epoch: 1 \[0\/320 \(0%\)\]\tLoss: /m);
  assert.match(result.stderr, /^tensorsight run: finished after [\d.]+ s: /m);
});

test('the CLI: bad usage exits 2, a missing script 1', async () => {
  const { main } = await import('../../src/cli/main');
  const run = async (...args: string[]) => {
    let err = '';
    const code = await main(['run', ...args], { out: () => undefined, err: (text) => (err += text) });
    return { code, err: err.split('\n')[0] };
  };
  assert.deepEqual(await run(), { code: 2, err: 'tensorsight run: missing the script to run' });
  assert.deepEqual(await run('a.py', 'b.py'), { code: 2, err: "tensorsight run: unexpected argument 'b.py' (script arguments go after --)" });
  assert.deepEqual(await run('a.py', '--env', 'NOPE'), { code: 2, err: "tensorsight run: --env 'NOPE' is not K=V with K a variable name" });
  assert.deepEqual(await run('a.py', '--sweep', 'x:3/2'), { code: 2, err: "tensorsight run: --sweep must be <id>:<index>/<count> with index < count, got 'x:3/2'" });
  assert.deepEqual(await run('a.py', '--grace-seconds', '-1'), { code: 2, err: "tensorsight run: --grace-seconds must be a number of at least 0, got '-1'" });
  const missing = join(tempDir(), 'missing.py');
  assert.deepEqual(await run(missing), { code: 1, err: `tensorsight run: cannot read ${missing}: no such file` });
});
