// Model formats Tensorsight recognizes but cannot read yet: a user who opens one is told which format it is,
// not that the file is a broken ONNX model or of no known format. Checks are as cheap as the registry's.
import * as nodePath from 'node:path';

/** A format we can name but not read: content and name checks on the file's first bytes. */
interface UnsupportedFormat {
  /** As the message names it, after 'looks like': 'a TensorFlow Lite model'. */
  name: string;
  /** True when the bytes alone say it is this format (magic bytes). */
  matchContent?(head: Uint8Array): boolean;
  /** True when the file's name says it (extension or a fixed file name). */
  matchName?(base: string, extension: string): boolean;
}

const ascii = (head: Uint8Array, offset: number, text: string): boolean =>
  head.length >= offset + text.length && [...text].every((char, i) => head[offset + i] === char.charCodeAt(0));

/** Kineto (PyTorch profiler) traces open with schemaVersion and the devices; others with traceEvents. */
function looksLikeTrace(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  return /"traceEvents"\s*:/.test(text) || (/"schemaVersion"\s*:/.test(text) && /"(deviceProperties|computeProperties|distributedInfo)"\s*:/.test(text));
}

const unsupportedFormats: readonly UnsupportedFormat[] = [
  // SavedModel's saved_model.pb starts like an ONNX ModelProto (field 1 varint, field 2 message): its name tells them apart.
  { name: 'a TensorFlow SavedModel', matchName: (base) => base === 'saved_model.pb' || base === 'saved_model.pbtxt' },
  // A FlatBuffer whose file identifier (bytes 4-7) is TFL3.
  { name: 'a TensorFlow Lite model', matchContent: (head) => ascii(head, 4, 'TFL3'), matchName: (_base, extension) => extension === '.tflite' },
  { name: 'a GGUF model', matchContent: (head) => ascii(head, 0, 'GGUF'), matchName: (_base, extension) => extension === '.gguf' },
  // An 8-byte little-endian header length, then the JSON header.
  { name: 'a safetensors file', matchContent: (head) => ascii(head, 8, '{"') && head[6] === 0 && head[7] === 0, matchName: (_base, extension) => extension === '.safetensors' },
  // A zip whose first entry is DeepLearning4J's network configuration or coefficients.
  { name: 'a DeepLearning4J model', matchContent: (head) => ascii(head, 0, 'PK\x03\x04') && (ascii(head, 30, 'configuration.json') || ascii(head, 30, 'coefficients.bin')) },
  // Chrome trace-event JSON, as the PyTorch and TensorFlow profilers write it.
  { name: 'a profiler trace (trace-event JSON)', matchContent: (head) => looksLikeTrace(new TextDecoder().decode(head)) },
  { name: 'a Caffe model', matchName: (_base, extension) => extension === '.caffemodel' || extension === '.prototxt' },
  { name: 'a Torch7 file', matchName: (_base, extension) => extension === '.t7' },
  // A frozen GraphDef has no magic; a .pb that is not ONNX (content is checked first) is most likely one.
  { name: 'a TensorFlow GraphDef', matchName: (_base, extension) => extension === '.pb' || extension === '.pbtxt' },
];

/** The name of a format we know but cannot read, by content first, then by name; undefined when none fits. */
export function unsupportedFormat(head: Uint8Array, path: string, by: 'content' | 'name'): string | undefined {
  const base = nodePath.basename(path).toLowerCase();
  const extension = nodePath.extname(base);
  const found = unsupportedFormats.find((format) => (by === 'content' ? format.matchContent?.(head) : format.matchName?.(base, extension)));
  return found?.name;
}
