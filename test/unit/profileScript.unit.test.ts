// Profiling a training script: python -m tensorsight.profile_script run by Debian's python3 and torch on a tiny
// CNN (test/fixtures/scripts/tiny_cnn.py), alone and through the launcher. Expected figures come from the
// script's structure (two convolutions per forward, one SGD step per training step, the step count it is given),
// never from the wrapper's own account: the trace is read back as plain JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchRun } from '../../src/core/launch/launchRun';
import { readRunRecord } from '../../src/core/launch/runRecord';
import { PROFILE_MODULE, readScriptProfile, scriptProfileText } from '../../src/core/launch/scriptProfile';
import { tempDirsFor } from './tempDirs';
import { repoRoot, scripts, torchPython } from './launchSupport';

const tempDir = tempDirsFor('tensorsight-profile-script-');
const skip = torchPython.skip;
const python = torchPython.python!;
const tinyCnn = join(scripts, 'tiny_cnn.py');
/** tiny_cnn.py's forward has two Conv2d layers: aten::conv2d runs twice per step. */
const CONVS_PER_STEP = 2;

interface TraceEvent {
  name: string;
  ph?: string;
  ts?: number;
  dur?: number;
}

/** Runs the wrapper on a script with the profile folder `out` (the run folder's stand-in). */
function profile(out: string, script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(python, ['-u', '-m', PROFILE_MODULE, script, ...args], {
    encoding: 'utf8',
    cwd: out,
    // PYTHONDONTWRITEBYTECODE: no __pycache__ left in python/tensorsight by the wrapper's imports.
    env: { ...process.env, PYTHONPATH: join(repoRoot, 'python'), PYTHONDONTWRITEBYTECODE: '1', TENSORSIGHT_PROFILE_DIR: join(out, 'profile'), ...env },
    timeout: 120_000,
  });
  const traces = readdirSync(join(out, 'profile')).filter((name) => name.endsWith('.pt.trace.json'));
  return { ...result, traces: traces.map((name) => join(out, 'profile', name)) };
}

/** The trace's complete events, read as plain JSON (Kineto's object form or the bare array of Kineto-less builds). */
function events(path: string): TraceEvent[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return (Array.isArray(parsed) ? parsed : parsed.traceEvents).filter((event) => event.ph === 'X');
}

function count(list: TraceEvent[], name: string): number {
  return list.filter((event) => event.name === name).length;
}

/** Checks a trace of `steps` whole training steps of tiny_cnn.py and returns its step range names; `cut`: the
 * script ended during the profiled steps, and the step it was in (its exit) has a range too. */
function checkSteps(path: string, steps: number, cut = false): string[] {
  const list = events(path);
  const ranges = list.filter((event) => /^ProfilerStep#\d+$/.test(event.name));
  assert.equal(ranges.length, steps + (cut ? 1 : 0), 'one ProfilerStep range per profiled step');
  assert.equal(count(list, 'aten::conv2d'), CONVS_PER_STEP * steps);
  assert.equal(count(list, 'Optimizer.step#SGD.step'), steps);
  assert.ok(count(list, 'aten::convolution_backward') >= steps, 'the backward pass is in the trace');
  // Every op of a profiled step lies inside one of the step ranges: steps end where the optimizer stepped.
  for (const conv of list.filter((event) => event.name === 'aten::conv2d')) {
    assert.ok(ranges.some((range) => range.ts! <= conv.ts! && conv.ts! + conv.dur! <= range.ts! + range.dur!), `conv2d at ${conv.ts} inside a ProfilerStep`);
  }
  for (const step of list.filter((event) => event.name === 'Optimizer.step#SGD.step')) {
    assert.ok(ranges.some((range) => range.ts! <= step.ts! && step.ts! + step.dur! <= range.ts! + range.dur!), 'the optimizer step ends its ProfilerStep');
  }
  return ranges.map((range) => range.name).sort();
}

test('the wrapper profiles 3 of 8 steps with torch.profiler, the script running as __main__ with its own argv', { skip }, () => {
  const out = tempDir();
  const run = profile(out, tinyCnn, ['--steps', '8']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`sys.argv\\[0\\] is ${tinyCnn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, __name__ is __main__`));
  assert.equal((run.stdout.match(/^step \d+ loss/gm) ?? []).length, 8, 'the script ran all its steps');
  assert.equal(run.traces.length, 1);
  assert.match(run.stderr, new RegExp(`tensorsight: profiler trace written to ${run.traces[0]}`));
  checkSteps(run.traces[0], 3);
  const result = readScriptProfile(out);
  assert.deepEqual(result.traces, run.traces);
  assert.deepEqual(result.schedule, { wait: 1, warmup: 1, active: 3 });
  assert.equal(result.profiler, 'torch.profiler');
  assert.equal(result.steps, 8);
  assert.equal(result.recordedSteps, 3);
  assert.equal(result.problem, null);
});

test('TENSORSIGHT_PROFILE_WAIT/WARMUP/ACTIVE set the schedule; the autograd profiler names the steps by the steps before them', { skip }, () => {
  const out = tempDir();
  const run = profile(out, tinyCnn, ['--steps', '6'], { TENSORSIGHT_PROFILE_WAIT: '2', TENSORSIGHT_PROFILE_WARMUP: '0', TENSORSIGHT_PROFILE_ACTIVE: '2', TENSORSIGHT_PROFILE_PROFILER: 'autograd' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(checkSteps(run.traces[0], 2), ['ProfilerStep#2', 'ProfilerStep#3']);
  assert.equal(readScriptProfile(out).profiler, 'torch.autograd.profiler');

  const fromStart = tempDir();
  const first = profile(fromStart, tinyCnn, ['--steps', '3'], { TENSORSIGHT_PROFILE_WAIT: '0', TENSORSIGHT_PROFILE_WARMUP: '0', TENSORSIGHT_PROFILE_ACTIVE: '1', TENSORSIGHT_PROFILE_PROFILER: 'autograd' });
  assert.deepEqual(checkSteps(first.traces[0], 1), ['ProfilerStep#0']);
});

test('a script that ends before the profiled steps: no trace, its exit code kept, the step counts in the reason', { skip }, () => {
  const out = tempDir();
  const run = profile(out, tinyCnn, ['--steps', '2', '--exit-code', '3']);
  assert.equal(run.status, 3);
  assert.deepEqual(run.traces, []);
  const result = readScriptProfile(out);
  assert.equal(result.steps, 2);
  assert.equal(result.recordedSteps, 0);
  assert.equal(result.problem, 'the script ended after 2 steps, before the profiled ones: the profiler skips 1, warms up over 1 and records 3 (steps 3–5). Run more steps, or lower TENSORSIGHT_PROFILE_WAIT and TENSORSIGHT_PROFILE_WARMUP');
  assert.match(scriptProfileText(result), /^no profiler trace: the script ended after 2 steps/);

  // Ending during the active steps writes the whole steps recorded so far.
  const partial = tempDir();
  const short = profile(partial, tinyCnn, ['--steps', '4']);
  checkSteps(short.traces[0], 2, true);
  assert.match(scriptProfileText(readScriptProfile(partial)), /\(torch\.profiler, 2 of 3 steps: the script ended during the profiled steps\)$/);
});

test('a crash reads as in a plain run: the same traceback (no wrapper or runpy frames) and exit code', { skip }, () => {
  const crash = join(scripts, 'crash_shape.py');
  const plain = spawnSync(python, ['-u', crash], { encoding: 'utf8', timeout: 120_000 });
  const profiled = profile(tempDir(), crash, []);
  assert.equal(plain.status, 1);
  assert.equal(profiled.status, plain.status);
  assert.match(plain.stderr, /^Traceback \(most recent call last\):\n {2}File ".*crash_shape\.py", line \d+, in <module>/);
  assert.equal(profiled.stderr, plain.stderr);
  assert.equal(profiled.stdout, plain.stdout);
});

test('a script that never imports torch or tensorflow, or steps no optimizer: the reason says so', { skip }, () => {
  const out = tempDir();
  const plain = join(out, 'plain.py');
  writeFileSync(plain, 'print("no framework here")\n');
  const run = profile(out, plain, []);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(readScriptProfile(out).problem, 'the script imported neither torch nor tensorflow, so there was nothing to profile');

  const inference = tempDir();
  const noStep = join(inference, 'forward_only.py');
  writeFileSync(noStep, 'import torch\nfor _ in range(5):\n    torch.nn.functional.conv2d(torch.randn(1, 1, 8, 8), torch.randn(2, 1, 3, 3))\n');
  assert.equal(profile(inference, noStep, []).status, 0);
  assert.match(readScriptProfile(inference).problem ?? '', /^no training step was seen: the wrapper counts a step each time the script calls step\(\) on a torch\.optim optimizer/);
});

test('the launcher with profile: true runs the script through the wrapper and records the trace in run.json', { skip }, async () => {
  const runsRoot = tempDir();
  const handle = launchRun({ script: tinyCnn, args: ['--steps', '8'], python, cwd: tempDir(), runsRoot, nvidiaSmi: null, terminalFd: null, profile: true, baseEnv: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(readRunRecord(handle.dir)?.profile?.dir, join(handle.dir, 'profile'), 'a profiled run says so from the start');
  const record = await handle.done;
  assert.equal(record.status, 'finished', record.failure?.message);
  assert.equal(record.script, tinyCnn, 'run.json names the user script, not the wrapper');
  assert.deepEqual(record.args, ['--steps', '8']);
  const traces = readdirSync(join(handle.dir, 'profile')).filter((name) => name.endsWith('.pt.trace.json'));
  assert.deepEqual(record.profile?.traces, traces.map((name) => join(handle.dir, 'profile', name)));
  assert.equal(record.profile?.recordedSteps, 3);
  checkSteps(record.profile!.traces[0], 3);
  // The script's own lines reach output.log as in a plain run.
  assert.equal((readFileSync(join(handle.dir, 'output.log'), 'utf8').match(/step \d+ loss/g) ?? []).length, 8);
  assert.deepEqual(readRunRecord(handle.dir), record);
});

test('profile.json read back: the session with a trace wins when a script imported both frameworks; a broken or missing file is named', () => {
  const run = tempDir();
  const dir = join(run, 'profile');
  assert.equal(readScriptProfile(run).problem, 'the profiler wrapper wrote no profile.json: the script ended before the wrapper could (killed, or it called os._exit)');
  mkdirSync(dir);
  writeFileSync(join(dir, 'profile.json'), '{"schedule": {"wait": 1, "warmup"');
  assert.match(readScriptProfile(run).problem ?? '', new RegExp(`^${join(dir, 'profile.json')} could not be read: .*JSON`));
  writeFileSync(join(dir, 'box_1.2.pt.trace.json'), '[]');
  writeFileSync(join(dir, 'notes.json'), '{}');
  writeFileSync(join(dir, 'profile.json'), JSON.stringify({
    version: 1,
    schedule: { wait: 0, warmup: 2, active: 5 },
    sessions: [
      { framework: 'tensorflow', profiler: 'keras.callbacks.TensorBoard', steps: 0, recordedSteps: 0, traces: [], error: null },
      { framework: 'torch', profiler: 'torch.profiler', steps: 40, recordedSteps: 5, traces: ['box_1.2.pt.trace.json'], error: null },
    ],
  }));
  const read = readScriptProfile(run);
  assert.deepEqual(read, {
    dir,
    traces: [join(dir, 'box_1.2.pt.trace.json')],
    schedule: { wait: 0, warmup: 2, active: 5 },
    framework: 'torch',
    profiler: 'torch.profiler',
    steps: 40,
    recordedSteps: 5,
    problem: null,
  });
  assert.equal(scriptProfileText(read), `profiler trace ${join(dir, 'box_1.2.pt.trace.json')} (torch.profiler, 5 steps)`);
});
