// Model formats Tensorsight recognizes but cannot read yet: a user who opens one is told which format it is,
// not that the file is a broken ONNX model or of no known format. Checks are as cheap as the registry's.
import * as nodePath from 'node:path';
import type { MatchContext } from './matchContext';
import { isExportedProgram } from './pytorch/pytorchDetect';

/** A format we can name but not read: content and name checks on the file's first bytes. */
interface UnsupportedFormat {
  /** As the message names it, after 'looks like': 'a TensorFlow Lite model'. */
  name: string;
  /** True when the content says it is this format (magic bytes, a zip's members). */
  matchContent?(head: Uint8Array, context: MatchContext | undefined): boolean;
  /** True when the file's name says it (extension or a fixed file name). */
  matchName?(base: string, extension: string): boolean;
}

/** Kineto (PyTorch profiler) traces open with schemaVersion and the devices; others with traceEvents. */
function looksLikeTrace(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  return /"traceEvents"\s*:/.test(text) || (/"schemaVersion"\s*:/.test(text) && /"(deviceProperties|computeProperties|distributedInfo)"\s*:/.test(text));
}

const unsupportedFormats: readonly UnsupportedFormat[] = [
  // A SavedModel written as text: the reader takes the binary saved_model.pb.
  { name: 'a TensorFlow SavedModel in text format (saved_model.pbtxt)', matchName: (base) => base === 'saved_model.pbtxt' },
  // torch.export's archive (PyTorch 2): a zip holding archive_format, no real file under a permissive license to test a reader on.
  { name: 'a PyTorch 2 exported program (.pt2)', matchContent: (_head, context) => isExportedProgram(context?.zipEntryNames()), matchName: (_base, extension) => extension === '.pt2' },
  // Chrome trace-event JSON, as the PyTorch and TensorFlow profilers write it.
  { name: 'a profiler trace (trace-event JSON)', matchContent: (head) => looksLikeTrace(new TextDecoder().decode(head)) },
];

/** The name of a format we know but cannot read, by content first, then by name; undefined when none fits. */
export function unsupportedFormat(head: Uint8Array, path: string, by: 'content' | 'name', context?: MatchContext): string | undefined {
  const base = nodePath.basename(path).toLowerCase();
  const extension = nodePath.extname(base);
  const found = unsupportedFormats.find((format) => (by === 'content' ? format.matchContent?.(head, context) : format.matchName?.(base, extension)));
  return found?.name;
}
