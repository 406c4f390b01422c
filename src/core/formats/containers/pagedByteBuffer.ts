// The flatbuffers runtime's ByteBuffer over a file read in pages: a TFLite file is one flatbuffer
// whose weights sit inside it, so only the pages the reader touches (tables, shapes, names) are
// read, never the weight bytes between them. Every read is bounds-checked: a table offset that
// points past the end becomes a FormatError naming the offset, not a silent undefined.
import { ByteBuffer } from 'flatbuffers';
import { FormatError } from '../formatError';
import type { ModelFile } from './modelFile';

const PAGE_BYTES = 64 * 1024;
const MAX_PAGES = 64;

/** A read-only ByteBuffer whose bytes come from `file` on demand; `capacity()` is the file size. */
export class PagedByteBuffer extends ByteBuffer {
  private readonly pages = new Map<number, Buffer>();
  private readonly decoder = new TextDecoder();

  constructor(readonly file: ModelFile) {
    super(new Uint8Array(0));
  }

  override capacity(): number {
    return this.file.size;
  }

  /** Throws unless `width` bytes at `offset` lie inside the file. */
  check(offset: number, width: number, what = 'flatbuffer field'): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || width < 0 || offset + width > this.file.size) {
      throw new FormatError(this.file.path, `${what}: ${width} bytes at offset ${offset} lie outside the ${this.file.size}-byte file (corrupt flatbuffer offset)`, { offset: Number.isSafeInteger(offset) ? offset : 0 });
    }
  }

  override readUint8(offset: number): number {
    this.check(offset, 1);
    return this.page(Math.floor(offset / PAGE_BYTES))[offset % PAGE_BYTES];
  }

  override readInt8(offset: number): number {
    return (this.readUint8(offset) << 24) >> 24;
  }

  override readUint16(offset: number): number {
    return this.readUint8(offset) | (this.readUint8(offset + 1) << 8);
  }

  override readInt16(offset: number): number {
    return (this.readUint16(offset) << 16) >> 16;
  }

  override readInt32(offset: number): number {
    this.check(offset, 4);
    const inPage = offset % PAGE_BYTES;
    if (inPage <= PAGE_BYTES - 4) return this.page(Math.floor(offset / PAGE_BYTES)).readInt32LE(inPage);
    return this.readUint8(offset) | (this.readUint8(offset + 1) << 8) | (this.readUint8(offset + 2) << 16) | (this.readUint8(offset + 3) << 24);
  }

  override readUint32(offset: number): number {
    return this.readInt32(offset) >>> 0;
  }

  /** `length` bytes at `offset` (names, small metadata buffers); the caller bounds `length`. */
  bytesAt(offset: number, length: number, what: string): Uint8Array {
    this.check(offset, length, what);
    const out = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const at = offset + done;
      const inPage = at % PAGE_BYTES;
      const take = Math.min(length - done, PAGE_BYTES - inPage);
      out.set(this.page(Math.floor(at / PAGE_BYTES)).subarray(inPage, inPage + take), done);
      done += take;
    }
    return out;
  }

  override __string(offset: number): string {
    const start = offset + this.readInt32(offset);
    const length = this.readInt32(start);
    return this.decoder.decode(this.bytesAt(start + 4, Math.max(0, length), 'string'));
  }

  private page(index: number): Buffer {
    const cached = this.pages.get(index);
    if (cached) {
      // Most recently used last, so the first key is the one to drop.
      this.pages.delete(index);
      this.pages.set(index, cached);
      return cached;
    }
    const start = index * PAGE_BYTES;
    const page = this.file.readSync(start, Math.min(PAGE_BYTES, this.file.size - start), 'flatbuffer page');
    if (this.pages.size >= MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(index, page);
    return page;
  }
}
