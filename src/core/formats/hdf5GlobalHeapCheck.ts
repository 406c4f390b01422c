// HDF5 (the C library h5wasm compiles) loops forever on one kind of damage: a global heap collection
// ("GCOL", where variable-length strings such as Keras' layer_names live) holding a free-space object of size
// 0, since its decoder advances by that size. Such a file is refused here before HDF5 sees it; any other
// endless loop is left to the parse watchdog (core/parse/parseWatchdog.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FormatError } from './formatError';

const SIGNATURE = Buffer.from('GCOL', 'latin1');
/** HDF5 never writes a collection smaller than this (H5HG_MINSIZE). */
const MIN_COLLECTION = 4096;
const OBJECT_HEADER = 16; // index u16, references u16, reserved u32, size u64
const CHUNK = 1 << 20;
/** Files larger than this are not scanned: reading them whole would cost more than the check is worth. */
export const MAX_SCANNED_BYTES = 256 << 20;

/** Throws a FormatError naming the offset of a zero-size free-space object in any global heap collection. */
export function checkGlobalHeaps(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_SCANNED_BYTES) return;
    const chunk = Buffer.alloc(CHUNK + SIGNATURE.length - 1);
    for (let base = 0; base < size; base += CHUNK) {
      const got = readSync(fd, chunk, 0, chunk.length, base);
      for (let at = chunk.indexOf(SIGNATURE); at >= 0 && at < got; at = chunk.indexOf(SIGNATURE, at + 1)) {
        if (at + SIGNATURE.length <= got) checkCollection(fd, path, base + at, size);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function checkCollection(fd: number, path: string, offset: number, fileSize: number): void {
  const header = Buffer.alloc(16);
  if (readSync(fd, header, 0, 16, offset) < 16 || header[4] !== 1) return; // version 1 only: else not a collection
  const length = Number(header.readBigUInt64LE(8));
  if (length < MIN_COLLECTION || offset + length > fileSize || length > CHUNK) return;
  const collection = Buffer.alloc(length);
  readSync(fd, collection, 0, length, offset);
  for (let p = 16; p + OBJECT_HEADER <= length; ) {
    const index = collection.readUInt16LE(p);
    const objectSize = Number(collection.readBigUInt64LE(p + 8));
    if (index === 0 && objectSize === 0) {
      throw new FormatError(path, `HDF5 global heap collection at byte ${offset} holds a free-space object of size 0 (HDF5 would loop on it forever)`, { offset: offset + p });
    }
    p += index === 0 ? objectSize : OBJECT_HEADER + Math.ceil(objectSize / 8) * 8;
  }
}
