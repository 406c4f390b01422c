// Loads the dataset a training spec names, from IDX, CSV, .npy or .npz files or an image folder (one subfolder
// per class). Relative paths resolve against `baseDir` (the spec's folder).
import * as nodePath from 'node:path';
import type { HostTensor } from '../../tensors/hostTensor';
import { readNpyFile } from '../../tensors/npyReader';
import { readNpzFile } from '../../tensors/npzReader';
import { readCsvFile } from './csvReader';
import { datasetFromTable, datasetFromTensors, type Dataset, type LabelKind } from './dataset';
import { readIdxFile } from './idxReader';
import { readImageFolder } from './imageFolderReader';

/** Where a dataset's features and labels come from. */
export type DataSource = (
  | { format: 'idx'; features: string; labels: string }
  | { format: 'npy'; features: string; labels: string }
  | { format: 'npz'; path: string; featuresKey?: string; labelsKey?: string }
  | { format: 'csv'; path: string; label: string | number; delimiter?: string }
  | { format: 'images'; path: string; channels?: 1 | 3 }
) & {
  /** Classes or regression targets (default 'auto': integer labels >= 0 are classes). */
  labelKind?: LabelKind;
};

/** Reads `source`; relative paths resolve against `baseDir`. */
export function loadDataset(source: DataSource, baseDir: string): Dataset {
  const at = (file: string): string => nodePath.resolve(baseDir, file);
  const kind = source.labelKind ?? 'auto';
  switch (source.format) {
    case 'idx':
    case 'npy': {
      const read = source.format === 'idx' ? readIdxFile : readNpyFile;
      const features = at(source.features);
      const labels = at(source.labels);
      return datasetFromTensors(read(features), read(labels), kind, { features, labels });
    }
    case 'npz': {
      const file = at(source.path);
      const arrays = readNpzFile(file);
      const features = member(arrays, file, source.featuresKey, ['x', 'features', 'X', 'x_train', 'images', 'data']);
      const labels = member(arrays, file, source.labelsKey, ['y', 'labels', 'Y', 'y_train', 'targets', 'target']);
      return datasetFromTensors(features.tensor, labels.tensor, kind, { features: `${file} (${features.key})`, labels: `${file} (${labels.key})` });
    }
    case 'csv': {
      const file = at(source.path);
      const table = readCsvFile(file, { label: source.label, delimiter: source.delimiter });
      return datasetFromTable(table.features, table.featureColumns.length, table.labels, kind, file);
    }
    case 'images':
      // Folder names are the classes; a labelKind does not apply.
      return readImageFolder(at(source.path), { channels: source.channels });
    default:
      throw new Error(`unknown data format ${JSON.stringify((source as { format: unknown }).format)} (expected idx, npy, npz, csv or images)`);
  }
}

/** The .npz member named `key`, or the first of the usual names present. */
function member(arrays: Map<string, HostTensor>, file: string, key: string | undefined, usual: string[]): { key: string; tensor: HostTensor } {
  const names = key !== undefined ? [key] : usual;
  const found = names.find((name) => arrays.has(name));
  if (found === undefined) {
    const wanted = key !== undefined ? `an array named ${JSON.stringify(key)}` : `one of ${usual.join(', ')} (or name the key)`;
    throw new Error(`${file}: expected ${wanted}; the archive holds ${[...arrays.keys()].join(', ')}`);
  }
  return { key: found, tensor: arrays.get(found) as HostTensor };
}
