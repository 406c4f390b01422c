// ONNX ModelProto files; detected by their protobuf fields, the reader loads on demand.
import type { FormatModule } from '../registry';
import { looksLikeOnnx } from './onnxDetect';

export const onnxFormat: FormatModule = {
  id: 'onnx',
  displayName: 'ONNX',
  extensions: ['.onnx'],
  filePatterns: { default: ['*.onnx'] },
  match: (head) => looksLikeOnnx(head),
  open: async (path, options) => (await import('./onnxReader.js')).readOnnx(path, options),
};
