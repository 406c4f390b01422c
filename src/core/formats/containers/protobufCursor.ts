// A protobuf wire cursor over a file read in windows (the ONNX and Caffe readers): a model file can hold
// gigabytes of tensor bytes inside one message, so a reader walks field by field and jumps over payloads it does
// not need instead of decoding the whole message. Varints and lengths are read with protobufjs's Reader on the
// current window.
import * as protobuf from 'protobufjs/minimal';
import { FormatError } from '../formatError';
import type { ModelFile } from './modelFile';

/** Wire types of the protobuf encoding. */
export const Wire = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

/** A field header: number and wire type, plus where it started (for error messages). */
export interface FieldTag {
  field: number;
  wire: number;
  at: number;
}

interface LongLike {
  toNumber(): number;
}

/** Largest window; payloads above it are read on their own. */
const WINDOW_BYTES = 1024 * 1024;
/** First window after a jump: enough for the next tensor's header, small because another jump follows. */
const JUMP_WINDOW_BYTES = 1024;

/** Reads protobuf fields at absolute file offsets; every read is bounded by the enclosing message's end. */
export class ProtobufCursor {
  /** Absolute offset of the next byte to read. */
  pos = 0;
  /** One buffer reused by every window, so walking past gigabytes of tensors allocates nothing. */
  private readonly buffer = Buffer.allocUnsafe(WINDOW_BYTES);
  private window: Buffer = this.buffer.subarray(0, 0);
  private windowStart = 0;
  private reader: protobuf.Reader = protobuf.Reader.create(this.window);

  constructor(readonly file: ModelFile) {}

  get size(): number {
    return this.file.size;
  }

  /** Next field header, or an error naming the message being read when the bytes cannot be a field. */
  tag(end: number, message: string): FieldTag {
    const at = this.pos;
    const value = this.varint32(end, `${message} field tag`);
    const field = value >>> 3;
    const wire = value & 7;
    if (field === 0) throw this.error(at, `invalid field number 0 in ${message} (corrupt file or not ONNX)`);
    if (wire !== Wire.Varint && wire !== Wire.Fixed64 && wire !== Wire.Bytes && wire !== Wire.Fixed32) {
      throw this.error(at, `invalid protobuf wire type ${wire} for field ${field} of ${message} (corrupt file or not ONNX)`);
    }
    return { field, wire, at };
  }

  /** An unsigned varint that fits 32 bits (tags, lengths, enums). */
  varint32(end: number, what: string): number {
    const reader = this.prepare(10, end, what);
    try {
      const value = reader.uint32();
      this.pos = this.windowStart + reader.pos;
      return value;
    } catch {
      throw this.error(this.pos, `truncated varint in ${what}`);
    }
  }

  /** A 64-bit varint as a JS number (exact up to 2^53; ONNX dims and offsets stay far below). */
  int64(end: number, what: string): number {
    const reader = this.prepare(10, end, what);
    try {
      const value = reader.int64() as unknown as number | LongLike;
      this.pos = this.windowStart + reader.pos;
      return typeof value === 'number' ? value : value.toNumber();
    } catch {
      throw this.error(this.pos, `truncated varint in ${what}`);
    }
  }

  float(end: number, what: string): number {
    const reader = this.prepare(4, end, what);
    if (reader.len - reader.pos < 4) throw this.error(this.pos, `truncated float in ${what}`);
    const value = reader.float();
    this.pos += 4;
    return value;
  }

  /** Reads a length prefix and checks the payload fits inside `end`; returns the payload's end offset. */
  length(end: number, what: string): number {
    const at = this.pos;
    const length = this.varint32(end, what);
    const payloadEnd = this.pos + length;
    if (payloadEnd > end) {
      const limit = end === this.size ? `the file ends at byte ${this.size} (truncated?)` : `the enclosing message ends at byte ${end}`;
      throw this.error(at, `${what} declares ${length} bytes but ${limit}`);
    }
    return payloadEnd;
  }

  /** The payload bytes [pos, end) as a view valid until the next read; advances past them. */
  bytes(payloadEnd: number, what: string): Uint8Array {
    const length = payloadEnd - this.pos;
    if (length === 0) return new Uint8Array(0);
    if (length > WINDOW_BYTES) {
      const data = this.file.readSync(this.pos, length, what);
      this.pos = payloadEnd;
      return data;
    }
    const reader = this.prepare(length, payloadEnd, what);
    const start = reader.pos;
    this.pos = payloadEnd;
    return this.window.subarray(start, start + length);
  }

  string(payloadEnd: number, what: string): string {
    const length = payloadEnd - this.pos;
    if (length === 0 || length > WINDOW_BYTES) return Buffer.from(this.bytes(payloadEnd, what)).toString('utf8');
    const start = this.prepare(length, payloadEnd, what).pos;
    this.pos = payloadEnd;
    return this.window.toString('utf8', start, start + length);
  }

  /** Skips the value of a field whose header was just read. */
  skip(tag: FieldTag, end: number, message: string): void {
    const what = `field ${tag.field} of ${message}`;
    switch (tag.wire) {
      case Wire.Varint:
        this.int64(end, what);
        return;
      case Wire.Fixed64:
        this.jump(this.pos + 8, end, what);
        return;
      case Wire.Fixed32:
        this.jump(this.pos + 4, end, what);
        return;
      default:
        this.pos = this.length(end, what);
    }
  }

  /** Moves to `target` without reading the bytes in between (tensor payloads). */
  jump(target: number, end: number, what: string): void {
    if (target > end) throw this.error(this.pos, `truncated ${what}: needs bytes up to ${target} but the data ends at ${end}`);
    this.pos = target;
  }

  error(offset: number, detail: string): FormatError {
    return new FormatError(this.file.path, detail, { offset });
  }

  /** Makes up to `want` bytes from `pos` (never past `end`) readable through the returned reader. */
  private prepare(want: number, end: number, what: string): protobuf.Reader {
    const limit = Math.min(end, this.size);
    if (this.pos >= limit) throw this.error(this.pos, `unexpected end of data reading ${what}`);
    const need = Math.min(want, limit - this.pos);
    const windowEnd = this.windowStart + this.window.length;
    if (this.pos < this.windowStart || this.pos + need > windowEnd) {
      // Sequential reads (nodes, value infos) get growing windows; a read after a jump a small one.
      const sequential = this.pos >= this.windowStart && this.pos <= windowEnd && this.window.length > 0;
      const wanted = sequential ? Math.min(WINDOW_BYTES, this.window.length * 2) : JUMP_WINDOW_BYTES;
      const length = Math.min(Math.max(wanted, need), this.size - this.pos);
      this.file.readSyncInto(this.buffer, this.pos, length, what);
      this.window = this.buffer.subarray(0, length);
      this.windowStart = this.pos;
      this.reader = protobuf.Reader.create(this.window);
    }
    this.reader.pos = this.pos - this.windowStart;
    this.reader.len = Math.min(this.window.length, limit - this.windowStart);
    return this.reader;
  }
}
