// CRC32C (Castagnoli), as TFRecord framing uses it, with slicing-by-8 tables: eight bytes per step,
// which runs several times faster in V8 than the byte-wise loop. (No SSE4.2 crc32 instruction is
// reachable from JavaScript or WebAssembly.)

const POLY = 0x82f63b78; // reflected 0x1EDC6F41

/** TFRecord's mask constant: a CRC stored next to the data it covers is masked so CRCs of CRCs stay distinct. */
export const CRC_MASK_DELTA = 0xa282ead8;

function makeTables(): Int32Array {
  const tables = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n];
    for (let t = 1; t < 8; t++) {
      c = tables[c & 0xff] ^ (c >>> 8);
      tables[t * 256 + n] = c;
    }
  }
  return tables;
}

const T = makeTables();

/** CRC32C of bytes[start, end), as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32cOfView(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes, start, end);
}

/**
 * crc32c with a DataView over the same memory as `bytes`, which the hot path keeps: two 32-bit loads
 * per eight bytes run about a third faster in V8 than eight byte loads.
 */
export function crc32cOfView(view: DataView, bytes: Uint8Array, start: number, end: number): number {
  let c = ~0;
  let i = start;
  const fastEnd = end - ((end - i) & 7);
  for (; i < fastEnd; i += 8) {
    const lo = c ^ view.getInt32(i, true);
    const hi = view.getInt32(i + 4, true);
    c =
      T[1792 + (lo & 0xff)] ^
      T[1536 + ((lo >>> 8) & 0xff)] ^
      T[1280 + ((lo >>> 16) & 0xff)] ^
      T[1024 + (lo >>> 24)] ^
      T[768 + (hi & 0xff)] ^
      T[512 + ((hi >>> 8) & 0xff)] ^
      T[256 + ((hi >>> 16) & 0xff)] ^
      T[hi >>> 24];
  }
  if (end - i >= 4) {
    // One slicing-by-4 step for the tail: records are short, and their tails are a large share.
    const lo = c ^ view.getInt32(i, true);
    c = T[768 + (lo & 0xff)] ^ T[512 + ((lo >>> 8) & 0xff)] ^ T[256 + ((lo >>> 16) & 0xff)] ^ T[lo >>> 24];
    i += 4;
  }
  for (; i < end; i++) c = T[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Masks a CRC as TFRecord stores it. */
export function maskCrc(c: number): number {
  return (((c >>> 15) | (c << 17)) + CRC_MASK_DELTA) >>> 0;
}

/** The masked CRC32C that TFRecord stores after the length and after the data. */
export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return maskCrc(crc32c(bytes, start, end));
}

/** maskedCrc32c of exactly the 8 bytes at `at` of a view: one table step, for the per-record header check. */
export function maskedCrc32cOf8(view: DataView, at: number): number {
  const lo = ~view.getInt32(at, true);
  const hi = view.getInt32(at + 4, true);
  const c = ~(
    T[1792 + (lo & 0xff)] ^
    T[1536 + ((lo >>> 8) & 0xff)] ^
    T[1280 + ((lo >>> 16) & 0xff)] ^
    T[1024 + (lo >>> 24)] ^
    T[768 + (hi & 0xff)] ^
    T[512 + ((hi >>> 8) & 0xff)] ^
    T[256 + ((hi >>> 16) & 0xff)] ^
    T[hi >>> 24]
  ) >>> 0;
  return maskCrc(c);
}
