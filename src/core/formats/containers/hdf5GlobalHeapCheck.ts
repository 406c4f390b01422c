// HDF5 (the C library h5wasm compiles) loops forever on damaged global heap collections ("GCOL", where
// variable-length strings such as Keras' layer_names live): a free-space object of size 0 (its decoder advances
// by that size), or a collection size that no longer matches its objects. The fuzzer found both; such files
// are refused here before HDF5 sees them. Any other endless loop is left to the parse watchdog
// (core/parse/parseWatchdog.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FormatError } from '../formatError';

const SIGNATURE = Buffer.from('GCOL', 'latin1');
/** HDF5 never writes a collection smaller than this (H5HG_MINSIZE). */
const MIN_COLLECTION = 4096;
const OBJECT_HEADER = 16; // index u16, references u16, reserved u32, size u64
const CHUNK = 1 << 20;
/** Files larger than this are not scanned: reading them whole would cost more than the check is worth. */
export const MAX_SCANNED_BYTES = 256 << 20;

/** Throws a FormatError naming the offset of a damaged global heap collection (see above). */
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
  let p = 16;
  while (p + OBJECT_HEADER <= length) {
    const index = collection.readUInt16LE(p);
    const objectSize = Number(collection.readBigUInt64LE(p + 8));
    if (index === 0 && objectSize === 0) {
      throw new FormatError(path, `HDF5 global heap collection at byte ${offset} holds a free-space object of size 0 (HDF5 would loop on it forever)`, { offset: offset + p });
    }
    p += index === 0 ? objectSize : OBJECT_HEADER + Math.ceil(objectSize / 8) * 8;
  }
  // HDF5 writes objects and free space that tile the collection exactly (a tail too short for a header is free
  // space); objects that run past its end mean a damaged size, on which HDF5 can loop as well.
  if (p > length) throw new FormatError(path, `HDF5 global heap collection at byte ${offset} (${length} bytes): its objects run ${p - length} bytes past its end`, { offset });
}
