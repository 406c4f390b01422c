// A tensor held in this process's memory, in the element types ONNX Runtime's Node binding accepts: what the
// input readers (.npy, .npz, TensorProto .pb) and the random input maker produce and the profiler feeds.

/** The typed arrays ORT's Node binding takes (float16 travels as its raw 16-bit words). */
export type TensorData =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array;

/** A tensor in memory: dtype in the IR's names (float32, int64, bool, ...), a concrete shape, row-major data. */
export interface HostTensor {
  dtype: string;
  shape: number[];
  data: TensorData;
}

type TypedArrayConstructor = { new (length: number): TensorData; new (buffer: ArrayBuffer, byteOffset?: number, length?: number): TensorData; BYTES_PER_ELEMENT: number };

const ARRAYS: Record<string, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

/** The dtypes a profiled input may have. */
export const tensorDtypes: readonly string[] = Object.keys(ARRAYS);

/** The typed array class of `dtype`, or undefined for types ORT's Node binding cannot feed (string, bfloat16, ...). */
export function arrayClass(dtype: string): TypedArrayConstructor | undefined {
  return ARRAYS[dtype];
}

/** Elements of `shape` (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/**
 * Copies little-endian bytes into a fresh typed array of `dtype` (a copy, since file offsets are rarely aligned
 * to the element size). `count` elements are taken; the caller checked `bytes` holds that many.
 */
export function typedFromBytes(dtype: string, bytes: Uint8Array, count: number): TensorData {
  const Typed = ARRAYS[dtype];
  if (!Typed) throw new Error(`unsupported dtype ${dtype}`);
  const copy = new ArrayBuffer(count * Typed.BYTES_PER_ELEMENT);
  new Uint8Array(copy).set(bytes.subarray(0, copy.byteLength));
  return new Typed(copy, 0, count);
}
