// GGUF (llama.cpp's model files): detected by the magic 'GGUF'; the reader loads on demand.
import type { FormatModule } from '../registry';

export const ggufFormat: FormatModule = {
  id: 'gguf',
  displayName: 'GGUF',
  extensions: ['.gguf'],
  filePatterns: { default: ['*.gguf'] },
  match: (head) => head.length >= 8 && head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46,
  open: async (path, options) => (await import('./ggufReader.js')).readGguf(path, options),
};
