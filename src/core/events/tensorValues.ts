// TensorProto (tensor.proto) as protobufjs decodes it -> numbers or byte strings, for TF2 summaries:
// rank-0 scalars, [k,3] histograms, string tensors of text and images.
import type { TensorValue } from './eventTypes';

/** DataType values (types.proto) that summaries use. */
export const DType = {
  float: 1, double: 2, int32: 3, uint8: 4, int16: 5, int8: 6, string: 7, int64: 9, bool: 10,
  bfloat16: 14, uint16: 17, half: 19, uint32: 22, uint64: 23,
} as const;

/** A protobufjs int64: a number, or a Long when the `long` package is present. */
type Int64 = number | { low: number; high: number; unsigned?: boolean };

/** Converts a protobufjs int64 to a number (exact up to 2^53, as steps are). */
export function int64ToNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  const high = value.unsigned ? value.high >>> 0 : value.high;
  return high * 4294967296 + (value.low >>> 0);
}

/** IEEE 754 binary16 bits -> number. */
export function halfToNumber(bits: number): number {
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits -> number: the upper half of a float32. */
function bfloat16ToNumber(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, (bits & 0xffff) << 16);
  return view.getFloat32(0);
}

/** The shape of a TensorProto message; protobufjs gives these field names (eventSchema.ts). */
export interface TensorMessage {
  dtype: number;
  tensorShape?: { dim?: { size: Int64 }[]; unknownRank?: boolean } | null;
  tensorContent?: Uint8Array;
  halfVal?: number[];
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: Int64[];
  boolVal?: boolean[];
  uint32Val?: number[];
  uint64Val?: Int64[];
  stringVal?: Uint8Array[];
}

function contentNumbers(dtype: number, content: Uint8Array): Float64Array | undefined {
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const read: Partial<Record<number, [number, (at: number) => number]>> = {
    [DType.float]: [4, (at) => view.getFloat32(at, true)],
    [DType.double]: [8, (at) => view.getFloat64(at, true)],
    [DType.int32]: [4, (at) => view.getInt32(at, true)],
    [DType.uint32]: [4, (at) => view.getUint32(at, true)],
    [DType.int16]: [2, (at) => view.getInt16(at, true)],
    [DType.uint16]: [2, (at) => view.getUint16(at, true)],
    [DType.int8]: [1, (at) => view.getInt8(at)],
    [DType.uint8]: [1, (at) => view.getUint8(at)],
    [DType.bool]: [1, (at) => view.getUint8(at)],
    [DType.half]: [2, (at) => halfToNumber(view.getUint16(at, true))],
    [DType.bfloat16]: [2, (at) => bfloat16ToNumber(view.getUint16(at, true))],
    [DType.int64]: [8, (at) => Number(view.getBigInt64(at, true))],
    [DType.uint64]: [8, (at) => Number(view.getBigUint64(at, true))],
  };
  const entry = read[dtype];
  if (!entry) return undefined;
  const [size, get] = entry;
  const out = new Float64Array(Math.floor(content.byteLength / size));
  for (let i = 0; i < out.length; i++) out[i] = get(i * size);
  return out;
}

function fieldNumbers(t: TensorMessage): Float64Array | undefined {
  if (t.halfVal?.length) return Float64Array.from(t.halfVal, t.dtype === DType.bfloat16 ? bfloat16ToNumber : halfToNumber);
  if (t.floatVal?.length) return Float64Array.from(t.floatVal);
  if (t.doubleVal?.length) return Float64Array.from(t.doubleVal);
  if (t.intVal?.length) return Float64Array.from(t.intVal);
  if (t.int64Val?.length) return Float64Array.from(t.int64Val, int64ToNumber);
  if (t.boolVal?.length) return Float64Array.from(t.boolVal, Number);
  if (t.uint32Val?.length) return Float64Array.from(t.uint32Val);
  if (t.uint64Val?.length) return Float64Array.from(t.uint64Val, int64ToNumber);
  return undefined;
}

/** Decodes a TensorProto message; a single repeated value fills the whole shape (TensorProto version 0). */
export function tensorValue(t: TensorMessage): TensorValue {
  const shape = (t.tensorShape?.dim ?? []).map((dim) => int64ToNumber(dim.size));
  const size = shape.reduce((product, n) => product * Math.max(n, 0), 1);
  if (t.dtype === DType.string) return { dtype: t.dtype, shape, strings: t.stringVal ?? [] };
  let numbers = t.tensorContent?.length ? contentNumbers(t.dtype, t.tensorContent) : fieldNumbers(t);
  if (numbers && numbers.length === 1 && size > 1) numbers = new Float64Array(size).fill(numbers[0]);
  return { dtype: t.dtype, shape, numbers: numbers ?? new Float64Array(0) };
}

/** The value of a one-element numeric tensor (TF2 scalar summaries), or undefined. */
export function tensorScalar(tensor: TensorValue): number | undefined {
  return tensor.numbers?.length === 1 && tensor.shape.every((n) => n === 1) ? tensor.numbers[0] : undefined;
}
