// Cheap content checks for Keras files, kept apart from the reader so that detection loads no
// parsing code: the HDF5 signature (Keras 2 .h5, also when misnamed .keras), or a zip whose first
// member is one Keras 3 writes first.

/** The 8-byte HDF5 signature \x89HDF\r\n\x1a\n. */
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const KERAS3_MEMBERS = new Set(['metadata.json', 'config.json', 'model.weights.h5']);

/** True when `head` starts with the HDF5 signature. */
export function isHdf5(head: Uint8Array): boolean {
  return head.length >= 8 && HDF5_MAGIC.every((byte, i) => head[i] === byte);
}

/** True for HDF5 files and for zips whose first local header names a Keras 3 member. */
export function looksLikeKeras(head: Uint8Array): boolean {
  if (isHdf5(head)) return true;
  const name = firstZipMember(head);
  return name !== undefined && KERAS3_MEMBERS.has(name);
}

/** A Keras 3 archive by its members: config.json with metadata.json or model.weights.h5 (what the reader needs). */
export function isKeras3Archive(names: readonly string[] | undefined): boolean {
  return names !== undefined && names.includes('config.json') && (names.includes('metadata.json') || names.includes('model.weights.h5'));
}

/** The name in a zip's first local file header, when `head` starts with one. */
export function firstZipMember(head: Uint8Array): string | undefined {
  if (head.length < 30 || head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 0x03 || head[3] !== 0x04) return undefined;
  const length = head[26] | (head[27] << 8);
  if (head.length < 30 + length) return undefined;
  return Buffer.from(head.subarray(30, 30 + length)).toString('utf8');
}
