// Grouping streamed rows into ticks: GPU rows by index order, process rows by their shared timestamp, and an
// empty process list once nvidia-smi stops printing rows (which is what it does when no process is left).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../../src/core/gpu/backoff';
import { emptyGpuDevice, type GpuProcess } from '../../src/core/gpu/gpuSnapshot';
import { ProcessTicks } from '../../src/core/gpu/processTicks';
import { TickAssembler } from '../../src/core/gpu/tickAssembler';

const row = (index: number) => emptyGpuDevice(index);
const indices = (ticks: { index: number }[][]) => ticks.map((tick) => tick.map((gpu) => gpu.index));

test('a tick is emitted as soon as every known GPU has reported', () => {
  const ticks = new TickAssembler([0, 1]);
  assert.deepEqual(indices(ticks.push(row(0))), []);
  assert.deepEqual(indices(ticks.push(row(1))), [[0, 1]]);
  assert.deepEqual(indices(ticks.push(row(0))), []);
  assert.deepEqual(indices(ticks.push(row(1))), [[0, 1]]);
});

test('a GPU that stops reporting shrinks the tick; a new GPU joins it', () => {
  const ticks = new TickAssembler([0, 1, 2]);
  ticks.push(row(0));
  assert.deepEqual(indices(ticks.push(row(2))), [], 'GPU 1 fell off the bus: the tick waits');
  assert.deepEqual(indices(ticks.push(row(0))), [[0, 2]], 'the index going back closes the short tick');
  assert.deepEqual(indices(ticks.push(row(2))), [[0, 2]], 'from now on two rows make a tick');
  ticks.push(row(0));
  ticks.push(row(2));
  assert.deepEqual(indices(ticks.push(row(3))), [], 'GPU 3 appears after its tick went out: the row is dropped');
  assert.deepEqual(indices(ticks.push(row(0))), []);
  assert.deepEqual(indices(ticks.push(row(2))), []);
  assert.deepEqual(indices(ticks.push(row(3))), [[0, 2, 3]]);
});

test('one GPU left: a short tick and the next complete one come out of the same row', () => {
  const ticks = new TickAssembler([0, 1]);
  ticks.push(row(0));
  assert.deepEqual(indices(ticks.push(row(0))), [[0], [0]]);
});

test('reset drops a half-filled tick', () => {
  const ticks = new TickAssembler([0, 1]);
  ticks.push(row(0));
  ticks.reset();
  assert.deepEqual(indices(ticks.push(row(0))), []);
  assert.deepEqual(indices(ticks.push(row(1))), [[0, 1]]);
});

const app = (pid: number): GpuProcess => ({ gpu: null, gpuUuid: 'GPU-1', pid, name: 'python', memoryMiB: 1, type: null, gpuInstanceId: null, computeInstanceId: null });

test('process rows sharing a timestamp form one list; silence empties it', async () => {
  const lists: number[][] = [];
  let notify: () => void = () => undefined;
  const ticks = new ProcessTicks(
    (processes) => {
      lists.push(processes.map((process) => process.pid));
      notify();
    },
    20,
    100,
    0,
  );
  const next = () => new Promise<void>((resolve) => (notify = resolve));
  const first = next();
  ticks.push('10:00:00.000', app(1));
  ticks.push('10:00:00.000', app(2));
  ticks.push('10:00:01.000', app(3)); // a new timestamp closes the first list at once
  await first;
  assert.deepEqual(lists, [[1, 2]]);
  await next(); // the quiet period closes the second
  assert.deepEqual(lists, [[1, 2], [3]]);
  await next(); // no rows for the expiry period: nothing holds the GPU any more
  assert.deepEqual(lists, [[1, 2], [3], []]);
  ticks.dispose();
});

test('a process stream that never prints a row means no processes, after a startup grace', async () => {
  const lists: GpuProcess[][] = [];
  await new Promise<void>((resolve) => {
    const ticks = new ProcessTicks((processes) => (lists.push(processes), resolve()), 20, 30, 30);
    void ticks;
  });
  assert.deepEqual(lists, [[]]);
});

test('backoff doubles up to its ceiling and starts over after a stable run', () => {
  const backoff = new Backoff({ initialMs: 100, maxMs: 500, stableMs: 10_000 });
  assert.deepEqual([1, 2, 3, 4, 5].map(() => backoff.next(50).delayMs), [100, 200, 400, 500, 500]);
  assert.deepEqual(backoff.next(20_000), { attempt: 1, delayMs: 100 });
});
