// Image folders with data.imageSize: images of several sizes (PNG, written here with pngjs) are resized bilinearly
// to [height, width] and train; the resampler's values at pixel centres are checked on a small ramp. Without
// imageSize, mixed sizes fail naming the file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { readImageFolder, resizeBilinear } from '../../src/core/train/data/imageFolderReader';
import type { TrainMessage } from '../../src/core/train/run/trainMessage';
import { trainFromSpec } from '../../src/core/train/run/trainRun';

/** A grey PNG of width×height whose pixel (x, y) is value(x, y). */
function png(width: number, height: number, value: (x: number, y: number) => number): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = value(x, y);
      image.data.set([v, v, v, 255], 4 * (y * width + x));
    }
  }
  return PNG.sync.write(image);
}

/** Class `left`: the left half bright; class `right`: the right half; sizes vary from image to image. */
function writeFolder(dir: string): void {
  const sizes = [[8, 8], [12, 10], [6, 9], [16, 16], [10, 6]];
  for (const name of ['left', 'right']) {
    mkdirSync(join(dir, name), { recursive: true });
    for (let i = 0; i < 20; i++) {
      const [width, height] = sizes[i % sizes.length];
      const bright = (x: number) => (name === 'left' ? x < width / 2 : x >= width / 2);
      writeFileSync(join(dir, name, `${i}.png`), png(width, height, (x, y) => (bright(x) ? 200 + ((x + y + i) % 50) : (x * 7 + i) % 40)));
    }
  }
}

test('bilinear resize samples at pixel centres, clamped at the edges', () => {
  const ramp = { width: 2, height: 1, rgba: Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255]) };
  const up = resizeBilinear(ramp, 4, 1);
  assert.deepEqual([...up.rgba].filter((_, i) => i % 4 === 0), [0, 64, 191, 255]);
  const down = resizeBilinear({ width: 4, height: 1, rgba: Uint8Array.from([0, 0, 0, 0, 100, 0, 0, 0, 200, 0, 0, 0, 40, 0, 0, 0]) }, 2, 1);
  assert.deepEqual([...down.rgba].filter((_, i) => i % 4 === 0), [50, 120]);
  assert.equal(resizeBilinear(ramp, 2, 1), ramp);
});

test('an image folder of mixed sizes resized by imageSize trains; without imageSize it fails naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-images-'));
  try {
    const folder = join(dir, 'images');
    writeFolder(folder);
    const dataset = readImageFolder(folder, { channels: 1, imageSize: [4, 6] });
    assert.deepEqual(dataset.shape, [40, 4, 6, 1]);
    assert.deepEqual(dataset.classNames, ['left', 'right']);
    assert.throws(() => readImageFolder(folder, { channels: 1 }), /1\.png: the image is 12×10, the first image .*0\.png\) is 8×8/);

    const specFile = join(dir, 'halves.train.json');
    writeFileSync(specFile, JSON.stringify({
      model: { layers: [{ type: 'Flatten' }, { type: 'Dense', units: 2, activation: 'softmax' }] },
      data: { format: 'images', folder, imageSize: [4, 6], channels: 1, validationSplit: 0.25, normalize: { scale: 255 } },
      loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.05 }, metrics: ['accuracy'], epochs: 15, batchSize: 8, seed: 2, backend: 'cpu',
    }));
    const messages: TrainMessage[] = [];
    const done = await trainFromSpec({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, (m) => messages.push(m), { gpu: { nvidiaSmi: null } });
    const start = messages.find((m) => m.kind === 'start');
    assert.ok(start?.kind === 'start');
    assert.equal(start.parameters, 4 * 6 * 2 + 2);
    assert.ok(done.kind === 'done' && done.values.val_accuracy === 1, JSON.stringify(done));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
