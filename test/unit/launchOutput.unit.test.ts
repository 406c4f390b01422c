// The script's output on its three ways: the terminal tee (bounded; leaves whole lines out when the terminal
// falls behind and says how many), output.log (every line, stamped, `\r` redraws collapsed), and the failure
// report read from the output's end (traceback frames, hints for CUDA out of memory and device-side asserts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { OutputLog, finalLineText } from '../../src/core/launch/outputLog';
import { TerminalTee, droppedLinesNote, type TerminalTeeOptions } from '../../src/core/launch/terminalTee';
import { describeFailure, isLibraryFile, parseTraceback } from '../../src/core/launch/tracebackFailure';
import { tempDirsFor } from './tempDirs';

const tempDir = tempDirsFor('tensorsight-launch-output-');

/** A terminal that takes `perWriteMs` for each write, recording what it was given. */
function terminal(perWriteMs: number): { written: Buffer[]; writer: NonNullable<TerminalTeeOptions['writer']>; writes: () => number } {
  const written: Buffer[] = [];
  let count = 0;
  return {
    written,
    writes: () => count,
    writer: (_fd, data, done) => {
      count++;
      written.push(Buffer.from(data));
      setTimeout(() => done(null, data.length), perWriteMs);
    },
  };
}

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i} ${'x'.repeat(40)}\n`).join('');

test('terminal tee: a terminal that keeps up gets every byte in order', async () => {
  const fake = terminal(0);
  const tee = new TerminalTee(1, { writer: fake.writer });
  const text = `${numbered(0, 500)}progress 10%\rprogress 20%\r\u001b[32mdone\u001b[0m\n`;
  for (let i = 0; i < text.length; i += 97) tee.push(Buffer.from(text.slice(i, i + 97)));
  await tee.drain();
  assert.equal(Buffer.concat(fake.written).toString(), text);
  assert.equal(tee.droppedLines, 0);
});

test('terminal tee: a slow terminal gets whole lines only, and a note counting the lines it missed', async () => {
  const fake = terminal(20);
  const tee = new TerminalTee(1, { writer: fake.writer, capBytes: 4096, writeBytes: 1024 });
  const total = 3000;
  // Chunks cut inside lines, as a pipe delivers them.
  const text = numbered(0, total);
  for (let i = 0; i < text.length; i += 333) tee.push(Buffer.from(text.slice(i, i + 333)));
  const pushedAt = fake.writes();
  await tee.drain(30_000);
  const shown = Buffer.concat(fake.written).toString();
  assert.ok(shown.endsWith('\n'));
  let seen = 0;
  let missed = 0;
  let next = 0;
  for (const line of shown.slice(0, -1).split('\n')) {
    const note = /^… (\d+) lines? not shown here \(all in output\.log\)$/.exec(line);
    if (note) {
      missed += Number(note[1]);
      next += Number(note[1]);
      continue;
    }
    assert.equal(`${line}\n`, numbered(next, 1), 'only whole lines, in order');
    next++;
    seen++;
  }
  assert.ok(missed > 0, 'lines were left out');
  assert.equal(seen + missed, total);
  assert.equal(tee.droppedLines, missed);
  assert.ok(pushedAt < 10, 'push never waited for the terminal');
});

test('terminal tee: a terminal that went away (EPIPE) is given up silently', async () => {
  let calls = 0;
  const tee = new TerminalTee(1, {
    writer: (_fd, _data, done) => {
      calls++;
      setImmediate(() => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), 0));
    },
  });
  tee.push(Buffer.from('a\n'));
  tee.push(Buffer.from('b\n'));
  await tee.drain();
  tee.push(Buffer.from('c\n'));
  await tee.drain();
  assert.equal(calls, 1);
  assert.equal(droppedLinesNote(1), '… 1 line not shown here (all in output.log)\n');
});

test('output.log: the final text of redrawn lines, ANSI codes removed, partial lines joined per stream', async () => {
  assert.equal(finalLineText('Epoch 1:  10%|#  | 1/10\rEpoch 1: 100%|###| 10/10\r'), 'Epoch 1: 100%|###| 10/10');
  assert.equal(finalLineText('\u001b[1m\u001b[32mgreen\u001b[0m'), 'green');
  assert.equal(finalLineText('plain'), 'plain');
  const path = join(tempDir(), 'output.log');
  const log = new OutputLog(path);
  const time = new Date('2026-01-02T03:04:05.678Z');
  log.push('out', 'first li', time);
  log.push('err', 'warn', time);
  log.push('out', 'ne\nbar 1/3\rbar 3/3\n', time);
  log.push('err', 'ing: x\n', new Date('2026-01-02T03:04:06Z'));
  log.note('stopping: SIGINT to the process group', time);
  log.push('out', 'no newline at the end', time);
  await log.close();
  const written = readFileSync(path, 'utf8').split('\n');
  assert.deepEqual(written.slice(0, 4), [
    '2026-01-02T03:04:05.678Z out first line',
    '2026-01-02T03:04:05.678Z out bar 3/3',
    '2026-01-02T03:04:06.000Z err warning: x',
    '2026-01-02T03:04:05.678Z tensorsight stopping: SIGINT to the process group',
  ]);
  // The tail without a newline is written when the file closes, stamped then.
  assert.match(written[4], /^\d{4}-\d\d-\d\dT[\d:.]+Z out no newline at the end$/);
  assert.deepEqual(written.slice(5), ['']);
  assert.deepEqual(log.tail(), ['first line', 'bar 3/3', 'warning: x', 'no newline at the end']);
});

test('output.log: a bar redrawn for a whole epoch without a newline keeps only its latest state in memory', async () => {
  const path = join(tempDir(), 'output.log');
  const log = new OutputLog(path);
  const started = performance.now();
  for (let i = 0; i <= 200_000; i++) log.push('err', `\r epoch 1: ${i}/200000 [00:01<00:00, loss=0.5]`);
  log.push('err', '\n');
  assert.ok(performance.now() - started < 5000, 'linear in the number of redraws');
  await log.close();
  assert.match(readFileSync(path, 'utf8'), /^\S+Z err {2}epoch 1: 200000\/200000 \[00:01<00:00, loss=0\.5\]\n$/);
});

test('output.log keeps every line of a fast stream', async () => {
  const path = join(tempDir(), 'output.log');
  const log = new OutputLog(path);
  const text = numbered(0, 20_000);
  for (let i = 0; i < text.length; i += 4096) log.push('out', text.slice(i, i + 4096));
  await log.close();
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines.length, 20_000);
  assert.deepEqual(lines.map((line) => `${line.slice(line.indexOf(' out ') + 5)}\n`).join(''), text);
});

const chained = [
  'Epoch 3/10',
  'Traceback (most recent call last):',
  '  File "/home/me/proj/data.py", line 40, in __getitem__',
  '    return self.items[i]',
  'IndexError: list index out of range',
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "/home/me/proj/train.py", line 88, in <module>',
  '    main()',
  '  File "/home/me/proj/train.py", line 71, in main',
  '    loss = model(x.cuda())',
  '  File "/home/me/.venv/lib/python3.11/site-packages/torch/nn/modules/module.py", line 1501, in _call_impl',
  '    return forward_call(*args, **kwargs)',
  'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity)',
];

test('failure: the last traceback, the user\'s frames marked, and what to try for CUDA out of memory', () => {
  const failure = describeFailure(chained, 1, null);
  assert.equal(failure.message, 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity)');
  assert.deepEqual(failure.frames, [
    { file: '/home/me/proj/train.py', line: 88, function: '<module>', inScript: true },
    { file: '/home/me/proj/train.py', line: 71, function: 'main', inScript: true },
    { file: '/home/me/.venv/lib/python3.11/site-packages/torch/nn/modules/module.py', line: 1501, function: '_call_impl', inScript: false },
  ]);
  for (const advice of ['batch size', 'gradient accumulation', 'mixed precision', 'PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True', 'GPUs view']) assert.ok(failure.hint!.includes(advice), advice);
});

test('failure: a device-side assert names CUDA_LAUNCH_BLOCKING and the label range', () => {
  const failure = describeFailure(['Traceback (most recent call last):', '  File "train.py", line 5, in <module>', '    loss.item()', 'RuntimeError: CUDA error: device-side assert triggered', 'CUDA kernel errors might be asynchronously reported at some other API call.'], 1, null);
  assert.equal(failure.message, 'RuntimeError: CUDA error: device-side assert triggered\nCUDA kernel errors might be asynchronously reported at some other API call.');
  assert.deepEqual(failure.frames, [{ file: 'train.py', line: 5, function: '<module>', inScript: true }]);
  for (const advice of ['CUDA_LAUNCH_BLOCKING=1', 'num_classes', 'index']) assert.ok(failure.hint!.includes(advice), advice);
});

test('failure without a traceback: the exit code or the signal', () => {
  assert.deepEqual(describeFailure(['loading data', 'error: bad config'], 3, null), { message: 'exited with code 3', frames: [], hint: null });
  assert.deepEqual(describeFailure([], null, 'SIGKILL'), { message: 'killed by SIGKILL', frames: [], hint: null });
  assert.equal(parseTraceback(['no traceback here']), null);
  assert.equal(isLibraryFile('/usr/lib/python3.11/runpy.py'), true);
  assert.equal(isLibraryFile('/usr/lib/python3/dist-packages/torch/nn/modules/linear.py'), true);
  assert.equal(isLibraryFile('C:\\Python311\\Lib\\runpy.py'), true);
  assert.equal(isLibraryFile('<frozen runpy>'), true);
  assert.equal(isLibraryFile('/home/me/library/train.py'), false);
});
