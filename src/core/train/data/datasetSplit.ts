// Seeded shuffling and the validation split. The split takes the last fraction of the (shuffled) samples, as
// Keras' validationSplit does; no stratification.
import { seededRandom } from '../../random/seededRandom';
import type { Dataset } from './dataset';

/** A training set and the samples held out to validate on. */
export interface DatasetSplit {
  train: Dataset;
  validation: Dataset;
}

/** A permutation of 0..n-1 by Fisher-Yates with the seeded generator: the same seed gives the same order. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** The samples of `dataset` at `indexes`, in that order (copies). */
export function takeSamples(dataset: Dataset, indexes: ArrayLike<number>): Dataset {
  const n = dataset.shape[0];
  const width = n === 0 ? 0 : dataset.features.length / n;
  const labelWidth = n === 0 ? 0 : dataset.labels.length / n;
  const features = new Float32Array(indexes.length * width);
  const labels = dataset.labels instanceof Int32Array ? new Int32Array(indexes.length * labelWidth) : new Float32Array(indexes.length * labelWidth);
  for (let i = 0; i < indexes.length; i++) {
    const from = indexes[i];
    if (!(from >= 0 && from < n)) throw new RangeError(`sample index ${from} is outside 0..${n - 1}`);
    features.set(dataset.features.subarray(from * width, (from + 1) * width), i * width);
    labels.set(dataset.labels.subarray(from * labelWidth, (from + 1) * labelWidth), i * labelWidth);
  }
  return {
    ...dataset,
    features,
    shape: [indexes.length, ...dataset.shape.slice(1)],
    labels,
    labelShape: [indexes.length, ...dataset.labelShape.slice(1)],
  };
}

/** `dataset` in a seeded random order. */
export function shuffleDataset(dataset: Dataset, seed: number): Dataset {
  return takeSamples(dataset, seededPermutation(dataset.shape[0], seed));
}

/** Holds out the last round(n × fraction) samples for validation; fraction in [0, 1). */
export function splitDataset(dataset: Dataset, fraction: number): DatasetSplit {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`the validation split must be a fraction in [0, 1), got ${fraction}`);
  const n = dataset.shape[0];
  const held = Math.round(n * fraction);
  if (fraction > 0 && (held === 0 || held === n)) {
    throw new RangeError(`a validation split of ${fraction} of ${n} samples leaves ${held === 0 ? 'no validation sample' : 'no training sample'}`);
  }
  const range = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return { train: takeSamples(dataset, range(0, n - held)), validation: takeSamples(dataset, range(n - held, n)) };
}
