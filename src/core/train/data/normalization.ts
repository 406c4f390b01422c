// Feature normalization: scale by a constant (pixels 0..255 → 0..1), or standardize each feature with the mean
// and standard deviation of the TRAINING set, the same statistics then applied to validation (and to inference
// inputs), so no validation value leaks into training.
import type { Dataset } from './dataset';

/** How to normalize features. */
export type NormalizationSpec = { kind: 'none' } | { kind: 'scale'; factor: number } | { kind: 'standardize' };

/** Fitted statistics: x' = (x - offset[f]) * scale[f] for feature f (one entry per value of a sample). */
export interface Normalization {
  kind: NormalizationSpec['kind'];
  offset: Float32Array;
  scale: Float32Array;
}

/** Fits `spec` on `train`. A feature that never varies (std 0, e.g. an always-blank corner pixel) is only centred. */
export function fitNormalization(train: Dataset, spec: NormalizationSpec): Normalization {
  const n = train.shape[0];
  const width = n === 0 ? 0 : train.features.length / n;
  const offset = new Float32Array(width);
  const scale = new Float32Array(width).fill(1);
  if (spec.kind === 'scale') {
    if (!Number.isFinite(spec.factor) || spec.factor === 0) throw new RangeError(`the scale factor must be a finite non-zero number, got ${spec.factor}`);
    scale.fill(spec.factor);
  } else if (spec.kind === 'standardize') {
    if (n === 0) throw new RangeError('cannot standardize an empty training set');
    // Sums in float64: float32 sums over many samples drift.
    const sum = new Float64Array(width);
    const squares = new Float64Array(width);
    for (let s = 0; s < n; s++) {
      for (let f = 0; f < width; f++) sum[f] += train.features[s * width + f];
    }
    for (let f = 0; f < width; f++) offset[f] = sum[f] / n;
    for (let s = 0; s < n; s++) {
      for (let f = 0; f < width; f++) {
        const d = train.features[s * width + f] - sum[f] / n;
        squares[f] += d * d;
      }
    }
    for (let f = 0; f < width; f++) {
      const std = Math.sqrt(squares[f] / n);
      scale[f] = std > 0 ? 1 / std : 1;
    }
  }
  return { kind: spec.kind, offset, scale };
}

/** `dataset` with `norm` applied to its features (a copy; labels shared). */
export function applyNormalization(dataset: Dataset, norm: Normalization): Dataset {
  const n = dataset.shape[0];
  const width = norm.offset.length;
  if (n > 0 && dataset.features.length / n !== width) {
    throw new RangeError(`the normalization was fitted on ${width} values per sample, this dataset has ${dataset.features.length / n}`);
  }
  const features = new Float32Array(dataset.features.length);
  for (let s = 0; s < n; s++) {
    for (let f = 0; f < width; f++) features[s * width + f] = (dataset.features[s * width + f] - norm.offset[f]) * norm.scale[f];
  }
  return { ...dataset, features };
}
