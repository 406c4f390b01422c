// TensorProto.DataType codes to the IR's dtype names (onnx.proto, up to ONNX 1.18).
import type { DType } from '../../ir/graph';

const NAMES: readonly string[] = [
  'undefined', 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool',
  'float16', 'float64', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16',
  'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1', 'float8e8m0',
  'uint2', 'int2',
];

/** The dtype name of an ONNX element type code; codes newer than this table read `dtype#<code>`. */
export function onnxDtypeName(code: number): DType {
  return NAMES[code] ?? `dtype#${code}`;
}

