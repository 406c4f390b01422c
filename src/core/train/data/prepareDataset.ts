// The data pipeline a trainer runs before fitting: seeded shuffle, validation split, normalization fitted on the
// training part and applied to both, then the fit to the model's input shape.
import type { Dataset } from './dataset';
import { shuffleDataset, splitDataset } from './datasetSplit';
import { checkInputShape } from './inputShapeCheck';
import { applyNormalization, fitNormalization, type Normalization, type NormalizationSpec } from './normalization';

/** How to prepare a loaded dataset. */
export interface PrepareOptions {
  /** Shuffle with this seed before splitting; omitted = keep the file's order. */
  shuffleSeed?: number;
  /** Fraction of samples held out for validation (default 0). */
  validationSplit?: number;
  normalization?: NormalizationSpec;
  /** The model's input shape without the batch dimension (null = any); checked, and reshaped to when `reshape`. */
  inputShape?: readonly (number | null)[];
  reshape?: boolean;
}

/** The training and validation sets, and the normalization to apply to inference inputs too. */
export interface PreparedDataset {
  train: Dataset;
  /** Empty (0 samples) when validationSplit is 0. */
  validation: Dataset;
  normalization: Normalization;
}

/** Runs the pipeline on `dataset`. */
export function prepareDataset(dataset: Dataset, options: PrepareOptions = {}): PreparedDataset {
  let data = dataset;
  if (options.inputShape) {
    const fit = checkInputShape(data.shape, options.inputShape, options.reshape ?? false);
    if (fit.reshaped) data = { ...data, shape: fit.shape };
  }
  if (options.shuffleSeed !== undefined) data = shuffleDataset(data, options.shuffleSeed);
  const split = splitDataset(data, options.validationSplit ?? 0);
  const normalization = fitNormalization(split.train, options.normalization ?? { kind: 'none' });
  return { train: applyNormalization(split.train, normalization), validation: applyNormalization(split.validation, normalization), normalization };
}
