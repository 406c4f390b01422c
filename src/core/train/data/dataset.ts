// The dataset a trainer consumes: features as one Float32Array with shape [n, ...sample], labels either class
// indexes (Int32Array, with the class count) or regression targets (Float32Array, [n] or [n, k]). Plain typed
// arrays only, so this stays free of TF.js; the trainer turns them into tensors.
import { shapeSize, type HostTensor } from '../../tensors/hostTensor';

/** Features and labels of n samples, row-major. */
export interface Dataset {
  features: Float32Array;
  /** [n, ...sample shape]. */
  shape: number[];
  /** Class indexes 0..numClasses-1 (classification) or targets (regression). */
  labels: Int32Array | Float32Array;
  /** [n] for class indexes and single targets, [n, k] for k targets per sample. */
  labelShape: number[];
  /** Number of classes; 0 for regression targets. */
  numClasses: number;
  /** Names of the classes where the source had names (CSV text labels, folder names), index = class. */
  classNames?: string[];
}

/** Whether labels are classes or regression targets; 'auto' takes integer labels >= 0 as classes. */
export type LabelKind = 'classification' | 'regression' | 'auto';

/** Samples of `dataset`. */
export function sampleCount(dataset: Dataset): number {
  return dataset.shape[0];
}

/** Builds a dataset from a feature tensor and a label tensor (IDX, .npy, .npz); `where` names both in errors. */
export function datasetFromTensors(features: HostTensor, labels: HostTensor, kind: LabelKind, where: { features: string; labels: string }): Dataset {
  if (features.shape.length < 1) throw new Error(`${where.features}: features must have a sample axis, the array is a scalar`);
  const n = features.shape[0];
  if (labels.shape[0] !== n || labels.shape.length < 1) {
    throw new Error(`${where.labels}: labels are [${labels.shape.join(', ')}] but the features (${where.features}) are [${features.shape.join(', ')}]: both need ${n} samples along dimension 0`);
  }
  const values = toNumbers(labels, where.labels);
  const integral = labels.dtype !== 'float32' && labels.dtype !== 'float64' && labels.dtype !== 'float16';
  const classes = kind === 'classification' || (kind === 'auto' && integral && labels.shape.length === 1);
  const base = { features: toFloat32(features, where.features), shape: [...features.shape] };
  if (!classes) return { ...base, labels: Float32Array.from(values), labelShape: [...labels.shape], numClasses: 0 };
  if (labels.shape.length !== 1) throw new Error(`${where.labels}: class labels must be one index per sample ([${n}]), got [${labels.shape.join(', ')}]`);
  return { ...base, ...classIndexes(values, where.labels), labelShape: [n] };
}

/** Builds a dataset from rows of features and text labels (CSV): numeric labels as in datasetFromTensors, names as classes. */
export function datasetFromTable(features: Float32Array, width: number, labels: string[], kind: LabelKind, file: string): Dataset {
  const n = labels.length;
  const numeric = labels.map(Number);
  const allNumeric = labels.every((label, i) => label !== '' && Number.isFinite(numeric[i]));
  const base = { features, shape: [n, width], labelShape: [n] };
  if (kind === 'regression') {
    const bad = labels.findIndex((label, i) => label === '' || !Number.isFinite(numeric[i]));
    if (bad >= 0) throw new Error(`${file}: row ${bad + 1} has the label ${JSON.stringify(labels[bad])}, a regression target must be a number`);
    return { ...base, labels: Float32Array.from(numeric), numClasses: 0 };
  }
  const integral = allNumeric && numeric.every((value) => Number.isInteger(value) && value >= 0);
  if (integral) return { ...base, ...classIndexes(numeric, file) };
  // Fractional numbers are targets unless the spec says classes, which then go by name like text labels.
  if (allNumeric && kind === 'auto') return { ...base, labels: Float32Array.from(numeric), numClasses: 0 };
  // Class names: sorted so the same file always gives the same indexes.
  const classNames = [...new Set(labels)].sort();
  const index = new Map(classNames.map((name, i) => [name, i]));
  return { ...base, labels: Int32Array.from(labels, (label) => index.get(label) as number), numClasses: classNames.length, classNames };
}

/** Class indexes must be integers 0..k-1; the class count is the largest index + 1. */
function classIndexes(values: ArrayLike<number>, where: string): { labels: Int32Array; numClasses: number } {
  const labels = new Int32Array(values.length);
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
      throw new Error(`${where}: sample ${i} has the label ${value}; class labels must be integers from 0 (or pass regression targets)`);
    }
    labels[i] = value;
    if (value > max) max = value;
  }
  return { labels, numClasses: max + 1 };
}

/** The tensor's values as float32 (int64 values past 2^53 lose precision, as they would in any float feature). */
export function toFloat32(tensor: HostTensor, where: string): Float32Array {
  if (tensor.dtype === 'float32') return tensor.data as Float32Array;
  return Float32Array.from(toNumbers(tensor, where));
}

function toNumbers(tensor: HostTensor, where: string): ArrayLike<number> {
  if (tensor.dtype === 'float16') throw new Error(`${where}: float16 arrays are not read as data yet; save them as float32`);
  const data = tensor.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, Number);
  if (data.length !== shapeSize(tensor.shape)) throw new Error(`${where}: holds ${data.length} values for shape [${tensor.shape.join(', ')}]`);
  return data;
}
