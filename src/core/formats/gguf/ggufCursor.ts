// A forward cursor over a GGUF file's header: little-endian scalars and length-prefixed strings read through a
// window, so a metadata section of many megabytes (a 256k-token vocabulary) is walked without loading the file.
// Every count and length is checked against the bytes left in the file before anything is allocated.
import { FormatError } from '../formatError';
import type { ModelFile } from '../containers/modelFile';

const WINDOW = 1 << 20;

/** Reads GGUF header fields in order; `wide` counts (u64) from version 2 on, u32 in version 1. */
export class GgufCursor {
  private storage = Buffer.alloc(0);
  private window = Buffer.alloc(0);
  private windowStart = 0;
  /** Absolute offset of the next byte. */
  offset: number;
  wide = true;

  constructor(
    private readonly file: ModelFile,
    start: number,
  ) {
    this.offset = start;
  }

  get remaining(): number {
    return this.file.size - this.offset;
  }

  /** A FormatError at the current offset (or `at`). */
  error(detail: string, at = this.offset): FormatError {
    return new FormatError(this.file.path, detail, { offset: at });
  }

  /** `length` bytes at the cursor, advancing past them; the view is valid until the next read. */
  bytes(length: number, what: string): Uint8Array {
    if (length > this.remaining) throw this.error(`unexpected end of file: ${what} needs ${length} bytes but ${this.remaining} are left (truncated?)`);
    if (length > WINDOW) {
      const direct = this.file.readSync(this.offset, length, what);
      this.offset += length;
      return direct;
    }
    const end = this.windowStart + this.window.length;
    if (this.offset < this.windowStart || this.offset + length > end) {
      const size = Math.min(WINDOW, this.file.size - this.offset);
      if (this.storage.length < size) this.storage = Buffer.allocUnsafe(WINDOW);
      this.file.readSyncInto(this.storage, this.offset, size, what);
      this.windowStart = this.offset;
      this.window = this.storage.subarray(0, size);
    }
    const start = this.offset - this.windowStart;
    this.offset += length;
    return this.window.subarray(start, start + length);
  }

  /** Moves past `length` bytes without reading them (fixed-size array items). */
  skip(length: number, what: string): void {
    if (length > this.remaining) throw this.error(`unexpected end of file: ${what} needs ${length} bytes but ${this.remaining} are left (truncated?)`);
    this.offset += length;
  }

  private view(length: number, what: string): DataView {
    const bytes = this.bytes(length, what);
    return new DataView(bytes.buffer, bytes.byteOffset, length);
  }

  u8(what: string): number {
    return this.view(1, what).getUint8(0);
  }

  u32(what: string): number {
    return this.view(4, what).getUint32(0, true);
  }

  /** A u64 as a number; larger than 2^53 is refused (no offset, count or length in a real file is). */
  u64(what: string): number {
    const at = this.offset;
    const value = this.view(8, what).getBigUint64(0, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error(`${what} is ${value}, larger than any file`, at);
    return Number(value);
  }

  /** A count or length: u32 in GGUF v1, u64 later. */
  count(what: string): number {
    return this.wide ? this.u64(what) : this.u32(what);
  }

  /** A count of items each at least `minBytes` long, checked against the bytes left. */
  boundedCount(what: string, minBytes: number): number {
    const at = this.offset;
    const count = this.count(what);
    if (count * minBytes > this.remaining) throw this.error(`${what} is ${count}, but only ${this.remaining} bytes are left for them`, at);
    return count;
  }

  /** A length-prefixed UTF-8 string (no terminator). */
  string(what: string): string {
    const length = this.boundedCount(`${what} length`, 1);
    return Buffer.from(this.bytes(length, what)).toString('utf8');
  }

  /** Skips a string, returning where its bytes start and how long it is (tokens read back later by id). */
  skipString(what: string): { offset: number; length: number } {
    const length = this.boundedCount(`${what} length`, 1);
    const offset = this.offset;
    this.skip(length, what);
    return { offset, length };
  }
}
