// Element widths of the IR's dtype names, shared by every format and the cost model.
import { ggmlBitsPerElement, ggmlTypes } from '../formats/gguf/ggmlTypes';
import type { DType } from './graph';

const BITS: Record<string, number> = {
  float64: 64, float32: 32, float16: 16, bfloat16: 16,
  float8e4m3fn: 8, float8e4m3fnuz: 8, float8e5m2: 8, float8e5m2fnuz: 8, float8e8m0: 8, float4e2m1: 4,
  int64: 64, int32: 32, int16: 16, int8: 8, int4: 4, int2: 2,
  uint64: 64, uint32: 32, uint16: 16, uint8: 8, uint4: 4, uint2: 2,
  bool: 8, complex64: 64, complex128: 128,
  float6e2m3: 6, float6e3m2: 6,
  // ggml's block-quantized types (GGUF): average bits per element, the block's scales included (Q4_K: 4.5).
  ...Object.fromEntries(ggmlTypes().filter((type) => type.blockSize > 1).map((type) => [type.dtype, ggmlBitsPerElement(type)])),
};

/** Bits per element of `dtype`, or undefined for variable-width types (string) and unknown names. */
export function bitsPerElement(dtype: DType): number | undefined {
  return BITS[dtype];
}

/** Bytes taken by `elements` values of `dtype` (sub-byte types packed), or undefined when the width is unknown. */
export function byteSize(dtype: DType, elements: number): number | undefined {
  const bits = BITS[dtype];
  return bits === undefined ? undefined : Math.ceil((elements * bits) / 8);
}

/** Element count of a fully numeric shape; a scalar ([]) has one element. */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  return count;
}
