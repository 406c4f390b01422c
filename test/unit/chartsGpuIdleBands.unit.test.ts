// GPU idle bands: utilization under the threshold for long enough, on every GPU, while steps advanced.
// The samples are written by hand (1 Hz, as the launcher samples nvidia-smi) and the expected bands read off them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandRange, gpuIdleBands, lossTag, stepAtWall, utilizationTags } from '../../src/core/charts/gpuIdleBands';

/** 1 Hz samples from wall time `t0`. */
function samples(t0: number, values: number[]) {
  return { wallTimes: values.map((_, i) => t0 + i), values };
}

test('an idle stretch of 6 s between advancing steps is a band; a 3 s dip is not', () => {
  // t=100..119: busy, idle 104..109 (6 samples: 5 s from first to last), busy, a 3-sample dip at 113..115, busy.
  const gpu = samples(100, [95, 96, 94, 97, 5, 3, 0, 8, 12, 19, 90, 93, 91, 10, 4, 2, 92, 95, 96, 94]);
  // One step every 2 s: steps keep advancing across both dips.
  const progress = { wallTimes: [100, 102, 104, 106, 108, 110, 112, 114, 116, 118], steps: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90] };
  const bands = gpuIdleBands([gpu], progress);
  assert.equal(bands.length, 1);
  const [band] = bands;
  assert.deepEqual([band.startWall, band.endWall], [104, 109]);
  // Steps at 104 and 109 on the timeline: 20, and halfway between 40 (108) and 50 (110).
  assert.deepEqual([band.startStep, band.endStep], [20, 45]);
  assert.equal(band.meanUtilization, (5 + 3 + 0 + 8 + 12 + 19) / 6);
  assert.deepEqual([bandRange(band, 'step', 0), bandRange(band, 'wall', 0), bandRange(band, 'relative', 100)], [[20, 45], [104, 109], [4, 9]]);
  // A 2 s minimum lets the 3-sample dip (113..115) in too.
  assert.deepEqual(gpuIdleBands([gpu], progress, { minSeconds: 2 }).map((b) => [b.startWall, b.endWall]), [[104, 109], [113, 115]]);
  // The threshold is strict: at 20, sample 19 stays idle, but a threshold of 19 cuts the stretch at 108 (12 < 19, 19 is not).
  assert.deepEqual(gpuIdleBands([gpu], progress, { threshold: 19, minSeconds: 4 }).map((b) => [b.startWall, b.endWall]), [[104, 108]]);
});

test('idle with no step advancing is no band: before the first step, and after the last one', () => {
  const gpu = samples(0, [0, 0, 0, 0, 0, 0, 0, 90, 90, 90, 0, 0, 0, 0, 0, 0, 0, 0]);
  // The first step comes at t=7 (start-up idle before it), the last at t=9 (the run then idles, e.g. saving).
  const progress = { wallTimes: [7, 8, 9], steps: [1, 2, 3] };
  assert.deepEqual(gpuIdleBands([gpu], progress), []);
  // The same tail idle with a step seen after it is a stall between steps.
  const resumed = { wallTimes: [7, 8, 9, 18], steps: [1, 2, 3, 4] };
  assert.deepEqual(gpuIdleBands([gpu], resumed).map((b) => [b.startWall, b.endWall]), [[10, 17]]);
  // A step that stays the same across the stall is not advancing.
  const flat = { wallTimes: [7, 8, 9, 18], steps: [1, 2, 3, 3] };
  assert.deepEqual(gpuIdleBands([gpu], flat), []);
});

test('several GPUs: only the time every GPU idled counts', () => {
  const gpu0 = samples(0, [90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 90]);
  const gpu1 = samples(0, [90, 90, 90, 0, 0, 0, 0, 0, 0, 90, 90]);
  const progress = { wallTimes: [0, 5, 10], steps: [0, 50, 100] };
  const bands = gpuIdleBands([gpu0, gpu1], progress);
  assert.deepEqual(bands.map((b) => [b.startWall, b.endWall, b.startStep, b.endStep]), [[3, 8, 30, 80]]);
  assert.equal(bands[0].meanUtilization, 0);
  // One GPU busy throughout: never idle.
  assert.deepEqual(gpuIdleBands([gpu0, samples(0, Array(11).fill(80))], progress), []);
  assert.deepEqual(gpuIdleBands([], progress), []);
});

test('stepAtWall interpolates and clamps; utilizationTags sorts GPUs by index', () => {
  const timeline = { wallTimes: [10, 20, 30], steps: [100, 200, 400] };
  assert.equal(stepAtWall(timeline, 5), 100);
  assert.equal(stepAtWall(timeline, 15), 150);
  assert.equal(stepAtWall(timeline, 25), 300);
  assert.equal(stepAtWall(timeline, 99), 400);
  assert.ok(Number.isNaN(stepAtWall({ wallTimes: [], steps: [] }, 1)));
  assert.deepEqual(utilizationTags(['loss', 'gpu/10/utilization', 'gpu/2/utilization', 'gpu/2/power_w', 'gpu/run_memory_mib']), ['gpu/2/utilization', 'gpu/10/utilization']);
});

test('lossTag picks the training loss to overlay', () => {
  assert.equal(lossTag(['val_loss', 'loss', 'accuracy']), 'loss');
  assert.equal(lossTag(['val_loss', 'train/loss', 'gpu/0/utilization']), 'train/loss');
  assert.equal(lossTag(['eval/loss', 'epoch_loss']), 'epoch_loss');
  assert.equal(lossTag(['val_loss', 'accuracy']), 'val_loss');
  assert.equal(lossTag(['accuracy', 'gpu/0/utilization']), 'accuracy');
  assert.equal(lossTag(['gpu/0/utilization']), undefined);
});

test('a GPU idle from start-up on while steps run: the band starts at the first step and ends at the last', () => {
  // One sample a second, all at 3%, from t=100 to t=130; steps from t=104 (step 0) to t=120 (step 160), then none.
  const wallTimes = Array.from({ length: 31 }, (_, i) => 100 + i);
  const gpu = { wallTimes, values: wallTimes.map(() => 3) };
  const progress = { wallTimes: [104, 108, 112, 116, 120], steps: [0, 40, 80, 120, 160] };
  const [band, ...rest] = gpuIdleBands([gpu], progress);
  assert.deepEqual(rest, []);
  assert.deepEqual([band.startWall, band.endWall, band.startStep, band.endStep], [104, 120, 0, 160]);
  // Idle only before the first step (start-up) or only after the last one (the end of the run): no band.
  assert.deepEqual(gpuIdleBands([gpu], { wallTimes: [131, 140], steps: [0, 10] }), []);
  assert.deepEqual(gpuIdleBands([gpu], { wallTimes: [90, 99], steps: [0, 10] }), []);
});
