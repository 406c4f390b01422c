// Which reader opens a file: each format declares its extensions and a cheap magic-byte check;
// the reader itself is imported only when a file of that format is opened.
import * as nodePath from 'node:path';
import type { Model } from '../ir/graph';
import { FormatError } from './formatError';
import { looksLikeKeras } from './kerasDetect';
import { ModelFile } from './modelFile';
import { looksLikeOnnx } from './onnxDetect';
import { looksLikePyTorch } from './pytorchDetect';
import { looksLikeTfjs } from './tfjsDetect';
import { unsupportedFormat } from './unsupportedFormats';

/** Options every reader accepts. */
export interface OpenOptions {
  /** Stops a long parse (the Model view cancels when the user switches files). */
  signal?: AbortSignal;
}

/** One model format: cheap detection here, the full parse loaded on demand inside `open`. */
export interface FormatModule {
  readonly id: string;
  /** Lower-case extensions with the dot, e.g. ['.onnx']; also used for file pickers and menus. */
  readonly extensions: readonly string[];
  /** Content check on the first HEAD_BYTES bytes (magic bytes, a header shape); `path` lets a format combine name and content. */
  match(head: Uint8Array, path: string): boolean;
  open(path: string, options?: OpenOptions): Promise<Model>;
}

/** How many leading bytes `match` sees. */
export const HEAD_BYTES = 4096;

const onnx: FormatModule = {
  id: 'onnx',
  extensions: ['.onnx'],
  match: (head) => looksLikeOnnx(head),
  open: async (path, options) => (await import('./onnxReader.js')).readOnnx(path, options),
};

// Formats in detection order. Add one entry per format; keep `open` a dynamic import so the
// reader (and its dependencies) load only when such a file is opened.
export const formatModules: readonly FormatModule[] = [
  onnx,
  {
    id: 'keras',
    extensions: ['.keras', '.h5', '.hdf5'],
    match: (head) => looksLikeKeras(head),
    open: async (path, options) => (await import('./kerasReader.js')).readKeras(path, options),
  },
  {
    id: 'tfjs',
    extensions: ['.json'],
    match: (head, path) => looksLikeTfjs(head, path),
    open: async (path, options) => (await import('./tfjsReader.js')).readTfjs(path, options),
  },
  {
    id: 'pytorch',
    extensions: ['.pt', '.pth', '.bin', '.ckpt'],
    match: (head) => looksLikePyTorch(head),
    open: async (path, options) => (await import('./pytorchReader.js')).readPyTorch(path, options),
  },
];

/** The module for `path`: a content match wins over an extension match (an HDF5 file named .keras, a renamed .onnx). */
export function detectFormat(path: string): FormatModule {
  const file = ModelFile.open(path);
  try {
    return detectFromHead(file.head(HEAD_BYTES), path);
  } finally {
    file.close();
  }
}

/** Detection on bytes already read; exported for tests and for callers that hold the head. */
export function detectFromHead(head: Uint8Array, path: string): FormatModule {
  const byContent = formatModules.find((module) => module.match(head, path));
  if (byContent) return byContent;
  const known = formatModules.flatMap((module) => module.extensions).join(', ');
  // A format named by its magic bytes is that format, whatever the extension says (a trace saved as .json).
  const unsupported = (name: string) => new FormatError(path, `looks like ${name}: not supported yet (Tensorsight reads ONNX, Keras, TF.js and PyTorch models: ${known})`, { offset: 0 });
  const namedByContent = unsupportedFormat(head, path, 'content');
  if (namedByContent) throw unsupported(namedByContent);
  const extension = nodePath.extname(path).toLowerCase();
  const byExtension = formatModules.find((module) => module.extensions.includes(extension));
  if (byExtension) return byExtension;
  const namedByName = unsupportedFormat(head, path, 'name');
  if (namedByName) throw unsupported(namedByName);
  if (head.length === 0) throw new FormatError(path, `empty file: no model format to detect (${known})`, { offset: 0 });
  throw new FormatError(path, `unrecognized model format: neither the extension '${extension}' nor the first bytes match a known format (${known})`, { offset: 0 });
}

/** Detects the format of `path` and parses it into the IR; throws FormatError for bad input. */
export async function openModel(path: string, options?: OpenOptions): Promise<Model> {
  const absolute = nodePath.resolve(path);
  return detectFormat(absolute).open(absolute, options);
}
