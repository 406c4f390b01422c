// The spec's data as the trainer feeds it: loaded (loadDataset), shuffled, split and normalized (prepareDataset),
// separate validation files normalized with the training statistics, and targets shaped for the loss (one-hot
// for categorical cross-entropy).
import * as path from 'node:path';
import type { Dataset } from '../data/dataset';
import { readImageFolder } from '../data/imageFolderReader';
import { checkInputShape } from '../data/inputShapeCheck';
import { loadDataset, type DataSource } from '../data/loadDataset';
import { applyNormalization, type NormalizationSpec } from '../data/normalization';
import { oneHot } from '../data/oneHot';
import { prepareDataset } from '../data/prepareDataset';
import type { DataSpec, LossName, TrainSpec } from '../spec/trainSpec';

/** Features and targets of one split as flat arrays, ready to slice into batches. */
export interface FeedSplit {
  features: Float32Array;
  /** Values per sample, and the per-sample shape. */
  sampleSize: number;
  sampleShape: number[];
  targets: Float32Array;
  targetSize: number;
  count: number;
}

/** Training and validation splits (validation count 0 when the spec has none). */
export interface TrainingData {
  train: FeedSplit;
  validation: FeedSplit;
  numClasses: number;
}

/** The loader's source for the spec's training data, or for its separate validation files. */
function dataSource(data: DataSpec, which: 'train' | 'validation'): DataSource | undefined {
  const v = which === 'validation' ? data.validation : undefined;
  if (which === 'validation' && v === undefined) return undefined;
  const labelKind = data.labelKind;
  switch (data.format) {
    case 'idx':
    case 'npy': {
      const files = (v as typeof data.validation) ?? data;
      return { format: data.format, features: files.features, labels: files.labels, labelKind };
    }
    case 'npz': {
      const files = data.validation && which === 'validation' ? data.validation : data;
      return { format: 'npz', path: ('file' in files && files.file) || data.file, featuresKey: files.features, labelsKey: files.labels, labelKind };
    }
    case 'csv':
      return { format: 'csv', path: which === 'validation' ? data.validation!.file : data.file, label: data.labelColumn, delimiter: data.delimiter, labelKind };
    case 'images':
      return { format: 'images', path: which === 'validation' ? data.validation!.folder : data.folder, channels: data.channels };
  }
}

/** Loads `source`; image folders are read here so the spec's imageSize resizes them (loadDataset does not resize). */
function load(source: DataSource, baseDir: string, data: DataSpec): Dataset {
  if (source.format === 'images' && data.format === 'images') return readImageFolder(path.resolve(baseDir, source.path), { channels: source.channels, imageSize: data.imageSize });
  return loadDataset(source, baseDir);
}

function normalization(spec: DataSpec): NormalizationSpec {
  if (spec.normalize === 'none') return { kind: 'none' };
  if (spec.normalize === 'standardize') return { kind: 'standardize' };
  return { kind: 'scale', factor: 1 / spec.normalize.scale };
}

/** Targets as the loss wants them: one-hot, class indexes as floats, or regression values. */
function feed(dataset: Dataset, loss: LossName, numClasses: number): FeedSplit {
  const count = dataset.shape[0];
  const sampleShape = dataset.shape.slice(1);
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  let targets: Float32Array;
  if (loss === 'categoricalCrossentropy') {
    if (!(dataset.labels instanceof Int32Array)) throw new Error('loss: categoricalCrossentropy needs class labels, and the data has regression targets');
    targets = oneHot(dataset.labels, numClasses);
  } else {
    targets = Float32Array.from(dataset.labels);
  }
  return { features: dataset.features, sampleSize, sampleShape, targets, targetSize: count === 0 ? 1 : targets.length / count, count };
}

/**
 * Loads and prepares the spec's data; `seed` shuffles it when the spec shuffles without its own seed. Samples are
 * reshaped to `inputShape` when given (model.layers' inputShape, or a loaded model's input).
 */
export function loadTrainingData(spec: TrainSpec, specFile: string, seed: number, inputShape?: number[]): TrainingData {
  const baseDir = path.dirname(specFile);
  const data = spec.data;
  const prepared = prepareDataset(load(dataSource(data, 'train')!, baseDir, data), {
    shuffleSeed: data.shuffle === false ? undefined : (data.shuffle.seed ?? seed),
    validationSplit: data.validationSplit ?? 0,
    normalization: normalization(data),
    inputShape,
    reshape: inputShape !== undefined,
  });
  let validation = prepared.validation;
  const validationSource = dataSource(data, 'validation');
  if (validationSource) {
    let loaded = load(validationSource, baseDir, data);
    if (inputShape) loaded = { ...loaded, shape: checkInputShape(loaded.shape, inputShape, true).shape };
    validation = applyNormalization(loaded, prepared.normalization);
  }
  const numClasses = Math.max(prepared.train.numClasses, validation.numClasses);
  return { train: feed(prepared.train, spec.loss, numClasses), validation: feed(validation, spec.loss, numClasses), numClasses };
}
