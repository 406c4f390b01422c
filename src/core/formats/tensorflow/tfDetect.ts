// Cheap content checks for TensorFlow protobuf files, kept apart from the readers so detection loads no
// parsing code. Neither format has a magic number: both are judged by their first fields' wire structure.

/** Reads a varint at `at`; undefined when it runs past `head` or is longer than 5 bytes. */
function varint(head: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let shift = 0, pos = at; pos < head.length && shift < 35; shift += 7) {
    const byte = head[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return { value, next: pos };
  }
  return undefined;
}

const printable = (bytes: Uint8Array): boolean => bytes.length > 0 && bytes.every((byte) => byte >= 0x20 && byte < 0x7f);

/** A NodeDef's first fields: name (1) and op (2), both short printable strings. */
function looksLikeNodeDef(head: Uint8Array, start: number, end: number): boolean {
  let pos = start;
  const seen = new Set<number>();
  while (pos < end && pos < head.length && seen.size < 2) {
    const tag = head[pos];
    if (tag !== 0x0a && tag !== 0x12) return seen.has(1) && seen.has(2);
    const length = varint(head, pos + 1);
    if (!length || length.value === 0 || length.value > 4096) return false;
    const text = head.subarray(length.next, Math.min(length.next + length.value, head.length));
    if (!printable(text.subarray(0, 64))) return false;
    seen.add(tag >> 3);
    pos = length.next + length.value;
  }
  return seen.has(1) && seen.has(2);
}

/**
 * A binary GraphDef starts with field 1 (node, a NodeDef message) whose payload opens with the node's
 * name and op strings. An ONNX ModelProto starts with field 1 as a varint (ir_version, tag 0x08), so the
 * two never meet; a SavedModel starts with tag 0x08 too.
 */
export function looksLikeGraphDef(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x0a) return false;
  const length = varint(head, 1);
  if (!length || length.value < 4) return false;
  return looksLikeNodeDef(head, length.next, length.next + length.value);
}

/**
 * A SavedModel's saved_model.pb: field 1 (schema version, varint 1) then field 2 (meta_graphs, a message whose
 * first field is meta_info_def (tag 0x0a) or graph_def (0x12)). ONNX puts a text producer_name in field 2,
 * so the first byte of field 2's payload tells them apart (a renamed saved_model.pb is still found).
 */
export function looksLikeSavedModel(head: Uint8Array): boolean {
  if (head.length < 6 || head[0] !== 0x08 || head[1] !== 0x01 || head[2] !== 0x12) return false;
  const length = varint(head, 3);
  if (!length) return false;
  const first = head[length.next];
  return first === 0x0a || first === 0x12;
}
