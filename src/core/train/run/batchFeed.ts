// Batches as tensors from a FeedSplit, and the model's loss and metrics over a whole split.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { MetricValues } from './trainMessage';
import type { FeedSplit } from './trainingData';

/** Copies samples `order[from..to)` of `split` into batch tensors. */
export function batchTensors(split: FeedSplit, order: ArrayLike<number>, from: number, to: number): { x: tf.Tensor; y: tf.Tensor } {
  const n = to - from;
  const x = new Float32Array(n * split.sampleSize);
  const y = new Float32Array(n * split.targetSize);
  for (let i = 0; i < n; i++) {
    const s = order[from + i];
    x.set(split.features.subarray(s * split.sampleSize, (s + 1) * split.sampleSize), i * split.sampleSize);
    y.set(split.targets.subarray(s * split.targetSize, (s + 1) * split.targetSize), i * split.targetSize);
  }
  return { x: tf.tensor(x, [n, ...split.sampleShape]), y: tf.tensor(y, [n, split.targetSize]) };
}

/** Loss and metrics of the model over all of `split`, batch by batch, as `val_<name>` (read asynchronously: GPU backends cannot read synchronously in Node). */
export async function evaluate(model: tfl.LayersModel, split: FeedSplit, batchSize: number, names: string[]): Promise<MetricValues> {
  const sums = new Array<number>(names.length).fill(0);
  const identity = Int32Array.from({ length: split.count }, (_, i) => i);
  for (let from = 0; from < split.count; from += batchSize) {
    const to = Math.min(from + batchSize, split.count);
    const { x, y } = batchTensors(split, identity, from, to);
    const result = model.evaluate(x, y, { batchSize: to - from });
    const scalars = Array.isArray(result) ? result : [result];
    const read = await Promise.all(scalars.map((scalar) => scalar.data()));
    read.forEach((value, i) => (sums[i] += value[0] * (to - from)));
    tf.dispose([x, y, ...scalars]);
  }
  return Object.fromEntries(names.map((name, i) => [`val_${name}`, sums[i] / split.count]));
}
