// A small GGUF writer for tests: metadata key-values of every value type and tensor infos, written by the spec
// (ggml/docs/gguf.md) independently of the reader. Tensor data is not written: the file is extended to its full
// size with ftruncate, so it is sparse and the reader's range checks see a complete file.
import * as fs from 'node:fs';

/** A metadata value with its GGUF type. */
export type KvValue =
  | { type: 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'bool' | 'uint64' | 'int64' | 'float64'; value: number | boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: string; items: (number | string | boolean)[] };

/** A tensor info; `bytes` is its data size (the test's own figure: blocks times bytes per block). */
export interface TensorSpec {
  name: string;
  /** ggml order, innermost first. */
  dims: number[];
  type: number;
  bytes: number;
}

const TYPE_IDS: Record<string, number> = { uint8: 0, int8: 1, uint16: 2, int16: 3, uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9, uint64: 10, int64: 11, float64: 12 };

class Bytes {
  readonly parts: Buffer[] = [];
  constructor(private readonly version: number) {}
  get length(): number {
    return this.parts.reduce((sum, part) => sum + part.length, 0);
  }
  push(size: number, write: (buffer: Buffer) => void): void {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.parts.push(buffer);
  }
  u32(value: number): void {
    this.push(4, (b) => b.writeUInt32LE(value));
  }
  u64(value: number): void {
    this.push(8, (b) => b.writeBigUInt64LE(BigInt(value)));
  }
  count(value: number): void {
    if (this.version === 1) this.u32(value);
    else this.u64(value);
  }
  string(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.count(bytes.length);
    this.parts.push(bytes);
  }
  scalar(type: string, value: number | string | boolean): void {
    const n = Number(value);
    switch (type) {
      case 'uint8': return this.push(1, (b) => b.writeUInt8(n));
      case 'int8': return this.push(1, (b) => b.writeInt8(n));
      case 'uint16': return this.push(2, (b) => b.writeUInt16LE(n));
      case 'int16': return this.push(2, (b) => b.writeInt16LE(n));
      case 'uint32': return this.u32(n);
      case 'int32': return this.push(4, (b) => b.writeInt32LE(n));
      case 'float32': return this.push(4, (b) => b.writeFloatLE(n));
      case 'bool': return this.push(1, (b) => b.writeUInt8(value ? 1 : 0));
      case 'uint64': return this.u64(n);
      case 'int64': return this.push(8, (b) => b.writeBigInt64LE(BigInt(n)));
      case 'float64': return this.push(8, (b) => b.writeDoubleLE(n));
      case 'string': return this.string(String(value));
      default: throw new Error(`no scalar type ${type}`);
    }
  }
}

/** Writes a GGUF file of `version` (1: u32 counts and lengths) and returns its header length and data start. */
export function writeGguf(path: string, spec: { version?: number; kv: [string, KvValue][]; tensors: TensorSpec[]; alignment?: number }): { headerBytes: number; dataStart: number; size: number } {
  const version = spec.version ?? 3;
  const alignment = spec.alignment ?? 32;
  const out = new Bytes(version);
  out.parts.push(Buffer.from('GGUF', 'latin1'));
  out.u32(version);
  out.count(spec.tensors.length);
  out.count(spec.kv.length);
  for (const [key, value] of spec.kv) {
    out.string(key);
    out.u32(TYPE_IDS[value.type]);
    if (value.type === 'array') {
      out.u32(TYPE_IDS[value.itemType]);
      out.count(value.items.length);
      for (const item of value.items) out.scalar(value.itemType, item);
    } else out.scalar(value.type, value.value);
  }
  let offset = 0;
  for (const tensor of spec.tensors) {
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.count(dim);
    out.u32(tensor.type);
    out.u64(offset);
    offset += Math.ceil(tensor.bytes / alignment) * alignment;
  }
  const headerBytes = out.length;
  const dataStart = Math.ceil(headerBytes / alignment) * alignment;
  const size = dataStart + offset;
  fs.writeFileSync(path, Buffer.concat(out.parts));
  fs.truncateSync(path, size);
  return { headerBytes, dataStart, size };
}
