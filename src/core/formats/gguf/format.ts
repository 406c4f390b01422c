// GGUF (llama.cpp's model files): detected by the magic 'GGUF'; the reader loads on demand.
import type { Model } from '../../ir/graph';
import type { OpenOptions } from '../registry';

/** The GGUF format module (registry shape plus a display name). */
export const ggufFormat = {
  id: 'gguf',
  displayName: 'GGUF',
  extensions: ['.gguf'] as readonly string[],
  filePatterns: { default: ['*.gguf'] },
  match: (head: Uint8Array): boolean => head.length >= 8 && head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46,
  open: async (path: string, options?: OpenOptions): Promise<Model> => (await import('./ggufReader.js')).readGguf(path, options),
};
