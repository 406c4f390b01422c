// Snappy's raw block format (github.com/google/snappy, format_description.txt), as LevelDB tables use it
// for compressed blocks: a varint of the uncompressed length, then literals and back-references.
// Every length and offset is checked, so a corrupt block fails instead of reading out of bounds.

/** Decompresses one snappy block; throws an Error naming the offset within the block on bad data. */
export function snappyDecompress(input: Uint8Array, maxLength: number): Uint8Array {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= input.length) throw new Error(`snappy: truncated length varint at ${pos}`);
      const byte = input[pos++];
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
    throw new Error('snappy: length varint too long');
  };
  const length = varint();
  if (length > maxLength) throw new Error(`snappy: block declares ${length} bytes, more than the ${maxLength} allowed`);
  const out = new Uint8Array(length);
  let at = 0;
  const little = (width: number): number => {
    if (pos + width > input.length) throw new Error(`snappy: truncated tag operand at ${pos}`);
    let value = 0;
    for (let i = 0; i < width; i++) value += input[pos + i] * 2 ** (8 * i);
    pos += width;
    return value;
  };
  while (pos < input.length) {
    const tagAt = pos;
    const tag = input[pos++];
    const kind = tag & 3;
    if (kind === 0) {
      let size = tag >> 2;
      if (size >= 60) size = little(size - 59);
      size += 1;
      if (pos + size > input.length || at + size > length) throw new Error(`snappy: literal of ${size} bytes at ${tagAt} overruns the block`);
      out.set(input.subarray(pos, pos + size), at);
      pos += size;
      at += size;
      continue;
    }
    let size: number;
    let back: number;
    if (kind === 1) {
      size = 4 + ((tag >> 2) & 7);
      back = ((tag >> 5) << 8) | little(1);
    } else {
      size = 1 + (tag >> 2);
      back = little(kind === 2 ? 2 : 4);
    }
    if (back === 0 || back > at || at + size > length) throw new Error(`snappy: copy at ${tagAt} (offset ${back}, ${size} bytes) is out of range`);
    // Copies may overlap their own output (runs), so go byte by byte.
    for (let i = 0; i < size; i++, at++) out[at] = out[at - back];
  }
  if (at !== length) throw new Error(`snappy: block decodes to ${at} bytes but declares ${length}`);
  return out;
}
