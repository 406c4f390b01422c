// Lua Torch7 serialization (torch.save, binary mode) decoded into plain values without running
// anything: tables and torch objects keep their reference index so shared and cyclic references
// resolve to one value; tensors keep sizes, strides and offset; storages only where their bytes lie.
// Functions are Lua bytecode: only their size is kept. Layout from torch7's File.lua and
// generic/Tensor.c / Storage.c (as python-torchfile ports it); little-endian, 8-byte longs.
import { FormatError } from '../formatError';
import type { ModelFile } from '../containers/modelFile';

/** A Lua table: its entries in file order (keys may be any value, even the table itself). */
export interface T7Table {
  kind: 'table';
  entries: [T7Value, T7Value][];
}

/** An instance of a torch class (nn.Linear, ...) with its state table. */
export interface T7Object {
  kind: 'object';
  className: string;
  version: number;
  state: T7Value;
}

/** A torch Storage: element type and count, and where its bytes are (never read). */
export interface T7Storage {
  kind: 'storage';
  className: string;
  dtype: string;
  size: number;
  offset: number;
  byteLength: number;
}

/** A torch Tensor: a strided view on a storage. */
export interface T7Tensor {
  kind: 'tensor';
  className: string;
  dtype: string;
  size: number[];
  stride: number[];
  /** Element offset into the storage (0-based). */
  storageOffset: number;
  storage: T7Storage | null;
}

/** A serialized Lua function: bytecode size only. */
export interface T7Function {
  kind: 'function';
  byteLength: number;
  upvalues: T7Value;
}

export type T7Value = null | number | string | boolean | T7Table | T7Object | T7Tensor | T7Storage | T7Function;

const TYPE = { nil: 0, number: 1, string: 2, table: 3, torch: 4, boolean: 5, function: 6, legacyRecurFunction: 7, recurFunction: 8 } as const;

/** Element type and byte width of each tensor/storage class stem (torch.Float*, torch.CudaHalf*, ...). */
const ELEMENTS: Record<string, [string, number]> = {
  Byte: ['uint8', 1], Char: ['int8', 1], Short: ['int16', 2], Int: ['int32', 4], Long: ['int64', 8], Float: ['float32', 4], Double: ['float64', 8],
  Half: ['float16', 2], Cuda: ['float32', 4], CudaByte: ['uint8', 1], CudaChar: ['int8', 1], CudaShort: ['int16', 2], CudaInt: ['int32', 4],
  CudaLong: ['int64', 8], CudaDouble: ['float64', 8], CudaHalf: ['float16', 2],
};

/** Strings longer than this are refused (class names, keys and labels are short). */
const MAX_STRING = 64 * 1024 * 1024;
/** Objects nested deeper than this are refused: a hostile file must not overflow the stack. */
const MAX_DEPTH = 1500;
const WINDOW = 64 * 1024;

/** Sequential reader over the file in windows; storages are jumped over. */
class Cursor {
  pos = 0;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(readonly file: ModelFile) {}

  private need(length: number, what: string): number {
    if (this.pos + length > this.file.size) throw new FormatError(this.file.path, `unexpected end of file reading ${what}: needs ${length} bytes at offset ${this.pos}, the file has ${this.file.size}`, { offset: this.pos });
    if (this.pos < this.windowStart || this.pos + length > this.windowStart + this.window.length) {
      this.windowStart = this.pos;
      this.window = this.file.readSync(this.pos, Math.min(Math.max(length, WINDOW), this.file.size - this.pos), what);
    }
    const at = this.pos - this.windowStart;
    this.pos += length;
    return at;
  }

  int(what: string): number {
    const at = this.need(4, what);
    return this.window.readInt32LE(at);
  }

  long(what: string): number {
    const at = this.pos;
    const start = this.need(8, what);
    const value = this.window.readBigInt64LE(start);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(-Number.MAX_SAFE_INTEGER)) throw new FormatError(this.file.path, `${what} ${value} is out of range`, { offset: at });
    return Number(value);
  }

  double(what: string): number {
    const at = this.need(8, what);
    return this.window.readDoubleLE(at);
  }

  string(what: string): string {
    const at = this.pos;
    const length = this.int(`${what} length`);
    if (length < 0 || length > MAX_STRING) throw new FormatError(this.file.path, `${what} length ${length} is not a plausible string length`, { offset: at });
    if (length > WINDOW) {
      const bytes = this.file.readSync(this.pos, length, what);
      this.pos += length;
      return bytes.toString('latin1');
    }
    const start = this.need(length, what);
    return this.window.toString('latin1', start, start + length);
  }

  skip(length: number, what: string): void {
    if (length < 0 || this.pos + length > this.file.size) throw new FormatError(this.file.path, `${what} needs ${length} bytes at offset ${this.pos} but the file has ${this.file.size}`, { offset: this.pos });
    this.pos += length;
  }
}

/** Decodes the one value a .t7 file holds. */
export function readT7(file: ModelFile): T7Value {
  const reader = new T7Reader(new Cursor(file));
  const value = reader.read(0);
  return value;
}

class T7Reader {
  private readonly objects = new Map<number, T7Value>();

  constructor(private readonly cursor: Cursor) {}

  private error(offset: number, detail: string): FormatError {
    return new FormatError(this.cursor.file.path, detail, { offset });
  }

  read(depth: number): T7Value {
    const at = this.cursor.pos;
    if (depth > MAX_DEPTH) throw this.error(at, `values nested deeper than ${MAX_DEPTH} levels`);
    const type = this.cursor.int('type tag');
    switch (type) {
      case TYPE.nil:
        return null;
      case TYPE.number:
        return this.cursor.double('number');
      case TYPE.string:
        return this.cursor.string('string');
      case TYPE.boolean:
        return this.cursor.int('boolean') === 1;
      case TYPE.table:
      case TYPE.torch:
      case TYPE.function:
      case TYPE.legacyRecurFunction:
      case TYPE.recurFunction: {
        const index = this.cursor.int('object reference index');
        if (this.objects.has(index)) return this.objects.get(index)!;
        if (type === TYPE.table) return this.table(index, depth);
        if (type === TYPE.torch) return this.torch(index, depth);
        const sizeAt = this.cursor.pos;
        const byteLength = this.cursor.int('function size');
        if (byteLength < 0) throw this.error(sizeAt, `function bytecode size ${byteLength} is negative`);
        this.cursor.skip(byteLength, 'function bytecode');
        const fn: T7Function = { kind: 'function', byteLength, upvalues: null };
        this.objects.set(index, fn);
        fn.upvalues = this.read(depth + 1);
        return fn;
      }
      default:
        throw this.error(at, `unknown type tag ${type} (expected 0-8: nil, number, string, table, torch object, boolean, function); not a binary Torch7 file, or corrupt`);
    }
  }

  private count(what: string): number {
    const at = this.cursor.pos;
    const size = this.cursor.int(what);
    // Every entry takes at least 4 bytes, so a count beyond the bytes left is corrupt.
    if (size < 0 || size > (this.cursor.file.size - this.cursor.pos) / 4) throw this.error(at, `${what} ${size} does not fit in the ${this.cursor.file.size - this.cursor.pos} bytes left`);
    return size;
  }

  private table(index: number, depth: number): T7Table {
    const size = this.count('table size');
    const table: T7Table = { kind: 'table', entries: [] };
    this.objects.set(index, table);
    for (let i = 0; i < size; i++) {
      const key = this.read(depth + 1);
      const value = this.read(depth + 1);
      table.entries.push([key, value]);
    }
    return table;
  }

  private torch(index: number, depth: number): T7Value {
    const first = this.cursor.string('class version');
    let version = 0;
    let className = first;
    if (first.startsWith('V ')) {
      version = Number(first.slice(2)) || 0;
      className = this.cursor.string('class name');
    }
    const stem = /^torch\.(\w*?)(Tensor|Storage)$/.exec(className);
    if (stem && ELEMENTS[stem[1]]) {
      const [dtype, width] = ELEMENTS[stem[1]];
      return stem[2] === 'Tensor' ? this.tensor(index, className, dtype, depth) : this.storage(index, className, dtype, width);
    }
    if (className === 'tds.Vec' || className === 'tds.Hash') return this.tds(index, className, depth);
    const object: T7Object = { kind: 'object', className, version, state: null };
    // Registered before its state is read: the state may refer back to the object.
    this.objects.set(index, object);
    object.state = this.read(depth + 1);
    return object;
  }

  private tensor(index: number, className: string, dtype: string, depth: number): T7Tensor {
    const at = this.cursor.pos;
    const rank = this.cursor.int('tensor rank');
    if (rank < 0 || rank > 64) throw this.error(at, `tensor rank ${rank} is not plausible`);
    const size = Array.from({ length: rank }, () => this.cursor.long('tensor size'));
    const stride = Array.from({ length: rank }, () => this.cursor.long('tensor stride'));
    const storageOffset = this.cursor.long('tensor storage offset') - 1;
    if (size.some((dim) => dim < 0)) throw this.error(at, `tensor size [${size.join(', ')}] has a negative dimension`);
    const tensor: T7Tensor = { kind: 'tensor', className, dtype, size, stride, storageOffset, storage: null };
    this.objects.set(index, tensor);
    const storage = this.read(depth + 1);
    if (storage !== null && (typeof storage !== 'object' || storage.kind !== 'storage')) throw this.error(at, `${className} refers to a ${typeof storage === 'object' ? storage.kind : typeof storage} where a storage belongs`);
    tensor.storage = storage;
    return tensor;
  }

  private storage(index: number, className: string, dtype: string, width: number): T7Storage {
    const at = this.cursor.pos;
    const size = this.cursor.long('storage size');
    if (size < 0 || size * width > this.cursor.file.size - this.cursor.pos) throw this.error(at, `${className} of ${size} elements (${size * width} bytes) does not fit in the ${this.cursor.file.size - this.cursor.pos} bytes left`);
    const storage: T7Storage = { kind: 'storage', className, dtype, size, offset: this.cursor.pos, byteLength: size * width };
    this.cursor.skip(size * width, `${className} data`);
    this.objects.set(index, storage);
    return storage;
  }

  /** tds.Vec / tds.Hash: a count, one metadata value, then the elements (or key/value pairs). */
  private tds(index: number, className: string, depth: number): T7Table {
    const size = this.count(`${className} size`);
    const table: T7Table = { kind: 'table', entries: [] };
    this.objects.set(index, table);
    this.read(depth + 1);
    for (let i = 0; i < size; i++) {
      if (className === 'tds.Vec') table.entries.push([i + 1, this.read(depth + 1)]);
      else {
        const key = this.read(depth + 1);
        table.entries.push([key, this.read(depth + 1)]);
      }
    }
    return table;
  }
}

/** The value of string key `key` in a table (or an object's state table). */
export function field(value: T7Value | undefined, key: string): T7Value | undefined {
  const table = value && typeof value === 'object' && value.kind === 'object' ? value.state : value;
  if (!table || typeof table !== 'object' || table.kind !== 'table') return undefined;
  for (const [k, v] of table.entries) if (k === key) return v;
  return undefined;
}

/** The values of a list-like table (keys 1..n), in key order. */
export function list(value: T7Value | undefined): T7Value[] {
  if (!value || typeof value !== 'object' || value.kind !== 'table') return [];
  return value.entries.filter(([key]) => typeof key === 'number' && Number.isInteger(key) && key >= 1).sort((a, b) => (a[0] as number) - (b[0] as number)).map(([, item]) => item);
}

export function isTensor(value: T7Value | undefined): value is T7Tensor {
  return !!value && typeof value === 'object' && value.kind === 'tensor';
}

export function isObject(value: T7Value | undefined): value is T7Object {
  return !!value && typeof value === 'object' && value.kind === 'object';
}
