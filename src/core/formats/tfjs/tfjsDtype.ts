// TensorFlow's DataType enum (tensorflow/core/framework/types.proto) to IR dtype names. Graph
// models spell it `DT_INT64`, but protobuf's JSON form writes the number (9) for values the
// writer's enum table lacked, and `_REF` variants (100 + n) appear in old frozen graphs.
import type { DType } from '../../ir/graph';

/** Enum number, name and IR dtype; DT_INVALID (0) is left out: it names no element type. */
const DATA_TYPES: [number, string, DType][] = [
  [1, 'DT_FLOAT', 'float32'], [2, 'DT_DOUBLE', 'float64'], [3, 'DT_INT32', 'int32'], [4, 'DT_UINT8', 'uint8'],
  [5, 'DT_INT16', 'int16'], [6, 'DT_INT8', 'int8'], [7, 'DT_STRING', 'string'], [8, 'DT_COMPLEX64', 'complex64'],
  [9, 'DT_INT64', 'int64'], [10, 'DT_BOOL', 'bool'], [11, 'DT_QINT8', 'qint8'], [12, 'DT_QUINT8', 'quint8'],
  [13, 'DT_QINT32', 'qint32'], [14, 'DT_BFLOAT16', 'bfloat16'], [15, 'DT_QINT16', 'qint16'], [16, 'DT_QUINT16', 'quint16'],
  [17, 'DT_UINT16', 'uint16'], [18, 'DT_COMPLEX128', 'complex128'], [19, 'DT_HALF', 'float16'], [20, 'DT_RESOURCE', 'resource'],
  [21, 'DT_VARIANT', 'variant'], [22, 'DT_UINT32', 'uint32'], [23, 'DT_UINT64', 'uint64'],
  [24, 'DT_FLOAT8_E5M2', 'float8e5m2'], [25, 'DT_FLOAT8_E4M3FN', 'float8e4m3fn'], [29, 'DT_INT4', 'int4'], [30, 'DT_UINT4', 'uint4'],
];
const REF_OFFSET = 100;
const byNumber = new Map(DATA_TYPES.map(([number, , dtype]) => [number, dtype]));
const byName = new Map(DATA_TYPES.map(([, name, dtype]) => [name, dtype]));

/**
 * A TF.js dtype as the IR names it: TF.js names (`float32`) pass through, `DT_*` names and enum
 * numbers (also as strings, `"9"`) map through types.proto; anything else is kept as written.
 */
export function tfjsDtype(raw: unknown): DType {
  const text = String(raw ?? '').trim();
  const number = /^\d+$/.test(text) ? Number(text) : undefined;
  if (number !== undefined) return byNumber.get(number >= REF_OFFSET ? number - REF_OFFSET : number) ?? `DT_${text}`;
  return byName.get(text.endsWith('_REF') ? text.slice(0, -4) : text) ?? text;
}
