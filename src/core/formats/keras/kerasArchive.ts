// Keras 3 `.keras` archives: a zip of config.json (the serialized model), metadata.json
// (keras_version, date_saved) and model.weights.h5. HDF5 needs a file of its own, so the
// weights entry is streamed to a temporary file (never through the JS heap), read for its
// dataset headers, and deleted. Cost: one disk copy of the weights entry per open.
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import type { Model, TensorRef } from '../../ir/graph';
import { FormatError } from '../formatError';
import { Hdf5File, type Hdf5Dataset } from '../containers/hdf5File';
import { kerasGraph, type KerasWeightSource } from './kerasGraph';
import { parseConfig } from './kerasHdf5';
import { Keras3Weights } from './kerasWeights';
import type { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import type { ZipArchive, ZipEntry } from '../containers/zipArchive';

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS = 'model.weights.h5';

/** True when a zip's entries look like a Keras 3 archive. */
export function isKerasArchive(zip: ZipArchive): boolean {
  return zip.entry(CONFIG) !== undefined && (zip.entry(METADATA) !== undefined || zip.entry(WEIGHTS) !== undefined);
}

/** Reads a Keras 3 archive into the IR. */
export async function readKerasArchive(file: ModelFile, zip: ZipArchive, options: OpenOptions = {}): Promise<Model> {
  const configEntry = zip.entry(CONFIG);
  if (!configEntry) throw new FormatError(file.path, 'Keras archive has no config.json', { entry: CONFIG });
  const config = parseConfig(file.path, await zip.readText(configEntry), `${CONFIG}`);
  const metadata: Record<string, string> = { kind: 'Keras 3 archive', layers: String(config.layers.length) };
  const metadataEntry = zip.entry(METADATA);
  let kerasVersion: string | undefined;
  if (metadataEntry) {
    try {
      const info = JSON.parse(await zip.readText(metadataEntry)) as Record<string, unknown>;
      kerasVersion = typeof info.keras_version === 'string' ? info.keras_version : undefined;
      if (typeof info.date_saved === 'string') metadata.dateSaved = info.date_saved;
    } catch (error) {
      throw new FormatError(file.path, `metadata.json is not valid JSON: ${(error as Error).message}`, { entry: METADATA });
    }
  }
  const warnings: string[] = [];
  const weightsEntry = zip.entry(WEIGHTS);
  options.signal?.throwIfAborted();
  let graph;
  if (!weightsEntry) {
    warnings.push(`the archive has no ${WEIGHTS}${zip.entry('model.weights.npz') ? ' (npz weights are not read)' : ''}: layers are shown without weights`);
    graph = kerasGraph(config, { weightsFor: () => [], unclaimed: () => [] });
  } else {
    metadata.weightsEntry = WEIGHTS;
    graph = await withExtractedEntry(zip, weightsEntry, (h5Path) =>
      Hdf5File.with(h5Path, (h5) => {
        // Dataset offsets are not available from h5wasm, and the bytes sit inside a zip entry: refs name the archive.
        const ref = (dataset: Hdf5Dataset): TensorRef => ({ dtype: dataset.dtype, shape: dataset.shape, file: file.path, byteLength: dataset.byteLength });
        const weights: KerasWeightSource = new Keras3Weights(h5, ref);
        if (h5.kind('optimizer') === 'group') metadata.optimizerWeights = String(h5.datasets('optimizer').length);
        return kerasGraph(config, weights);
      }),
    );
  }
  return {
    format: 'keras',
    producer: kerasVersion ? `keras ${kerasVersion}` : 'keras 3',
    versions: kerasVersion ? { keras: kerasVersion } : undefined,
    graph,
    metadata,
    path: file.path,
    fileBytes: file.size,
    warnings,
  };
}

/** Streams one entry to a private temporary file (HDF5 reads files), runs `body` on its path, and deletes it. */
export async function withExtractedEntry<T>(zip: ZipArchive, entry: ZipEntry, body: (path: string) => Promise<T>): Promise<T> {
  if (entry.method !== 0 && entry.method !== 8) throw new FormatError(zip.file.path, `unsupported zip compression method ${entry.method}`, { entry: entry.name });
  const start = await zip.dataOffset(entry);
  const dir = await fs.mkdtemp(join(tmpdir(), 'tensorsight-keras-'));
  const target = join(dir, 'model.weights.h5');
  try {
    const source = createReadStream(zip.file.path, { start, end: start + Math.max(entry.compressedSize, 1) - 1 });
    try {
      if (entry.method === 8) await pipeline(source, createInflateRaw(), createWriteStream(target, { mode: 0o600 }));
      else await pipeline(source, createWriteStream(target, { mode: 0o600 }));
    } catch (error) {
      throw new FormatError(zip.file.path, `could not extract the weights: ${(error as Error).message}`, { entry: entry.name });
    }
    return await body(target);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
