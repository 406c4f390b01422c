// One run: its event files, read incrementally and merged by wall time into one RunStore.
// The merge is a streaming k-way merge over per-file batches, so memory stays at one chunk per file
// however large the files are, and each file's own record order is kept.
import { EventBatch, type EventSink } from './eventBatch';
import { EventDecoder } from './eventDecoder';
import { DEFAULT_CHUNK_BYTES, EventFileReader, readRecordAt } from './eventFileReader';
import type { TfEvent } from './eventTypes';
import type { RecordRef } from './pointSeries';
import { RunStore } from './runStore';

/** What one poll of a run read. */
export interface RunPollResult {
  records: number;
  corrupt: number;
  /** Bytes read by this poll. */
  bytes: number;
  /** True when the byte budget ran out before the end of the files: poll again to read the rest. */
  more: boolean;
}

interface Cursor {
  reader: EventFileReader;
  batch: EventBatch;
  at: number;
  more: boolean;
}

/** The files of one run folder, and what has been read from them. */
export class RunReader {
  readonly store = new RunStore();
  readonly decoder = new EventDecoder(this.store.tags);
  private readonly readers: EventFileReader[] = [];

  constructor(
    /** Path of the run folder relative to the logdir root ('.' for the root itself). */
    readonly name: string,
    readonly dir: string,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {}

  get files(): readonly EventFileReader[] {
    return this.readers;
  }

  /** Adds an event file (ignored when already known); returns whether it was new. */
  addFile(path: string): boolean {
    if (this.readers.some((reader) => reader.path === path)) return false;
    this.readers.push(new EventFileReader(path, this.decoder));
    this.readers.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return true;
  }

  /** Reads and decodes again one record kept by reference (images, audio, text), straight from its file. */
  readEventAt(ref: RecordRef): TfEvent {
    return this.decoder.decode(readRecordAt(ref.file, ref.offset));
  }

  /** Total valid records and corrupt regions so far, over all files. */
  totals(): { records: number; corrupt: number } {
    let records = 0;
    let corrupt = 0;
    for (const reader of this.readers) {
      records += reader.records;
      corrupt += reader.corruptRegions.length;
    }
    return { records, corrupt };
  }

  /**
   * Reads what was appended to every file since the last poll; returns what was new. `maxBytes` bounds the work
   * of one call for a single-file run (the usual case), so a host can read a big file in slices and stay
   * responsive; a run of several files is merged by wall time in one call.
   */
  poll({ maxBytes = Infinity }: { maxBytes?: number } = {}): RunPollResult {
    const before = this.totals();
    const bytesBefore = this.bytesRead();
    let more = false;
    if (this.readers.length === 1) more = this.pollOne(this.readers[0], maxBytes);
    else this.pollMerged();
    const after = this.totals();
    return { records: after.records - before.records, corrupt: after.corrupt - before.corrupt, bytes: this.bytesRead() - bytesBefore, more };
  }

  private bytesRead(): number {
    return this.readers.reduce((sum, reader) => sum + reader.bytesRead, 0);
  }

  /** One file: nothing to merge, so records go straight into the store. True when the budget stopped it early. */
  private pollOne(reader: EventFileReader, maxBytes: number): boolean {
    const store = this.store;
    store.enterFile(reader.path);
    const sink: EventSink = {
      pushScalar: (tagId, step, wallTime, value) => store.pushScalar(tagId, step, wallTime, value),
      pushEvent: (event, offset) => store.applyEvent(event, reader.path, offset),
    };
    const start = reader.bytesRead;
    while (reader.read(sink, Math.min(this.chunkBytes, Math.max(maxBytes, 1)))) {
      if (reader.bytesRead - start >= maxBytes) return true;
    }
    return false;
  }

  private pollMerged(): void {
    const cursors: Cursor[] = [];
    for (const reader of this.readers) {
      // Batches live for one poll only: the first read of a big file grows them to a whole chunk.
      const cursor = { reader, batch: new EventBatch(), at: 0, more: true };
      if (this.refill(cursor)) cursors.push(cursor);
    }
    while (cursors.length > 0) {
      if (cursors.length === 1) {
        const only = cursors[0];
        do this.apply(only, only.batch.length);
        while (this.refill(only));
        break;
      }
      // Take from the file whose next item is oldest, up to the next-oldest head of the others.
      let first = 0;
      for (let i = 1; i < cursors.length; i++) if (head(cursors[i]) < head(cursors[first])) first = i;
      let limit = Infinity;
      for (let i = 0; i < cursors.length; i++) if (i !== first) limit = Math.min(limit, head(cursors[i]));
      const cursor = cursors[first];
      let to = cursor.at;
      const walls = cursor.batch.wallTimes;
      while (to < cursor.batch.length && walls[to] <= limit) to++;
      this.apply(cursor, Math.max(to, cursor.at + 1));
      if (cursor.at >= cursor.batch.length && !this.refill(cursor)) cursors.splice(first, 1);
    }
  }

  private apply(cursor: Cursor, to: number): void {
    this.store.applyBatch(cursor.batch, cursor.at, to, cursor.reader.path);
    cursor.at = to;
  }

  /** Loads the next chunk of a file into its batch; false when the file has nothing more now. */
  private refill(cursor: Cursor): boolean {
    do {
      if (!cursor.more) return false;
      cursor.batch.clear();
      cursor.at = 0;
      cursor.more = cursor.reader.read(cursor.batch, this.chunkBytes);
    } while (cursor.batch.length === 0);
    return true;
  }
}

function head(cursor: Cursor): number {
  return cursor.batch.wallTimes[cursor.at];
}
