// Cuts a trace's JSON, fed chunk by chunk, into its events and its other top-level values, without ever holding the
// file as one string. Two paths:
// - fast: at an event's '{', take the chunk up to the last '}' followed by ',' and JSON.parse it as one array. V8's
//   parser then does the byte work. A successful parse proves the cut lies between two events (the text started at
//   an event and parsed as whole values); a failed one (a '}' inside a string or nested object) tries an earlier cut.
// - exact: a resumable byte scanner (string and escape aware, counting depth) for the top level, the event that
//   straddles a chunk boundary, and every event of a chunk the fast path could not cut; it names the byte offset of
//   whatever is malformed.
import { TraceReadError } from './traceReadError';

/** Receives what the scanner cuts out, in file order. */
export interface ScanSink {
  /** Parsed events; the first began at byte `offset`. */
  events(values: unknown[], offset: number): void;
  /** A top-level key other than `traceEvents`, with its parsed value (or undefined when skipped for size). */
  field(key: string, value: unknown, offset: number): void;
}

// Scanner states: what the next non-blank byte may be.
const BEFORE = 0; // '{' or '['
const KEY = 1; // a key string, or '}' of an empty object
const COLON = 2;
const VALUE = 3; // a top-level value
const OBJECT_NEXT = 4; // ',' or '}'
const ITEM = 5; // '{' of an event, or ']' of an empty array
const ITEM_NEXT = 6; // ',' or ']'
const DONE = 7;
const IN_KEY = 8; // cutting a key
const IN_FIELD = 9; // cutting a top-level value
const IN_EVENT = 10; // cutting one event

/** Top-level values past this size are skipped (Chrome's systemTraceEvents can be hundreds of MB of text). */
const MAX_FIELD_BYTES = 16 * 2 ** 20;
/** One event past this size is not a trace event: stop instead of buffering the rest of a damaged file. */
const MAX_EVENT_BYTES = 256 * 2 ** 20;
/** Earlier cuts the fast path tries before handing the chunk to the exact scanner. */
const FAST_ATTEMPTS = 3;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class TraceScanner {
  /** 'array' for a bare top-level array of events (torch's Kineto-less export, ORT profiles). */
  shape: 'object' | 'array' | undefined;
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of buf[0] in the (decompressed) stream. */
  private base = 0;
  private pos = 0;
  private state = BEFORE;
  private key = '';
  // The value being cut: where it began (index into buf, -1 when its bytes are not kept) and the scan's state.
  private start = -1;
  private startAbs = 0;
  private depth = 0;
  private inString = false;
  private scalar = false;
  private sawEventsKey = false;
  /** Set when the fast path found no cut in the current buffer; cleared by the next chunk. */
  private fastBlocked = false;

  constructor(
    private readonly file: string,
    private readonly sink: ScanSink,
  ) {}

  /** Bytes scanned so far. */
  get offset(): number {
    return this.base + this.pos;
  }

  push(chunk: Buffer): void {
    const keep = this.start >= 0 ? this.start : this.pos;
    const rest = this.buf.length - keep;
    this.base += keep;
    this.pos -= keep;
    if (this.start >= 0) this.start -= keep;
    // The tail kept is at most one unfinished event or key, so this copy is small beside the chunk.
    this.buf = rest > 0 ? Buffer.concat([this.buf.subarray(keep), chunk]) : chunk;
    this.fastBlocked = false;
    this.run();
  }

  /** Checks the document ended where a trace may end. */
  end(): void {
    const at = this.base + this.buf.length;
    if (this.state === DONE) return;
    if (this.state === BEFORE) throw new TraceReadError(this.file, at, "a trace: a JSON object with 'traceEvents' or an array of events", 'the file is empty');
    if (this.state === IN_EVENT) throw new TraceReadError(this.file, at, `the rest of the event that began at byte ${this.startAbs}`, 'the JSON is truncated');
    if (this.state === IN_FIELD || this.state === IN_KEY) throw new TraceReadError(this.file, at, `the rest of the value that began at byte ${this.startAbs}`, 'the JSON is truncated');
    const closer = this.state === ITEM || this.state === ITEM_NEXT ? "',' or ']' closing the events array" : "',' or '}' closing the trace object";
    throw new TraceReadError(this.file, at, closer, 'the JSON is truncated');
  }

  private fail(expected: string, detail?: string): never {
    throw new TraceReadError(this.file, this.base + this.pos, expected, detail);
  }

  private run(): void {
    const buf = this.buf;
    const n = buf.length;
    while (this.pos < n) {
      const state = this.state;
      if (state >= IN_KEY) {
        if (!this.scanValue()) return;
        this.valueDone();
        continue;
      }
      const c = buf[this.pos];
      if (isBlank(c)) {
        this.pos++;
        continue;
      }
      if (state === ITEM && c === 0x7b && !this.fastBlocked && this.fastBatch()) continue;
      this.structural(state, c);
    }
  }

  /** One structural byte in a state that expects one. */
  private structural(state: number, c: number): void {
    switch (state) {
      case BEFORE:
        if (c === 0xef && this.base + this.pos === 0 && this.buf[1] === 0xbb && this.buf[2] === 0xbf) {
          this.pos += 3; // UTF-8 byte order mark
          return;
        }
        if (c === 0x7b) this.shape = 'object';
        else if (c === 0x5b) this.shape = 'array';
        else this.fail("a trace: a JSON object with 'traceEvents' or an array of events", 'this is not a trace file');
        this.state = c === 0x7b ? KEY : ITEM;
        this.pos++;
        return;
      case KEY:
        if (c === 0x7d) return this.closeObject();
        if (c !== 0x22) this.fail('a key string of the trace object');
        return this.begin(IN_KEY);
      case COLON:
        if (c !== 0x3a) this.fail(`':' after the key '${this.key}'`);
        this.state = VALUE;
        this.pos++;
        return;
      case VALUE:
        if (this.key === 'traceEvents' && c === 0x5b) {
          this.sawEventsKey = true;
          this.state = ITEM;
          this.pos++;
          return;
        }
        if (this.key === 'traceEvents') this.fail("'[' opening the traceEvents array");
        return this.begin(IN_FIELD);
      case OBJECT_NEXT:
        if (c === 0x2c) {
          this.state = KEY;
          this.pos++;
          return;
        }
        if (c === 0x7d) return this.closeObject();
        return this.fail("',' or '}' in the trace object");
      case ITEM:
        if (c === 0x5d) return this.closeArray();
        if (c !== 0x7b) this.fail('an event object');
        return this.begin(IN_EVENT);
      case ITEM_NEXT:
        if (c === 0x2c) {
          this.state = ITEM;
          this.pos++;
          return;
        }
        if (c === 0x5d) return this.closeArray();
        return this.fail("',' or ']' after an event");
      default:
        return this.fail('nothing more after the end of the trace', `found '${String.fromCharCode(c)}'`);
    }
  }

  private closeObject(): void {
    if (!this.sawEventsKey) this.fail("a 'traceEvents' array before the end of the trace object", 'this JSON object is not a trace');
    this.state = DONE;
    this.pos++;
  }

  private closeArray(): void {
    this.state = this.shape === 'array' ? DONE : OBJECT_NEXT;
    this.pos++;
  }

  private begin(state: number): void {
    const c = this.buf[this.pos];
    this.state = state;
    this.start = this.pos;
    this.startAbs = this.base + this.pos;
    this.depth = 0;
    this.inString = false;
    this.scalar = c !== 0x7b && c !== 0x5b && c !== 0x22;
  }

  /** Advances the value being cut; true when it is complete (pos just past it). Resumable across chunks. */
  private scanValue(): boolean {
    const buf = this.buf;
    const n = buf.length;
    let p = this.pos;
    if (this.scalar) {
      while (p < n) {
        const c = buf[p];
        if (c === 0x2c || c === 0x7d || c === 0x5d || isBlank(c)) {
          this.pos = p;
          return true;
        }
        p++;
      }
      this.pos = p;
      return false;
    }
    let depth = this.depth;
    let inString = this.inString;
    while (p < n) {
      const c = buf[p++];
      if (inString) {
        if (c === 0x5c) {
          if (p >= n) {
            p--; // the escaped byte is in the next chunk: look at this backslash again then
            break;
          }
          p++;
        } else if (c === 0x22) {
          inString = false;
          if (depth === 0) {
            this.pos = p;
            return true;
          }
        }
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) {
          this.pos = p;
          return true;
        }
      }
    }
    this.pos = p;
    this.depth = depth;
    this.inString = inString;
    if (this.start >= 0 && p - this.start > (this.state === IN_EVENT ? MAX_EVENT_BYTES : MAX_FIELD_BYTES)) {
      if (this.state === IN_EVENT) throw new TraceReadError(this.file, this.startAbs, "an event object of a sane size (its '}')", `no end within ${MAX_EVENT_BYTES / 2 ** 20} MiB`);
      this.start = -1; // too big to keep: scan on, hand over no value
    }
    return false;
  }

  /** The cut value [start, pos) is complete. */
  private valueDone(): void {
    const state = this.state;
    const value = this.start >= 0 ? this.parse(this.start, this.pos) : undefined;
    this.start = -1;
    if (state === IN_KEY) {
      this.key = value as string;
      this.state = COLON;
    } else if (state === IN_FIELD) {
      this.sink.field(this.key, value, this.startAbs);
      this.state = OBJECT_NEXT;
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TraceReadError(this.file, this.startAbs, 'an event object');
      this.sink.events([value], this.startAbs);
      this.state = ITEM_NEXT;
    }
  }

  private parse(from: number, to: number): unknown {
    const text = this.buf.toString('utf8', from, to);
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const at = /position (\d+)/.exec(message);
      const offset = this.base + from + (at ? Buffer.byteLength(text.slice(0, Number(at[1]))) : 0);
      throw new TraceReadError(this.file, offset, this.state === IN_EVENT ? 'a valid JSON event object' : 'a valid JSON value', message);
    }
  }

  /** The fast path at an event's '{': parses everything up to the last clean cut of the chunk at once. */
  private fastBatch(): boolean {
    const buf = this.buf;
    const n = buf.length;
    const from = this.pos;
    let close = buf.lastIndexOf(0x7d);
    for (let attempt = 0; attempt < FAST_ATTEMPTS && close > from; attempt++) {
      // A candidate looks like the seam between two events: '}', ',', '{' with only blanks between. (A '}' followed
      // by ',' alone is common inside kernel names: `{lambda()#1}, at::...`.)
      let comma = -1;
      while (close > from) {
        let q = close + 1;
        while (q < n && isBlank(buf[q])) q++;
        if (q < n && buf[q] === 0x2c) {
          let r = q + 1;
          while (r < n && isBlank(buf[r])) r++;
          if (r < n && buf[r] === 0x7b) {
            comma = q;
            break;
          }
        }
        close = buf.lastIndexOf(0x7d, close - 1);
      }
      if (comma < 0) return this.noFastPath();
      let values: unknown;
      try {
        values = JSON.parse(`[${buf.toString('utf8', from, close + 1)}]`);
      } catch {
        close = buf.lastIndexOf(0x7d, close - 1);
        continue;
      }
      const list = values as unknown[];
      // A non-object element is the exact scanner's to report, with its offset.
      for (const value of list) if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.noFastPath();
      this.sink.events(list, this.base + from);
      this.pos = comma;
      this.state = ITEM_NEXT;
      return true;
    }
    return this.noFastPath();
  }

  /** The exact scanner takes the rest of this chunk: retrying the same failing cuts at every event would be quadratic. */
  private noFastPath(): false {
    this.fastBlocked = true;
    return false;
  }
}
