// Caffe: a `.prototxt` net definition (protobuf text) and its `.caffemodel` weights (binary
// NetParameter). Neither has magic bytes, so detection combines the name with a content check.
import type { FormatModule } from '../registry';

const text = (head: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(head);

/** A prototxt that defines a net (not a solver): it names layers or inputs. */
function looksLikeNetText(head: Uint8Array): boolean {
  if (head.subarray(0, 512).includes(0)) return false;
  return /(^|\n)\s*(layers?\s*\{|input\s*:|input_dim\s*:|input_shape\s*\{)/.test(text(head));
}

/** A NetParameter starts with field 1 (name), 2 (V1 layers), 3 (input), 4 (input_dim), 8 (input_shape) or 100 (layer). */
function looksLikeCaffemodel(head: Uint8Array): boolean {
  if (head.length < 2) return false;
  const first = head[0];
  return first === 0x0a || first === 0x12 || first === 0x1a || first === 0x20 || first === 0x22 || first === 0x42 || (first === 0xa2 && head[1] === 0x06);
}

export const caffeFormat: FormatModule = {
  id: 'caffe',
  displayName: 'Caffe',
  extensions: ['.caffemodel', '.prototxt'],
  // A .prototxt is as often a solver or a detector config: offered, not the default.
  filePatterns: { default: ['*.caffemodel'], option: ['*.prototxt'] },
  match: (head, path) => {
    const lower = path.toLowerCase();
    if (lower.endsWith('.caffemodel')) return looksLikeCaffemodel(head);
    if (lower.endsWith('.prototxt')) return looksLikeNetText(head);
    return false;
  },
  open: async (path, options) => (await import('./caffeReader.js')).readCaffe(path, options),
};
