// TFRecord framing: u64 length (LE), masked CRC32C of those 8 bytes, the data, masked CRC32C of the data.
// The scanner is resumable: a record cut off at the end is left for the next call (a writer may still be
// appending it), and a bad frame is reported once and skipped, so one flipped byte costs one record.
import { crc32cOfView, maskCrc, maskedCrc32c, maskedCrc32cOf8 } from './crc32c';

/** A stretch of a file that held no valid record: where it starts, how many bytes were skipped, and why. */
export interface CorruptRegion {
  offset: number;
  length: number;
  reason: string;
}

/** Receives what the scanner finds; `record` gets the data bytes in place (valid only during the call). */
export interface FrameSink {
  record(bytes: Uint8Array, start: number, end: number, fileOffset: number): void;
  corrupt(region: CorruptRegion): void;
}

/** Carried between scans of one file: the corrupt region still being skipped, if any. */
export interface FrameScanState {
  open: CorruptRegion | null;
}

/** Frame overhead: 8 length bytes, 4 length-CRC bytes and 4 data-CRC bytes. */
export const FRAME_OVERHEAD = 16;

/** Records above this size are taken as a corrupt length, not as a reason to buffer gigabytes. */
export const MAX_RECORD_BYTES = 1 << 30;

/** The data length of a valid header at `at`, or -1 when its CRC or size is wrong. */
function headerLength(view: DataView, at: number): number {
  if (maskedCrc32cOf8(view, at) !== view.getUint32(at + 8, true)) return -1;
  const length = view.getUint32(at, true);
  return view.getUint32(at + 4, true) === 0 && length <= MAX_RECORD_BYTES ? length : -1;
}

/**
 * Scans bytes[0, end), which start at file offset `base`, and returns how many bytes were consumed:
 * the next scan starts at base + the result. Unconsumed bytes are an incomplete record (or fewer than
 * 12 bytes while skipping a corrupt region), to be rescanned when the file has grown.
 */
export function scanFrames(bytes: Uint8Array, end: number, base: number, state: FrameScanState, sink: FrameSink): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 12 <= end) {
    const length = headerLength(view, at);
    if (length < 0) {
      // A bad header means the length cannot be trusted: skip byte by byte until a frame checks out.
      if (!state.open) {
        state.open = { offset: base + at, length: 0, reason: 'length CRC mismatch (bad record header)' };
        sink.corrupt(state.open);
      }
      at++;
      state.open.length = base + at - state.open.offset;
      continue;
    }
    const dataEnd = at + 12 + length;
    if (dataEnd + 4 > end) break; // the rest of this record has not been written yet
    if (maskCrc(crc32cOfView(view, bytes, at + 12, dataEnd)) !== view.getUint32(dataEnd, true)) {
      if (state.open) {
        // While resynchronising, a header that checks out but data that does not is a false start.
        at++;
        state.open.length = base + at - state.open.offset;
        continue;
      }
      // The header was valid, so its length is right: exactly this record is lost.
      sink.corrupt({ offset: base + at, length: length + FRAME_OVERHEAD, reason: 'data CRC mismatch' });
      at = dataEnd + 4;
      continue;
    }
    state.open = null;
    sink.record(bytes, at + 12, dataEnd, base + at);
    at = dataEnd + 4;
  }
  return at;
}

/** Frames one record's data for writing. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + FRAME_OVERHEAD);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, true);
  view.setUint32(4, Math.floor(data.length / 2 ** 32), true);
  view.setUint32(8, maskedCrc32cOf8(view, 0), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}
