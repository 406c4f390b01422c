// Reads one event file incrementally: it remembers the byte offset of the next unread record, and each
// read takes only the bytes appended since. An incomplete record at the end waits for the next read;
// a corrupt one is recorded with its offset and skipped.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { EventSink } from './eventBatch';
import { EventDecoder, SCALARS_ONLY } from './eventDecoder';
import type { EventKind } from './eventTypes';
import { FRAME_OVERHEAD, scanFrames, type CorruptRegion, type FrameScanState, type FrameSink } from './tfRecord';

/** Bytes read per step: large enough that syscalls do not matter, small enough to keep memory flat. */
export const DEFAULT_CHUNK_BYTES = 8 << 20;

// One read buffer for every reader: reads are synchronous and nothing keeps a view into the buffer once a
// read returns (decoded events copy their bytes), so a logdir of a thousand files costs one chunk, not
// a thousand. A buffer grown for one huge record is dropped after that read.
let shared: Uint8Array = new Uint8Array(0);
let sharedView: DataView = new DataView(shared.buffer);

function setShared(buffer: Uint8Array): void {
  shared = buffer;
  sharedView = new DataView(buffer.buffer);
}

function readBuffer(size: number, chunkBytes: number): Uint8Array {
  if (shared.length < size) setShared(new Uint8Array(Math.max(size, Math.min(Math.max(shared.length * 2, 1 << 16), chunkBytes))));
  return shared;
}

/** The incremental reader of one events.out.tfevents.* file. */
export class EventFileReader {
  /** File offset of the first byte not yet consumed. */
  offset = 0;
  /** File size at the last read. */
  size = 0;
  records = 0;
  /** Corrupt regions in file order; each is one lost record (or one unreadable stretch). */
  readonly corruptRegions: CorruptRegion[] = [];
  private readonly otherKinds: Partial<Record<EventKind, number>> = {};
  /** Records the fast path took whole: summaries of scalars only, counted apart to keep that path lean. */
  private scalarRecords = 0;
  fileVersion: string | undefined;
  /** Bytes read from disk so far: appended bytes, plus the incomplete tail re-read by the next read. */
  bytesRead = 0;
  /** Times the file was found shorter than already read (rewritten), and read again from the start. */
  rewrites = 0;
  private readonly scan: FrameScanState = { open: null };
  private sinkOfRead: EventSink | undefined;
  private readonly sink: FrameSink = {
    record: (bytes, start, end, fileOffset) => this.onRecord(bytes, start, end, fileOffset),
    corrupt: (region) => this.corruptRegions.push(region), // the scanner extends `length` while it skips
  };

  constructor(
    readonly path: string,
    private readonly decoder: EventDecoder = new EventDecoder(),
  ) {}

  /** Bytes after the last complete record: a record still being written, or a truncated tail. */
  get pendingBytes(): number {
    return Math.max(this.size - this.offset, 0);
  }

  /**
   * Decodes newly appended records, about `chunkBytes` at most (always at least one whole record), into
   * `sink`. Returns true when more appended bytes wait to be read. A missing file reads as empty.
   */
  read(sink: EventSink, chunkBytes = DEFAULT_CHUNK_BYTES): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    try {
      this.size = fstatSync(fd).size;
      if (this.size < this.offset) {
        this.offset = 0;
        this.scan.open = null;
        this.rewrites++;
      }
      let want = Math.min(this.size - this.offset, chunkBytes);
      while (want > 0) {
        const buffer = readBuffer(want, chunkBytes);
        const got = readSync(fd, buffer, 0, want, this.offset);
        this.bytesRead += got;
        this.sinkOfRead = sink;
        const consumed = scanFrames(buffer, got, this.offset, this.scan, this.sink);
        this.sinkOfRead = undefined;
        this.offset += consumed;
        const unread = this.size - this.offset;
        if (consumed > 0 || got < want || unread <= got) return this.offset + (got - consumed) < this.size;
        // Nothing complete in a full chunk: one record is larger than the chunk; read it whole.
        want = Math.min(unread, Math.max(want * 2, sharedView.getUint32(0, true) + FRAME_OVERHEAD));
      }
      return false;
    } finally {
      closeSync(fd);
      if (shared.length > 2 * chunkBytes) setShared(new Uint8Array(0));
    }
  }

  /** Valid records by Event kind (summary, file_version, graph_def, ...). */
  get kinds(): Partial<Record<EventKind, number>> {
    const kinds = { ...this.otherKinds };
    if (this.scalarRecords > 0) kinds.summary = (kinds.summary ?? 0) + this.scalarRecords;
    return kinds;
  }

  /** One record with valid CRCs. */
  private onRecord(bytes: Uint8Array, start: number, end: number, fileOffset: number): void {
    let result;
    try {
      result = this.decoder.decodeInto(bytes, start, end, sharedView, this.sinkOfRead as EventSink, fileOffset);
    } catch (error) {
      const reason = `not an Event protobuf: ${error instanceof Error ? error.message : String(error)}`;
      this.corruptRegions.push({ offset: fileOffset, length: end - start + FRAME_OVERHEAD, reason });
      return;
    }
    this.records++;
    if (result === SCALARS_ONLY) {
      this.scalarRecords++;
      return;
    }
    this.otherKinds[result.kind] = (this.otherKinds[result.kind] ?? 0) + 1;
    if (result.fileVersion !== undefined) this.fileVersion = result.fileVersion;
  }

}

/** Reads the data of the one record whose frame starts at `offset` (a RecordRef), checking both CRCs. */
export function readRecordAt(path: string, offset: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const header = new Uint8Array(12);
    if (readSync(fd, header, 0, 12, offset) < 12) throw new Error(`${path}: no record header at byte ${offset}`);
    const length = new DataView(header.buffer).getUint32(0, true);
    const frame = new Uint8Array(length + FRAME_OVERHEAD);
    frame.set(header);
    if (readSync(fd, frame, 12, length + 4, offset + 12) < length + 4) throw new Error(`${path}: record at byte ${offset} is incomplete`);
    let data: Uint8Array | undefined;
    scanFrames(frame, frame.length, offset, { open: null }, { record: (bytes, start, end) => (data = bytes.slice(start, end)), corrupt: () => undefined });
    if (!data) throw new Error(`${path}: the record at byte ${offset} fails its CRC check`);
    return data;
  } finally {
    closeSync(fd);
  }
}
