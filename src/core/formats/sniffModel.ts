// Whether a file holds a model of a format we read, decided from its first bytes and a few small reads (an HDF5
// root object header, a zip's central directory, a torch.save pickle), never by a full parse. The graph editor asks
// this before drawing anything, so that a `.h5` dataset or a `.pt` holding a tensor opens in VS Code's own editor.
// It loads no reader: the content checks are the registry's (kerasDetect, onnxDetect, pytorchDetect, tfjsDetect,
// and the other formats' `match`).
import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { FormatError } from './formatError';
import { isHdf5, looksLikeKeras } from './keras/kerasDetect';
import { ModelFile } from './containers/modelFile';
import { looksLikeOnnx } from './onnx/onnxDetect';
import { looksLikePyTorch } from './pytorch/pytorchDetect';
import { matchContext } from './matchContext';
import { formatModules } from './registry';
import { readHdf5RootNames } from './containers/sniffHdf5';
import { sniffTorch } from './pytorch/sniffTorch';
import { looksLikeTfjs } from './tfjs/tfjsDetect';
import { unsupportedFormat } from './unsupportedFormats';
import { ZipArchive } from './containers/zipArchive';

/**
 * `model`: a model our readers show; `other`: not one (data, another format, an empty or text file);
 * `unknown`: not decided cheaply (a damaged file, names stored where the sniffer does not look): the reader decides.
 */
export type SniffVerdict = 'model' | 'other' | 'unknown';

/** The sniffer's answer, with what decided it in words (shown to the user when a file is reopened elsewhere). */
export interface ModelSniff {
  verdict: SniffVerdict;
  /** The registry's format id when the content matched one: 'onnx', 'keras', 'tfjs', 'pytorch'. */
  format?: string;
  /** e.g. 'an HDF5 file without model_config, layer_names or a layers group'. */
  reason: string;
  /** Undecided only because the pickle to run is over the caller's budget: a worker thread with a larger one can decide. */
  overBudget?: boolean;
}

/** What the caller allows. */
export interface SniffOptions {
  /** The most bytes of pickle to run (torch.save files); the extension host's thread allows little, a worker much more. */
  maxPickleBytes?: number;
}

/** As many leading bytes as the registry's detection reads (registry.ts HEAD_BYTES). */
const HEAD_BYTES = 4096;

/** Sniffs `path`; never throws for bad content (an unreadable file is `unknown`, so the reader reports why). */
export async function sniffModel(path: string, options: SniffOptions = {}): Promise<ModelSniff> {
  try {
    return await ModelFile.with(path, (file) => sniffFile(file, file.head(HEAD_BYTES), options));
  } catch (error) {
    if (error instanceof FormatError) return { verdict: 'unknown', reason: error.message };
    throw error;
  }
}

/** Formats whose check on the first bytes alone would accept data files too: sniffed more closely below. */
const SNIFFED_CLOSELY = new Set(['onnx', 'keras', 'tfjs', 'pytorch']);

async function sniffFile(file: ModelFile, head: Uint8Array, options: SniffOptions): Promise<ModelSniff> {
  // In the registry's order; the other formats' checks are precise (magic bytes, or name and content together).
  const context = matchContext(head, file.path, file);
  for (const module of formatModules) {
    if (!SNIFFED_CLOSELY.has(module.id)) {
      if (module.match(head, file.path, context)) return { verdict: 'model', format: module.id, reason: `a ${module.displayName} file` };
      continue;
    }
    const sniff = await sniffClosely(module.id, file, head, options);
    if (sniff) return sniff;
  }
  if (head.length === 0) return { verdict: 'other', reason: 'an empty file' };
  const named = unsupportedFormat(head, file.path, 'content', context);
  if (named) return { verdict: 'other', reason: `${named}, a format Tensorsight does not read yet` };
  // TF.js weight shards are .bin files beside their model.json (as the PyTorch reader's error says too).
  const shard = nodePath.extname(file.path).toLowerCase() === '.bin' && existsSync(nodePath.join(nodePath.dirname(file.path), 'model.json'));
  return { verdict: 'other', reason: `its first bytes match no model format Tensorsight reads${shard ? '; a model.json lies next to it: if this is a TF.js weights shard, open model.json instead' : ''}` };
}

/** The closer look at ONNX, Keras, TF.js and PyTorch files, or undefined when the first bytes are not theirs. */
async function sniffClosely(format: string, file: ModelFile, head: Uint8Array, options: SniffOptions): Promise<ModelSniff | undefined> {
  if (format === 'onnx') return looksLikeOnnx(head) ? { verdict: 'model', format, reason: 'an ONNX ModelProto' } : undefined;
  if (format === 'keras') return looksLikeKeras(head) ? { format, ...(isHdf5(head) ? sniffKerasHdf5(file) : await sniffKerasZip(file)) } : undefined;
  if (format === 'tfjs') return looksLikeTfjs(head, file.path) ? { verdict: 'model', format, reason: 'a TF.js model.json (modelTopology, weightsManifest or format)' } : undefined;
  if (!looksLikePyTorch(head)) return undefined;
  try {
    const { model, reason } = await sniffTorch(file, head, options.maxPickleBytes);
    if (model === undefined) return { verdict: 'unknown', format, reason, overBudget: true };
    return { verdict: model ? 'model' : 'other', format, reason };
  } catch (error) {
    if (error instanceof FormatError) return { verdict: 'unknown', format, reason: error.message };
    throw error;
  }
}

/** What the Keras reader (kerasHdf5.ts) accepts: a model_config or layer_names attribute, or a layers group, at the root. */
function sniffKerasHdf5(file: ModelFile): Omit<ModelSniff, 'format'> {
  const { attributes, links, complete } = readHdf5RootNames(file);
  const marker = ['model_config', 'layer_names'].find((name) => attributes.includes(name)) ?? (links.includes('layers') ? 'layers' : undefined);
  if (marker) return { verdict: 'model', reason: `an HDF5 file with ${marker === 'layers' ? 'a layers group (Keras 3 weights)' : `a ${marker} attribute (Keras)`} at its root` };
  if (!complete) return { verdict: 'unknown', reason: 'an HDF5 file whose root names are stored densely (not read here)' };
  return { verdict: 'other', reason: 'an HDF5 file without the model_config or layer_names attribute or the layers group of a Keras model' };
}

/** What the Keras reader accepts from a zip (kerasArchive.ts isKerasArchive): config.json with metadata.json or model.weights.h5. */
async function sniffKerasZip(file: ModelFile): Promise<Omit<ModelSniff, 'format'>> {
  const zip = await ZipArchive.open(file);
  if (zip.entry('config.json') && (zip.entry('metadata.json') || zip.entry('model.weights.h5'))) return { verdict: 'model', reason: 'a Keras 3 archive' };
  return { verdict: 'other', reason: 'a zip archive without the config.json and metadata.json or model.weights.h5 of a Keras 3 model' };
}
