// The names at an HDF5 file's root (its attributes and its links), read from the superblock and the root object
// header with a few small reads. Deciding whether a .h5 holds a Keras model needs only these names, and this costs
// a millisecond where loading the HDF5 library (h5wasm, 5.6 MB of WebAssembly) costs far more.
// Layout: https://docs.hdfgroup.org/hdf5/develop/_f_m_t3.html (superblock v0-v3, object header v1-v2, local heap).
import { FormatError } from '../formatError';
import { isHdf5 } from '../keras/kerasDetect';
import type { ModelFile } from './modelFile';

/** What the root group lists. */
export interface Hdf5RootNames {
  attributes: string[];
  links: string[];
  /** False when some names are stored where this reader does not look (dense storage in a fractal heap, shared messages): a name missing from the lists then proves nothing. */
  complete: boolean;
}

const MESSAGE_LINK_INFO = 0x02;
const MESSAGE_LINK = 0x06;
const MESSAGE_ATTRIBUTE = 0x0c;
const MESSAGE_CONTINUATION = 0x10;
const MESSAGE_SYMBOL_TABLE = 0x11;
const MESSAGE_ATTRIBUTE_INFO = 0x15;
/** A damaged file cannot make this read more than this many header bytes or follow more continuation blocks. */
const MAX_READ_BYTES = 4 << 20;
const MAX_BLOCKS = 256;
/** The local heap's "no free block" offset (H5HL_FREE_NULL). */
const FREE_NULL = 1;

interface Block {
  offset: number;
  length: number;
}

/** Reads the root group's attribute and link names; a malformed file raises a FormatError naming the offset. */
export function readHdf5RootNames(file: ModelFile): Hdf5RootNames {
  return new RootReader(file).read();
}

class RootReader {
  private offsetSize = 8;
  private lengthSize = 8;
  private base = 0;
  private budget = MAX_READ_BYTES;
  /** Where each buffer read (or cut from one) starts in the file, so that errors name file offsets. */
  private readonly origins = new WeakMap<Buffer, number>();
  private readonly names: Hdf5RootNames = { attributes: [], links: [], complete: true };

  constructor(private readonly file: ModelFile) {}

  read(): Hdf5RootNames {
    const superblock = this.bytes(0, Math.min(this.file.size, 96), 'HDF5 superblock');
    if (!isHdf5(superblock)) this.fail(0, 'not an HDF5 file: expected the signature \\x89HDF\\r\\n\\x1a\\n');
    const version = superblock[8];
    let rootHeader: number | undefined;
    if (version === 0 || version === 1) {
      this.setSizes(superblock[13], superblock[14]);
      // v1 adds the indexed-storage K and 2 reserved bytes before the addresses.
      const addresses = version === 0 ? 24 : 28;
      this.base = this.address(superblock, addresses) ?? 0;
      // Root symbol table entry after base, free-space, end-of-file and driver addresses: link name offset, then the header.
      rootHeader = this.address(superblock, addresses + 5 * this.offsetSize);
    } else if (version === 2 || version === 3) {
      this.setSizes(superblock[9], superblock[10]);
      this.base = this.address(superblock, 12) ?? 0;
      rootHeader = this.address(superblock, 12 + 3 * this.offsetSize);
    } else {
      this.fail(8, `HDF5 superblock version ${version}: expected 0 to 3`);
    }
    if (rootHeader === undefined) this.fail(8, 'HDF5 superblock has no root group object header address');
    this.readObjectHeader(this.base + rootHeader);
    return this.names;
  }

  private readObjectHeader(at: number): void {
    const prefix = this.bytes(at, Math.min(16, this.file.size - at), 'root object header');
    const blocks: Block[] = [];
    let v2 = false;
    if (prefix.toString('latin1', 0, 4) === 'OHDR') {
      v2 = true;
      const flags = prefix[5];
      let p = 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
      const width = 1 << (flags & 0x03);
      const head = this.bytes(at, p + width, 'root object header');
      const chunkSize = this.unsigned(head, p, width);
      p += width;
      blocks.push({ offset: at + p, length: chunkSize });
    } else if (prefix[0] === 1) {
      // Version, reserved, message count (2), reference count (4), header size (4), then padding to 16.
      blocks.push({ offset: at + 16, length: prefix.readUInt32LE(8) });
    } else {
      this.fail(at, `root object header version ${prefix[0]}: expected 1 or the OHDR signature of version 2`);
    }
    for (let index = 0; index < blocks.length; index++) {
      if (index >= MAX_BLOCKS) this.fail(blocks[index].offset, `root object header continues over more than ${MAX_BLOCKS} blocks`);
      this.readMessages(blocks[index], v2, blocks, v2 && prefix[5] & 0x04 ? 2 : 0);
    }
  }

  /** Walks one block of header messages; continuation messages append blocks. */
  private readMessages(block: Block, v2: boolean, blocks: Block[], creationOrderBytes: number): void {
    let data = this.bytes(block.offset, block.length, 'object header messages');
    let start = 0;
    let end = data.length;
    if (v2 && blocks[0] !== block) {
      if (data.toString('latin1', 0, 4) !== 'OCHK') this.fail(block.offset, 'object header continuation block without the OCHK signature');
      start = 4;
      end -= 4; // checksum
    }
    data = data.subarray(0, end);
    const headerSize = v2 ? 4 + creationOrderBytes : 8;
    for (let p = start; p + headerSize <= data.length; ) {
      const type = v2 ? data[p] : data.readUInt16LE(p);
      const size = v2 ? data.readUInt16LE(p + 1) : data.readUInt16LE(p + 2);
      const flags = v2 ? data[p + 3] : data[p + 4];
      const body = p + headerSize;
      if (body + size > data.length) this.fail(block.offset + p, `header message of type ${type} (${size} bytes) runs past its block`);
      const message = data.subarray(body, body + size);
      this.origins.set(message, block.offset + body);
      this.message(type, flags, message, block.offset + body, blocks);
      p = body + size;
    }
  }

  private message(type: number, flags: number, body: Buffer, at: number, blocks: Block[]): void {
    // A shared message holds a reference to the object header that stores it, not the message itself.
    if (flags & 0x02 && (type === MESSAGE_ATTRIBUTE || type === MESSAGE_LINK)) {
      this.names.complete = false;
      return;
    }
    switch (type) {
      case MESSAGE_CONTINUATION: {
        const offset = this.address(body, 0);
        if (offset !== undefined) blocks.push({ offset: this.base + offset, length: this.unsigned(body, this.offsetSize, this.lengthSize) });
        return;
      }
      case MESSAGE_ATTRIBUTE: {
        // Versions 1 and 2: name at 8 (v1 pads it to 8 bytes); version 3 adds a character-set byte before it.
        const nameSize = body.readUInt16LE(2);
        const nameStart = body[0] === 3 ? 9 : 8;
        if (nameStart + nameSize > body.length) this.fail(at, `attribute name of ${nameSize} bytes runs past its message`);
        this.names.attributes.push(cString(body, nameStart, nameStart + nameSize));
        return;
      }
      case MESSAGE_LINK: {
        const linkFlags = body[1];
        let p = 2 + (linkFlags & 0x08 ? 1 : 0) + (linkFlags & 0x04 ? 8 : 0) + (linkFlags & 0x10 ? 1 : 0);
        const width = 1 << (linkFlags & 0x03);
        const length = this.unsigned(body, p, width);
        p += width;
        if (p + length > body.length) this.fail(at, `link name of ${length} bytes runs past its message`);
        this.names.links.push(body.toString('utf8', p, p + length));
        return;
      }
      case MESSAGE_SYMBOL_TABLE:
        this.readLocalHeapNames(this.address(body, this.offsetSize));
        return;
      case MESSAGE_ATTRIBUTE_INFO:
      case MESSAGE_LINK_INFO: {
        // Dense storage: names live in a fractal heap, which this reader does not walk.
        const heapAt = type === MESSAGE_ATTRIBUTE_INFO ? 2 + (body[1] & 0x01 ? 2 : 0) : 2 + (body[1] & 0x01 ? 8 : 0);
        if (this.address(body, heapAt) !== undefined) this.names.complete = false;
        return;
      }
      default:
    }
  }

  /** An old-style group's link names are the strings of its local heap, outside the heap's free blocks. */
  private readLocalHeapNames(heapAddress: number | undefined): void {
    if (heapAddress === undefined) return;
    const at = this.base + heapAddress;
    const header = this.bytes(at, 8 + 2 * this.lengthSize + this.offsetSize, 'local heap header');
    if (header.toString('latin1', 0, 4) !== 'HEAP') this.fail(at, 'root group local heap without the HEAP signature');
    const dataSize = this.unsigned(header, 8, this.lengthSize);
    const freeHead = this.unsigned(header, 8 + this.lengthSize, this.lengthSize);
    const dataAt = this.address(header, 8 + 2 * this.lengthSize);
    if (dataAt === undefined) return;
    const data = this.bytes(this.base + dataAt, dataSize, 'local heap data');
    const free: Block[] = [];
    for (let offset = freeHead; offset !== FREE_NULL && offset + 2 * this.lengthSize <= data.length && free.length < MAX_BLOCKS; ) {
      free.push({ offset, length: this.unsigned(data, offset + this.lengthSize, this.lengthSize) });
      offset = this.unsigned(data, offset, this.lengthSize);
    }
    for (let p = 0; p < data.length; ) {
      const freeBlock = free.find((block) => p >= block.offset && p < block.offset + block.length);
      if (freeBlock) {
        p = freeBlock.offset + Math.max(freeBlock.length, 8);
        continue;
      }
      const end = data.indexOf(0, p);
      const stop = end < 0 ? data.length : end;
      if (stop > p) this.names.links.push(data.toString('utf8', p, stop));
      // The heap hands out 8-byte-aligned pieces.
      p = Math.ceil((stop + 1) / 8) * 8;
    }
  }

  private setSizes(offsetSize: number, lengthSize: number): void {
    if (![2, 4, 8].includes(offsetSize) || ![2, 4, 8].includes(lengthSize)) this.fail(13, `HDF5 superblock sizes of offsets ${offsetSize} and lengths ${lengthSize}: expected 2, 4 or 8`);
    this.offsetSize = offsetSize;
    this.lengthSize = lengthSize;
  }

  /** A file address, or undefined for the all-ones "undefined address". */
  private address(bytes: Buffer, at: number): number | undefined {
    if (at + this.offsetSize > bytes.length) this.fail(this.fileOffset(bytes, at), 'address runs past the end of its header field');
    if (bytes.subarray(at, at + this.offsetSize).every((byte) => byte === 0xff)) return undefined;
    return this.unsigned(bytes, at, this.offsetSize);
  }

  private unsigned(bytes: Buffer, at: number, width: number): number {
    if (at + width > bytes.length) this.fail(this.fileOffset(bytes, at), `${width}-byte field runs past the end of its header`);
    const value = width === 8 ? Number(bytes.readBigUInt64LE(at)) : bytes.readUIntLE(at, width);
    if (!Number.isSafeInteger(value)) this.fail(this.fileOffset(bytes, at), `field value ${value} is out of range`);
    return value;
  }

  private bytes(offset: number, length: number, what: string): Buffer {
    this.budget -= length;
    if (this.budget < 0) this.fail(offset, `reading the root group's names would take more than ${MAX_READ_BYTES} bytes of headers`);
    const bytes = this.file.readSync(offset, length, what);
    this.origins.set(bytes, offset);
    return bytes;
  }

  private fileOffset(bytes: Buffer, at: number): number {
    return (this.origins.get(bytes) ?? 0) + at;
  }

  private fail(offset: number, detail: string): never {
    throw new FormatError(this.file.path, detail, { offset });
  }
}

/** A NUL-terminated or NUL-padded string. */
function cString(bytes: Buffer, start: number, end: number): string {
  const nul = bytes.indexOf(0, start);
  return bytes.toString('utf8', start, nul >= 0 && nul < end ? nul : end);
}
