// Lua Torch7 `.t7` (torch.save binary). No magic bytes: the first int32 is a type tag, so the
// check pairs the extension with a plausible first value (a table, a torch object, ...).
import type { FormatModule } from '../registry';

/** The first value's type tag is 0-8 and, for a torch object, a version string or class name follows. */
function looksLikeT7(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tag = view.getInt32(0, true);
  if (tag < 0 || tag > 8) return false;
  if (tag !== 4 || head.length < 12) return true;
  const length = view.getInt32(8, true);
  return length > 0 && length < 256 && head.length >= 12 + Math.min(length, 3) && /^(V \d|[A-Za-z_])/.test(String.fromCharCode(...head.subarray(12, 12 + Math.min(length, 3))));
}

export const torch7Format: FormatModule = {
  id: 'torch7',
  displayName: 'Torch7',
  extensions: ['.t7'],
  filePatterns: { default: ['*.t7'] },
  match: (head, path) => path.toLowerCase().endsWith('.t7') && looksLikeT7(head),
  open: async (path, options) => (await import('./torch7Reader.js')).readTorch7(path, options),
};
