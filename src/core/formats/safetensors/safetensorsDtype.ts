// safetensors dtype names (the format's Dtype enum) to the IR's, with their widths in bits for the byte checks.

/** IR dtype and bits per element of each safetensors dtype. */
const DTYPES: Record<string, { dtype: string; bits: number }> = {
  BOOL: { dtype: 'bool', bits: 8 },
  U8: { dtype: 'uint8', bits: 8 },
  I8: { dtype: 'int8', bits: 8 },
  U16: { dtype: 'uint16', bits: 16 },
  I16: { dtype: 'int16', bits: 16 },
  U32: { dtype: 'uint32', bits: 32 },
  I32: { dtype: 'int32', bits: 32 },
  U64: { dtype: 'uint64', bits: 64 },
  I64: { dtype: 'int64', bits: 64 },
  F16: { dtype: 'float16', bits: 16 },
  BF16: { dtype: 'bfloat16', bits: 16 },
  F32: { dtype: 'float32', bits: 32 },
  F64: { dtype: 'float64', bits: 64 },
  C64: { dtype: 'complex64', bits: 64 },
  F8_E4M3: { dtype: 'float8e4m3fn', bits: 8 },
  F8_E5M2: { dtype: 'float8e5m2', bits: 8 },
  F8_E8M0: { dtype: 'float8e8m0', bits: 8 },
  F4: { dtype: 'float4e2m1', bits: 4 },
  F6_E2M3: { dtype: 'float6e2m3', bits: 6 },
  F6_E3M2: { dtype: 'float6e3m2', bits: 6 },
};

/** The IR dtype and width of a safetensors dtype name, or undefined for a name the format does not define. */
export function safetensorsDtype(name: string): { dtype: string; bits: number } | undefined {
  return Object.hasOwn(DTYPES, name) ? DTYPES[name] : undefined;
}

/** Bytes of `elements` values `bits` wide (sub-byte types packed). */
export function packedBytes(bits: number, elements: number): number {
  return Math.ceil((elements * bits) / 8);
}
