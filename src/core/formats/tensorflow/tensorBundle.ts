// variables/variables.index: a TensorBundle index, i.e. a LevelDB-format table (table/format.cc) whose
// keys are tensor names and whose values are BundleEntryProto (the empty key holds BundleHeaderProto).
// It says where each variable's bytes are in variables.data-NNNNN-of-MMMMM; those files are never read.
import * as nodePath from 'node:path';
import type { TensorRef } from '../../ir/graph';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import { tfTypes, toNumber, type BundleEntryMsg } from './tfSchema';
import { tfDtype, tfShape } from './tfValues';
import { snappyDecompress } from './snappy';

const FOOTER_BYTES = 48;
const MAGIC = 0xdb4775248b80fb57n;
/** Index files hold names and small protos; one larger than this is refused rather than read. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

/** One variable of the bundle. */
export interface BundleVariable {
  name: string;
  dtype: string;
  shape: number[] | undefined;
  /** Where the bytes are, in the shard file; undefined for partitioned (sliced) variables. */
  ref?: TensorRef;
  shard: number;
}

/** The variables of a bundle and its header. */
export interface Bundle {
  numShards: number;
  variables: BundleVariable[];
}

/** Reads `<prefix>.index` (e.g. variables/variables.index) and returns every entry in key order. */
export async function readBundleIndex(indexPath: string): Promise<Bundle> {
  const data = await ModelFile.with(indexPath, async (file) => {
    if (file.size < FOOTER_BYTES) throw new FormatError(indexPath, `a tensor bundle index needs a ${FOOTER_BYTES}-byte table footer but the file has ${file.size} bytes`, { offset: 0 });
    if (file.size > MAX_INDEX_BYTES) throw new FormatError(indexPath, `index is ${file.size} bytes, more than the ${MAX_INDEX_BYTES} a tensor bundle index can be`);
    return file.read(0, file.size, 'tensor bundle index');
  });
  const table = new TableReader(indexPath, data);
  const prefix = indexPath.replace(/\.index$/, '');
  let numShards = 1;
  const variables: BundleVariable[] = [];
  const types = tfTypes();
  for (const { key, value, at } of table.entries()) {
    const decode = <T>(type: typeof types.BundleEntryProto, what: string): T => {
      try {
        return type.decode(value) as unknown as T;
      } catch (error) {
        throw new FormatError(indexPath, `${what} for key '${key}' cannot be decoded: ${(error as Error).message}`, { offset: at });
      }
    };
    if (key === '') {
      numShards = decode<{ numShards?: number }>(types.BundleHeaderProto, 'BundleHeaderProto').numShards ?? 1;
      continue;
    }
    const entry = decode<BundleEntryMsg>(types.BundleEntryProto, 'BundleEntryProto');
    const dtype = tfDtype(entry.dtype ?? 0);
    const dims = tfShape(entry.shape);
    const shape = dims?.every((dim): dim is number => typeof dim === 'number') ? dims : undefined;
    const shard = entry.shardId ?? 0;
    const variable: BundleVariable = { name: key, dtype, shape, shard };
    if ((entry.slices ?? []).length === 0 && shape) {
      const file = `${prefix}.data-${String(shard).padStart(5, '0')}-of-${String(numShards).padStart(5, '0')}`;
      variable.ref = { dtype, shape, file: nodePath.resolve(file), offset: toNumber(entry.offset), byteLength: toNumber(entry.size) };
    }
    variables.push(variable);
  }
  return { numShards, variables };
}

/** A LevelDB table held in memory: footer -> index block -> data blocks of prefix-compressed keys. */
class TableReader {
  constructor(
    private readonly path: string,
    private readonly data: Buffer,
  ) {}

  *entries(): Generator<{ key: string; value: Uint8Array; at: number }> {
    const footerAt = this.data.length - FOOTER_BYTES;
    const magic = this.data.readBigUInt64LE(this.data.length - 8);
    if (magic !== MAGIC) throw this.error(this.data.length - 8, `table magic 0x${magic.toString(16)} is not LevelDB's 0xdb4775248b80fb57: not a tensor bundle index`);
    const footer = { pos: footerAt };
    this.handle(footer, footerAt + FOOTER_BYTES); // metaindex: unused
    const index = this.handle(footer, footerAt + FOOTER_BYTES);
    for (const entry of this.block(index.offset, index.size, 'index block')) {
      const cursor = { pos: 0 };
      const handle = readHandle(entry.value, cursor, () => this.error(entry.at, 'index entry holds a truncated block handle'));
      yield* this.block(handle.offset, handle.size, `data block at ${handle.offset}`);
    }
  }

  private handle(cursor: { pos: number }, end: number): { offset: number; size: number } {
    const view = this.data.subarray(cursor.pos, end);
    const local = { pos: 0 };
    const handle = readHandle(view, local, () => this.error(cursor.pos, 'table footer holds a truncated block handle'));
    cursor.pos += local.pos;
    return handle;
  }

  private *block(offset: number, size: number, what: string): Generator<{ key: string; value: Uint8Array; at: number }> {
    // A block is followed by a 5-byte trailer: compression type and a masked CRC32C.
    if (offset + size + 5 > this.data.length - FOOTER_BYTES) throw this.error(offset, `${what} of ${size} bytes runs past the table's data`);
    const compression = this.data[offset + size];
    let block: Uint8Array = this.data.subarray(offset, offset + size);
    if (compression === 1) {
      try {
        block = snappyDecompress(block, MAX_INDEX_BYTES);
      } catch (error) {
        throw this.error(offset, `${what}: ${(error as Error).message}`);
      }
    } else if (compression !== 0) {
      throw this.error(offset + size, `${what} uses compression type ${compression}; only 0 (none) and 1 (snappy) are defined`);
    }
    if (block.length < 4) throw this.error(offset, `${what} is too short for its restart count`);
    const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const restarts = view.getUint32(block.length - 4, true);
    const end = block.length - 4 - 4 * restarts;
    if (end < 0) throw this.error(offset, `${what} declares ${restarts} restart points, more than fit in ${block.length} bytes`);
    const cursor = { pos: 0 };
    let key = Buffer.alloc(0);
    const fail = () => this.error(offset, `${what} holds a truncated entry at byte ${cursor.pos} of the block`);
    while (cursor.pos < end) {
      const at = offset + cursor.pos;
      const shared = readVarint(block, cursor, fail);
      const unshared = readVarint(block, cursor, fail);
      const length = readVarint(block, cursor, fail);
      if (shared > key.length || cursor.pos + unshared + length > end) throw fail();
      key = Buffer.concat([key.subarray(0, shared), block.subarray(cursor.pos, cursor.pos + unshared)]);
      cursor.pos += unshared;
      const value = block.subarray(cursor.pos, cursor.pos + length);
      cursor.pos += length;
      yield { key: key.toString('utf8'), value, at };
    }
  }

  private error(offset: number, detail: string): FormatError {
    return new FormatError(this.path, detail, { offset });
  }
}

function readVarint(bytes: Uint8Array, cursor: { pos: number }, fail: () => Error): number {
  let result = 0;
  for (let shift = 0; shift < 64; shift += 7) {
    if (cursor.pos >= bytes.length) throw fail();
    const byte = bytes[cursor.pos++];
    result += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      if (!Number.isSafeInteger(result)) throw fail();
      return result;
    }
  }
  throw fail();
}

function readHandle(bytes: Uint8Array, cursor: { pos: number }, fail: () => Error): { offset: number; size: number } {
  return { offset: readVarint(bytes, cursor, fail), size: readVarint(bytes, cursor, fail) };
}
