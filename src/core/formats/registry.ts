// Which reader opens a file: each format declares its extensions and a cheap magic-byte check;
// the reader itself is imported only when a file of that format is opened.
import { existsSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Model } from '../ir/graph';
import { caffeFormat } from './caffe/format';
import { dl4jFormat } from './dl4j/format';
import { FormatError } from './formatError';
import { ggufFormat } from './gguf/format';
import { kerasFormat } from './keras/format';
import { matchContext, type MatchContext } from './matchContext';
import { ModelFile } from './containers/modelFile';
import { onnxFormat } from './onnx/format';
import { pytorchFormat } from './pytorch/format';
import { safetensorsFormat } from './safetensors/format';
import { graphDefFormat, savedModelFormat } from './tensorflow/format';
import { tfjsFormat } from './tfjs/format';
import { tfliteFormat } from './tflite/format';
import { torch7Format } from './torch7/format';
import { unsupportedFormat } from './unsupportedFormats';

/** Options every reader accepts. */
export interface OpenOptions {
  /** Stops a long parse (the Model view cancels when the user switches files). */
  signal?: AbortSignal;
}

/** One model format: cheap detection here, the full parse loaded on demand inside `open`. */
export interface FormatModule {
  readonly id: string;
  /** The format's name as users know it, e.g. 'TensorFlow Lite'. */
  readonly displayName: string;
  /** Lower-case extensions with the dot, e.g. ['.onnx']; detection falls back on them when no content matches. */
  readonly extensions: readonly string[];
  /**
   * File-name globs ('*.onnx', 'model.json') VS Code offers the graph editor and the Model view for (package.json
   * selectors and when-clauses follow them; a unit test checks): `default` opens them as a graph, `option` only
   * offers it (names that usually hold something else: *.bin, *.zip, .json files).
   */
  readonly filePatterns: { readonly default: readonly string[]; readonly option?: readonly string[] };
  /**
   * Content check on the first HEAD_BYTES bytes (magic bytes, a header shape); `path` lets a format combine name
   * and content; `context` lists a zip's members or a JSON object's keys, read once and only when asked.
   */
  match(head: Uint8Array, path: string, context: MatchContext): boolean;
  open(path: string, options?: OpenOptions): Promise<Model>;
}

/** How many leading bytes `match` sees. */
export const HEAD_BYTES = 4096;

// Formats in detection order: formats with magic bytes first (a GGUF, TFLite or safetensors header cannot be
// mistaken), then the protobuf ones (ONNX before TensorFlow's, whose checks reject ONNX files), then zips and
// JSON (DL4J's first zip entry before PyTorch's zip check), then the name-led ones. Add one entry per format;
// keep `open` a dynamic import so the reader (and its dependencies) load only when such a file is opened.
export const formatModules: readonly FormatModule[] = [
  ggufFormat,
  tfliteFormat,
  safetensorsFormat,
  onnxFormat,
  savedModelFormat,
  graphDefFormat,
  kerasFormat,
  tfjsFormat,
  dl4jFormat,
  pytorchFormat,
  caffeFormat,
  torch7Format,
];

/** Folders that are models, by the file they hold: a SavedModel's saved_model.pb, a TF.js model's model.json. */
const FOLDER_ENTRIES: readonly { file: string; format: string }[] = [
  { file: 'saved_model.pb', format: 'savedmodel' },
  { file: 'model.json', format: 'tfjs' },
];

/** The file a model folder is opened through, or undefined when `path` is not a folder. */
export function modelFolderEntry(path: string): { file: string; format: FormatModule } | undefined {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    return undefined;
  }
  if (!isFolder) return undefined;
  for (const entry of FOLDER_ENTRIES) {
    const file = nodePath.join(path, entry.file);
    if (existsSync(file)) return { file, format: formatModules.find((module) => module.id === entry.format)! };
  }
  throw new FormatError(path, `a folder that holds no model: expected ${FOLDER_ENTRIES.map((entry) => entry.file).join(' or ')} in it`, { offset: 0 });
}

/** Every file-name pattern of every format, default and option ones (package.json's graph editor selectors). */
export function registryFilePatterns(): string[] {
  return [...new Set(formatModules.flatMap((module) => [...module.filePatterns.default, ...(module.filePatterns.option ?? [])]))];
}

/** What the registry reads, for messages: 'Tensorsight reads ONNX, Keras, ...: .onnx, .keras, ...'. */
function knownFormats(): string {
  const names = formatModules.map((module) => module.displayName).join(', ');
  const extensions = [...new Set(formatModules.flatMap((module) => module.extensions))].join(', ');
  return `Tensorsight reads ${names}: ${extensions}`;
}

/** The module for `path`: a content match wins over an extension match (an HDF5 file named .keras, a renamed .onnx). */
export function detectFormat(path: string): FormatModule {
  const folder = modelFolderEntry(path);
  if (folder) return folder.format;
  const file = ModelFile.open(path);
  try {
    const head = file.head(HEAD_BYTES);
    return detectFromHead(head, path, matchContext(head, path, file));
  } finally {
    file.close();
  }
}

/** Detection on bytes already read; exported for tests and for callers that hold the head. */
export function detectFromHead(head: Uint8Array, path: string, context: MatchContext = matchContext(head, path)): FormatModule {
  const byContent = formatModules.find((module) => module.match(head, path, context));
  if (byContent) return byContent;
  const known = knownFormats();
  // A format named by its magic bytes is that format, whatever the extension says (a trace saved as .json).
  const unsupported = (name: string) => new FormatError(path, `looks like ${name}: not supported yet (${known})`, { offset: 0 });
  const namedByContent = unsupportedFormat(head, path, 'content', context);
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
  const folder = modelFolderEntry(absolute);
  // The SavedModel reader takes its folder; a TF.js model folder opens through its model.json.
  if (folder) return folder.format.open(folder.format.id === 'savedmodel' ? absolute : folder.file, options);
  return detectFormat(absolute).open(absolute, options);
}
