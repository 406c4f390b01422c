// The TFLite format descriptor: a flatbuffer with file identifier TFL3 at bytes 4..8; the reader
// loads only when such a file is opened.
import type { FormatModule } from '../registry';

/** True for a TFLite flatbuffer: a root offset inside the head, then the TFL3 identifier. */
export function looksLikeTflite(head: Uint8Array): boolean {
  return head.length >= 8 && head[4] === 0x54 && head[5] === 0x46 && head[6] === 0x4c && head[7] === 0x33;
}

export const tfliteFormat: FormatModule = {
  id: 'tflite',
  displayName: 'TensorFlow Lite',
  extensions: ['.tflite', '.lite'],
  filePatterns: { default: ['*.tflite'], option: ['*.lite'] },
  match: (head, _path) => looksLikeTflite(head),
  open: async (path, options) => (await import('./tfliteReader.js')).readTflite(path, options),
};
