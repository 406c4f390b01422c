// The GGUF header (ggml/docs/gguf.md): magic, version, tensor and key-value counts, the metadata key-values and
// the tensor infos, up to where the aligned tensor data starts. Tensor data is never read. Big arrays (the
// tokenizer's tokens, scores, merges) keep their type and length and a few leading items; the special tokens'
// strings are read back by id from the tokens array.
import type { ModelFile } from '../containers/modelFile';
import { GgufCursor } from './ggufCursor';
import { ggmlByteSize, ggmlType, type GgmlType } from './ggmlTypes';

/** A scalar metadata value; 64-bit integers past 2^53 stay bigint. */
export type GgufScalar = number | bigint | boolean | string;

/** An array value: its item type and length, with every item for small numeric arrays and the first few otherwise. */
export interface GgufArray {
  itemType: string;
  length: number;
  items: GgufValue[];
}

export type GgufValue = GgufScalar | GgufArray;

/** One metadata key-value with its GGUF value type name. */
export interface GgufEntry {
  type: string;
  value: GgufValue;
}

/** A tensor info: where its data is relative to the data section, in ggml's dims order (fastest first). */
export interface GgufTensorInfo {
  name: string;
  /** ggml's ne[]: the innermost (row) dimension first. */
  dims: number[];
  typeId: number;
  type?: GgmlType;
  /** Offset from the start of the data section. */
  offset: number;
  elements: number;
  /** Undefined for a type this reader does not know. */
  bytes?: number;
}

/** What the header holds. */
export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufEntry>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute offset of the (aligned) tensor data section. */
  dataStart: number;
  /** Bytes up to the end of the tensor infos. */
  headerBytes: number;
  /** Length of tokenizer.ggml.tokens, when present. */
  tokenCount?: number;
  /** Special tokens by role (bos, eos, unknown, ...) from tokenizer.ggml.<role>_token_id. */
  specialTokens: Record<string, { id: number; text: string }>;
  warnings: string[];
}

const VALUE_TYPES = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'bool', 'string', 'array', 'uint64', 'int64', 'float64'];
const SCALAR_BYTES: Record<string, number> = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, bool: 1, uint64: 8, int64: 8, float64: 8 };
/** Numeric arrays up to this length are kept whole (per-layer head counts); longer ones keep their first items. */
const KEEP_NUMERIC = 4096;
const KEEP_ITEMS = 8;
const MAX_DEPTH = 8;
/** ggml tensors have at most 4 dims (GGML_MAX_DIMS); a little room for future files. */
const MAX_DIMS = 8;
const TOKENS_KEY = 'tokenizer.ggml.tokens';

/** Parses the header of an open GGUF file. */
export function readGgufHeader(file: ModelFile): GgufHeader {
  const cursor = new GgufCursor(file, 0);
  const magic = Buffer.from(cursor.bytes(4, 'magic')).toString('latin1');
  if (magic !== 'GGUF') throw cursor.error(`not a GGUF file: expected the magic 'GGUF', found ${JSON.stringify(magic)}`, 0);
  const version = cursor.u32('version');
  if (version === 0 || version > 3) {
    const swapped = ((version & 0xff) << 24) | ((version & 0xff00) << 8) | ((version >>> 8) & 0xff00) | (version >>> 24);
    if (swapped >= 1 && swapped <= 3) throw cursor.error(`big-endian GGUF (version ${swapped}) is not supported: only little-endian files are read`, 4);
    throw cursor.error(`unsupported GGUF version ${version}: expected 1, 2 or 3`, 4);
  }
  cursor.wide = version >= 2;
  const width = cursor.wide ? 8 : 4;
  const tensorCount = cursor.boundedCount('tensor count', width + 4 + 4 + 8);
  const kvCount = cursor.boundedCount('metadata key-value count', width + 4 + 1);
  const warnings: string[] = [];
  const metadata = new Map<string, GgufEntry>();
  let tokens: { start: number; length: number } | undefined;
  for (let i = 0; i < kvCount; i++) {
    const at = cursor.offset;
    const key = cursor.string(`metadata key ${i}`);
    const typeId = cursor.u32(`value type of ${key}`);
    const type = VALUE_TYPES[typeId];
    if (type === undefined) throw cursor.error(`metadata ${JSON.stringify(key)}: unknown value type ${typeId} (expected 0-12)`, cursor.offset - 4);
    if (key === TOKENS_KEY && type === 'array') tokens = { start: cursor.offset, length: 0 };
    const value = readValue(cursor, type, key, 0);
    if (tokens && key === TOKENS_KEY && typeof value === 'object') tokens.length = value.length;
    if (metadata.has(key)) warnings.push(`metadata key ${JSON.stringify(key)} appears twice (at byte ${at}); the last value is kept`);
    metadata.set(key, { type, value });
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) tensors.push(readTensorInfo(cursor, i, warnings));
  const headerBytes = cursor.offset;
  const alignment = alignmentOf(metadata, warnings);
  const dataStart = Math.ceil(headerBytes / alignment) * alignment;
  checkTensors(tensors, dataStart, alignment, file.size, warnings);
  const tokensArray = metadata.get(TOKENS_KEY)?.value as GgufArray | undefined;
  const specialTokens = tokens && tokensArray?.itemType === 'string' ? readSpecialTokens(file, cursor.wide, tokens, metadata) : {};
  return { version, metadata, tensors, alignment, dataStart, headerBytes, tokenCount: tokens?.length, specialTokens, warnings };
}

function readValue(cursor: GgufCursor, type: string, key: string, depth: number): GgufValue {
  switch (type) {
    case 'uint8': return cursor.u8(key);
    case 'int8': return (cursor.u8(key) << 24) >> 24;
    case 'uint16': return bytesView(cursor, 2, key).getUint16(0, true);
    case 'int16': return bytesView(cursor, 2, key).getInt16(0, true);
    case 'uint32': return cursor.u32(key);
    case 'int32': return bytesView(cursor, 4, key).getInt32(0, true);
    case 'float32': return bytesView(cursor, 4, key).getFloat32(0, true);
    case 'bool': return cursor.u8(key) !== 0;
    case 'uint64': return safe(bytesView(cursor, 8, key).getBigUint64(0, true));
    case 'int64': return safe(bytesView(cursor, 8, key).getBigInt64(0, true));
    case 'float64': return bytesView(cursor, 8, key).getFloat64(0, true);
    case 'string': return cursor.string(key);
    default: return readArray(cursor, key, depth);
  }
}

function readArray(cursor: GgufCursor, key: string, depth: number): GgufArray {
  if (depth >= MAX_DEPTH) throw cursor.error(`metadata ${JSON.stringify(key)}: arrays nested more than ${MAX_DEPTH} deep`);
  const typeId = cursor.u32(`item type of ${key}`);
  const itemType = VALUE_TYPES[typeId];
  if (itemType === undefined) throw cursor.error(`metadata ${JSON.stringify(key)}: unknown array item type ${typeId} (expected 0-12)`, cursor.offset - 4);
  const width = cursor.wide ? 8 : 4;
  const fixed = SCALAR_BYTES[itemType];
  const length = cursor.boundedCount(`length of ${key}`, fixed ?? (itemType === 'string' ? width : 4 + width));
  const keep = fixed !== undefined && itemType !== 'bool' ? Math.min(length, KEEP_NUMERIC) : Math.min(length, KEEP_ITEMS);
  const items: GgufValue[] = [];
  for (let i = 0; i < keep; i++) items.push(readValue(cursor, itemType, key, depth + 1));
  if (fixed !== undefined) cursor.skip((length - keep) * fixed, `items of ${key}`);
  else if (itemType === 'string') for (let i = keep; i < length; i++) cursor.skipString(`item ${i} of ${key}`);
  else for (let i = keep; i < length; i++) readArray(cursor, key, depth + 1);
  return { itemType, length, items };
}

function bytesView(cursor: GgufCursor, length: number, what: string): DataView {
  const bytes = cursor.bytes(length, what);
  return new DataView(bytes.buffer, bytes.byteOffset, length);
}

function safe(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

function readTensorInfo(cursor: GgufCursor, index: number, warnings: string[]): GgufTensorInfo {
  const name = cursor.string(`name of tensor ${index}`);
  const rankAt = cursor.offset;
  const rank = cursor.u32(`dims count of tensor ${name}`);
  if (rank > MAX_DIMS) throw cursor.error(`tensor ${JSON.stringify(name)} has ${rank} dims; ggml tensors have at most 4`, rankAt);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(cursor.count(`dim ${i} of tensor ${name}`));
  const typeId = cursor.u32(`type of tensor ${name}`);
  const offset = cursor.u64(`data offset of tensor ${name}`);
  const elements = dims.reduce((product, dim) => product * dim, 1);
  if (!Number.isSafeInteger(elements)) throw cursor.error(`tensor ${JSON.stringify(name)} has dims ${dims.join(' x ')}: more elements than any file holds`, rankAt);
  const type = ggmlType(typeId);
  if (!type) warnings.push(`tensor ${name}: unknown ggml type ${typeId}; its size is unknown`);
  else if (dims.length > 0 && dims[0] % type.blockSize !== 0) warnings.push(`tensor ${name}: a row of ${dims[0]} elements is not a whole number of ${type.name} blocks of ${type.blockSize}`);
  return { name, dims, typeId, type, offset, elements, bytes: type ? ggmlByteSize(type, elements) : undefined };
}

function alignmentOf(metadata: Map<string, GgufEntry>, warnings: string[]): number {
  const entry = metadata.get('general.alignment');
  if (!entry) return 32;
  const value = entry.value;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0) return value;
  warnings.push(`general.alignment is ${String(value)}, not a power of two; 32 is used`);
  return 32;
}

/** Each tensor's data must lie inside the file; a truncated download keeps the header readable but is partial. */
function checkTensors(tensors: GgufTensorInfo[], dataStart: number, alignment: number, fileSize: number, warnings: string[]): void {
  const names = new Set<string>();
  let misaligned = 0;
  for (const tensor of tensors) {
    if (names.has(tensor.name)) warnings.push(`tensor name ${JSON.stringify(tensor.name)} appears twice`);
    names.add(tensor.name);
    if (tensor.offset % alignment !== 0) misaligned++;
    const end = dataStart + tensor.offset + (tensor.bytes ?? 0);
    if (end > fileSize) warnings.push(`tensor ${tensor.name}: its data (bytes ${dataStart + tensor.offset}-${end}) lies past the end of the file (${fileSize} bytes): truncated?`);
  }
  if (misaligned > 0) warnings.push(`${misaligned} tensors start at offsets that are not multiples of the alignment ${alignment}`);
}

/** Reads back the strings of the ids named by tokenizer.ggml.*_token_id, walking the tokens array once up to the largest. */
function readSpecialTokens(file: ModelFile, wide: boolean, tokens: { start: number; length: number }, metadata: Map<string, GgufEntry>): GgufHeader['specialTokens'] {
  const wanted = new Map<number, string[]>();
  for (const [key, entry] of metadata) {
    const match = /^tokenizer\.ggml\.(.+)_token_id$/.exec(key);
    const id = entry.value;
    if (!match || typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= tokens.length) continue;
    wanted.set(id, [...(wanted.get(id) ?? []), match[1]]);
  }
  const result: GgufHeader['specialTokens'] = {};
  if (wanted.size === 0) return result;
  const last = Math.max(...wanted.keys());
  const cursor = new GgufCursor(file, tokens.start);
  cursor.wide = wide;
  cursor.u32('item type of tokens');
  cursor.count('length of tokens');
  for (let id = 0; id <= last; id++) {
    const roles = wanted.get(id);
    if (!roles) {
      cursor.skipString(`token ${id}`);
      continue;
    }
    const text = cursor.string(`token ${id}`);
    for (const role of roles) result[role] = { id, text };
  }
  return result;
}
