// Cheap content check for ONNX files, kept apart from the reader so that detection loads no parsing code.

/**
 * ONNX has no magic number; a ModelProto written by any exporter starts with ir_version (field 1,
 * varint, 1..~20) followed by another ModelProto field tag.
 */
export function looksLikeOnnx(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x08 || head[1] < 1 || head[1] > 32) return false;
  const modelProtoTags = new Set([0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72, 0xa2, 0xca, 0xd2]);
  if (!modelProtoTags.has(head[2])) return false;
  // Field 2 is producer_name, text; a TensorFlow SavedModel starts the same way but holds a message there.
  return head[2] !== 0x12 || startsWithText(head, 3);
}

/** True when a length-delimited field at `offset` (its varint length) is empty or starts with a printable ASCII byte. */
function startsWithText(head: Uint8Array, offset: number): boolean {
  let length = 0;
  let at = offset;
  for (let shift = 0; at < head.length && shift < 35; shift += 7) {
    const byte = head[at++];
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return length === 0 || (at < head.length && head[at] >= 0x20 && head[at] < 0x7f);
  }
  return false;
}
