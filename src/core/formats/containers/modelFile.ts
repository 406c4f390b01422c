// Random-access reads of a model file: format readers ask for byte ranges and never load a
// whole multi-gigabyte file to find a header or a tensor table.
import * as fs from 'node:fs';
import { fileErrorText } from '../../display/fileErrorText';
import { FormatError } from '../formatError';

// What the common open(2) failures mean, in words (the code stays beside them for searches).

/** An open model file read by byte range; reads past the end raise a FormatError naming the offset. */
export class ModelFile {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** Opens `path` for reading; a missing or unreadable file becomes a FormatError. */
  static open(path: string): ModelFile {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (error) {
      throw new FormatError(path, `cannot open file: ${fileErrorText(error)}`);
    }
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      fs.closeSync(fd);
      throw new FormatError(path, 'not a regular file');
    }
    return new ModelFile(path, fd, stat.size);
  }

  /** Runs `body` with the file open and closes it afterwards, also on error. */
  static async with<T>(path: string, body: (file: ModelFile) => Promise<T> | T): Promise<T> {
    const file = ModelFile.open(path);
    try {
      return await body(file);
    } finally {
      file.close();
    }
  }

  /** Reads exactly `length` bytes at `offset`, asynchronously (fs.read). */
  async read(offset: number, length: number, what = 'data'): Promise<Buffer> {
    this.checkRange(offset, length, what);
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await new Promise<{ bytesRead: number }>((resolve, reject) =>
        fs.read(this.fd, buffer, done, length - done, offset + done, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead }))),
      );
      if (bytesRead === 0) throw this.truncated(offset + done, length - done, what);
      done += bytesRead;
    }
    return buffer;
  }

  /** Reads exactly `length` bytes at `offset` on the calling thread; for parsers that walk many small fields. */
  readSync(offset: number, length: number, what = 'data'): Buffer {
    this.checkRange(offset, length, what);
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const bytesRead = fs.readSync(this.fd, buffer, done, length - done, offset + done);
      if (bytesRead === 0) throw this.truncated(offset + done, length - done, what);
      done += bytesRead;
    }
    return buffer;
  }

  /** Reads exactly `length` bytes at `offset` into `target` (reused by callers that walk in windows). */
  readSyncInto(target: Uint8Array, offset: number, length: number, what = 'data'): void {
    this.checkRange(offset, length, what);
    if (length > target.length) throw new RangeError(`read of ${length} bytes into a ${target.length}-byte buffer`);
    let done = 0;
    while (done < length) {
      const bytesRead = fs.readSync(this.fd, target, done, length - done, offset + done);
      if (bytesRead === 0) throw this.truncated(offset + done, length - done, what);
      done += bytesRead;
    }
  }

  /** Up to `length` bytes from the start (fewer for a short file); used for magic-byte detection. */
  head(length: number): Buffer {
    return this.readSync(0, Math.min(length, this.size), 'file header');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private checkRange(offset: number, length: number, what: string): void {
    if (this.closed) throw new Error(`ModelFile ${this.path} is closed`);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new FormatError(this.path, `invalid range for ${what}: offset ${offset}, length ${length}`, { offset });
    }
    if (offset + length > this.size) throw this.truncated(offset, length, what);
  }

  private truncated(offset: number, length: number, what: string): FormatError {
    return new FormatError(this.path, `unexpected end of file: ${what} needs ${length} bytes at offset ${offset} but the file has ${this.size} bytes (truncated?)`, { offset });
  }
}
