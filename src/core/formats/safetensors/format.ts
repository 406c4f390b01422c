// safetensors: a single .safetensors file (an 8-byte little-endian header length, then a JSON header) or a
// sharded checkpoint's *.safetensors.index.json, which has no magic and is recognized by its name.
import type { FormatModule } from '../registry';

const INDEX_SUFFIX = '.safetensors.index.json';

/** The header length's high bytes are zero (no header is 2^48 bytes) and the JSON object starts right after it. */
function looksLikeSafetensors(head: Uint8Array): boolean {
  return head.length >= 10 && head[6] === 0 && head[7] === 0 && head[8] === 0x7b && (head[9] === 0x22 || head[9] === 0x7d || head[9] === 0x20 || head[9] === 0x0a);
}

export const safetensorsFormat: FormatModule = {
  id: 'safetensors',
  displayName: 'safetensors',
  extensions: ['.safetensors'],
  // The index is JSON: the graph editor is offered for it, not made its default.
  filePatterns: { default: ['*.safetensors'], option: [`*${INDEX_SUFFIX}`] },
  // The index by its name and its weight_map (metadata comes first in Hugging Face's, so the key is looked up).
  match: (head, path, context) => looksLikeSafetensors(head) || (path.toLowerCase().endsWith(INDEX_SUFFIX) && (context.jsonKeys()?.includes('weight_map') ?? false)),
  open: async (path, options) => (await import('./safetensorsReader.js')).readSafetensors(path, options),
};
