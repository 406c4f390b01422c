// Zip archives read by random access: the central directory is found from the end of the file
// (EOCD, zip64), and only small entries (pickles, code, JSON) are ever inflated. Large stored
// entries such as PyTorch storages are located, never read.
import { inflateRawSync } from 'node:zlib';
import { FormatError } from '../formatError';
import type { ModelFile } from './modelFile';

/** One member of a zip archive as the central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate; anything else is reported as unsupported when read. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;
/** Entries larger than this are never inflated into memory (a summary only needs small members). */
export const MAX_INFLATE_BYTES = 256 * 1024 * 1024;

/** An opened zip archive; entries are listed from the central directory, data read on demand. */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    readonly file: ModelFile,
    readonly entries: readonly ZipEntry[],
  ) {
    for (const entry of entries) this.byName.set(entry.name, entry);
  }

  /** True when the bytes start like a zip file (a local header or an empty archive's EOCD). */
  static looksLikeZip(head: Uint8Array): boolean {
    if (head.length < 4) return false;
    const signature = (head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24)) >>> 0;
    return signature === LOCAL_SIGNATURE || signature === EOCD_SIGNATURE;
  }

  /** Reads the central directory; a file without one raises a FormatError naming the file. */
  static async open(file: ModelFile): Promise<ZipArchive> {
    const reads = readCentralDirectory(file);
    let step = reads.next();
    while (!step.done) step = reads.next(await file.read(step.value.offset, step.value.length, step.value.what));
    return new ZipArchive(file, step.value);
  }

  /** The same, with blocking reads: for format detection, which reads a few KiB at the end of the file. */
  static openSync(file: ModelFile): ZipArchive {
    const reads = readCentralDirectory(file);
    let step = reads.next();
    while (!step.done) step = reads.next(file.readSync(step.value.offset, step.value.length, step.value.what));
    return new ZipArchive(file, step.value);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** The byte offset of an entry's data in the archive file (after its local header). */
  async dataOffset(entry: ZipEntry): Promise<number> {
    const header = await this.file.read(entry.localHeaderOffset, 30, `local header of ${entry.name}`);
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
      throw new FormatError(this.file.path, `expected a zip local header signature at ${entry.localHeaderOffset}`, { entry: entry.name });
    }
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.file.size) {
      throw new FormatError(this.file.path, `entry data (${entry.compressedSize} bytes at ${start}) lies past the end of the ${this.file.size}-byte file (truncated?)`, { entry: entry.name });
    }
    return start;
  }

  /** Reads and, where needed, inflates one entry; refuses entries over `maxBytes`. */
  async read(entry: ZipEntry, maxBytes = MAX_INFLATE_BYTES): Promise<Buffer> {
    const where = { entry: entry.name };
    if (entry.encrypted) throw new FormatError(this.file.path, 'entry is encrypted', where);
    if (entry.size > maxBytes) throw new FormatError(this.file.path, `entry is ${entry.size} bytes, more than the ${maxBytes} bytes read for a summary`, where);
    const start = await this.dataOffset(entry);
    const raw = await this.file.read(start, entry.compressedSize, `data of ${entry.name}`);
    if (entry.method === 0) return raw;
    if (entry.method !== 8) throw new FormatError(this.file.path, `unsupported zip compression method ${entry.method} (expected 0 stored or 8 deflate)`, where);
    try {
      const data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
      if (data.length !== entry.size) throw new Error(`inflated to ${data.length} bytes, expected ${entry.size}`);
      return data;
    } catch (error) {
      throw new FormatError(this.file.path, `corrupt deflate data: ${(error as Error).message}`, where);
    }
  }

  /** Reads an entry as UTF-8 text. */
  async readText(entry: ZipEntry, maxBytes = MAX_INFLATE_BYTES): Promise<string> {
    return (await this.read(entry, maxBytes)).toString('utf8');
  }
}

/** A read the directory walk asks for; the caller answers with the bytes, synchronously or not. */
interface ZipRead {
  offset: number;
  length: number;
  what: string;
}

/** Finds the end-of-central-directory record (zip64 too) and parses the directory, one requested read at a time. */
function* readCentralDirectory(file: ModelFile): Generator<ZipRead, ZipEntry[], Buffer> {
  const tailLength = Math.min(file.size, 22 + MAX_COMMENT + 20);
  if (file.size < 22) throw new FormatError(file.path, `not a zip archive: ${file.size} bytes is shorter than an end-of-central-directory record (22 bytes)`, { offset: 0 });
  const tailStart = file.size - tailLength;
  const tail = yield { offset: tailStart, length: tailLength, what: 'zip end of central directory' };
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new FormatError(file.path, 'not a zip archive or truncated: no end-of-central-directory record in the last 64 KiB', { offset: tailStart });
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) {
    const recordOffset = readUInt64(tail, eocd - 20 + 8, file.path, tailStart + eocd - 12);
    const record = yield { offset: recordOffset, length: 56, what: 'zip64 end of central directory' };
    if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new FormatError(file.path, 'zip64 locator points to a record without the zip64 end-of-central-directory signature', { offset: recordOffset });
    count = readUInt64(record, 32, file.path, recordOffset + 32);
    directorySize = readUInt64(record, 40, file.path, recordOffset + 40);
    directoryOffset = readUInt64(record, 48, file.path, recordOffset + 48);
  }
  if (directoryOffset + directorySize > file.size) {
    throw new FormatError(file.path, `zip central directory (${directorySize} bytes at ${directoryOffset}) lies past the end of the ${file.size}-byte file (truncated?)`, { offset: directoryOffset });
  }
  const directory = yield { offset: directoryOffset, length: directorySize, what: 'zip central directory' };
  return parseDirectory(directory, count, directoryOffset, file.path);
}

function parseDirectory(directory: Buffer, count: number, base: number, path: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new FormatError(path, `expected central directory entry ${i + 1} of ${count}`, { offset: base + at });
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) throw new FormatError(path, `central directory entry ${i + 1} runs past the directory`, { offset: base + at });
    const entry: ZipEntry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      encrypted: (directory.readUInt16LE(at + 8) & 1) !== 0,
    };
    applyZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), path, base + at);
    entries.push(entry);
    at = end;
  }
  return entries;
}

/** Replaces 0xFFFFFFFF size and offset fields with the values of the zip64 extra field (id 1). */
function applyZip64Extra(entry: ZipEntry, extra: Buffer, path: string, offset: number): void {
  const MAX32 = 0xffffffff;
  if (entry.size !== MAX32 && entry.compressedSize !== MAX32 && entry.localHeaderOffset !== MAX32) return;
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length) throw new FormatError(path, `zip64 extra field of ${entry.name} is too short`, { offset });
        const value = readUInt64(extra, field, path, offset);
        field += 8;
        return value;
      };
      if (entry.size === MAX32) entry.size = next();
      if (entry.compressedSize === MAX32) entry.compressedSize = next();
      if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
  throw new FormatError(path, `entry ${entry.name} needs a zip64 extra field but has none`, { offset });
}

function readUInt64(buffer: Buffer, at: number, path: string, offset: number): number {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError(path, `64-bit zip field ${value} is too large`, { offset });
  return Number(value);
}
