// safetensors: a single .safetensors file (an 8-byte little-endian header length, then a JSON header) or a
// sharded checkpoint's *.safetensors.index.json, which has no magic and is recognized by its name.
import type { Model } from '../../ir/graph';
import type { OpenOptions } from '../registry';

const INDEX_SUFFIX = '.safetensors.index.json';

/** The header length's high bytes are zero (no header is 2^48 bytes) and the JSON object starts right after it. */
function looksLikeSafetensors(head: Uint8Array): boolean {
  return head.length >= 10 && head[6] === 0 && head[7] === 0 && head[8] === 0x7b && (head[9] === 0x22 || head[9] === 0x7d || head[9] === 0x20 || head[9] === 0x0a);
}

/** The safetensors format module (registry shape plus a display name). */
export const safetensorsFormat = {
  id: 'safetensors',
  displayName: 'safetensors',
  extensions: ['.safetensors'] as readonly string[],
  // The index is JSON: the graph editor is offered for it, not made its default.
  filePatterns: { default: ['*.safetensors'], option: [`*${INDEX_SUFFIX}`] },
  match: (head: Uint8Array, path: string): boolean =>
    looksLikeSafetensors(head) || (path.toLowerCase().endsWith(INDEX_SUFFIX) && new TextDecoder().decode(head.subarray(0, 64)).trimStart().startsWith('{')),
  open: async (path: string, options?: OpenOptions): Promise<Model> => (await import('./safetensorsReader.js')).readSafetensors(path, options),
};
