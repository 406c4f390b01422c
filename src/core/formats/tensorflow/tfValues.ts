// Decoded TensorFlow messages to IR values: DataType numbers to dtype names, TensorShapeProto to dims,
// AttrValue to plain attribute values, TensorProto to a lazy TensorRef pointing into the file.
import type { AttrValue, Dim, DType, TensorRef } from '../../ir/graph';
import { tfjsDtype } from '../tfjs/tfjsDtype';
import { toNumber, type AttrMsg, type ShapeMsg, type TensorMsg } from './tfSchema';

/** A DataType enum number as the IR names it (float32, int64, ...); DT_INVALID and unknown numbers stay `DT_<n>`. */
export function tfDtype(number: number): DType {
  return tfjsDtype(number);
}

/** Dims of a TensorShapeProto: -1 is unknown (null); unknown_rank or no shape gives undefined. */
export function tfShape(shape: ShapeMsg | undefined): Dim[] | undefined {
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((dim) => {
    const size = toNumber(dim.size);
    return size < 0 ? null : size;
  });
}

/** Where the decoded message's bytes came from: the file and the buffer holding it from byte 0. */
export interface Source {
  file: string;
  buffer: Uint8Array;
}

const VALUE_FIELDS: [keyof TensorMsg, string][] = [
  ['floatVal', 'float_val'], ['doubleVal', 'double_val'], ['intVal', 'int_val'], ['int64Val', 'int64_val'], ['boolVal', 'bool_val'],
  ['halfVal', 'half_val'], ['uint32Val', 'uint32_val'], ['uint64Val', 'uint64_val'], ['stringVal', 'string_val'],
];

/**
 * A TensorProto as a TensorRef: tensor_content is a view into the source buffer, so its file offset is
 * known and nothing is copied. Values stored in the typed *_val fields are kept (small) in `values`.
 */
export function tensorRef(tensor: TensorMsg, source: Source): TensorRef & { values?: number[] } {
  const dtype = tfDtype(tensor.dtype ?? 0);
  const dims = tfShape(tensor.tensorShape) ?? [];
  const shape = dims.map((dim) => (typeof dim === 'number' ? dim : 0));
  const ref: TensorRef & { values?: number[] } = { dtype, shape, file: source.file };
  const content = tensor.tensorContent;
  if (content && content.length > 0 && content.buffer === source.buffer.buffer) {
    ref.offset = content.byteOffset - source.buffer.byteOffset;
    ref.byteLength = content.byteLength;
    return ref;
  }
  for (const [field, name] of VALUE_FIELDS) {
    const values = tensor[field] as unknown[] | undefined;
    if (!values || values.length === 0) continue;
    ref.encoding = `tf.${name}`;
    // TensorFlow repeats the last value when fewer are stored than the shape holds (a splat); small ones are kept.
    if (field !== 'stringVal' && values.length <= 64) ref.values = values.map((value) => (typeof value === 'boolean' ? Number(value) : toNumber(value as number)));
    return ref;
  }
  return ref;
}

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? new Uint8Array(0)).toString('utf8');

/** An AttrValue as plain data; tensors stay lazy (TensorRef), functions become their name. */
export function attrValue(attr: AttrMsg, source: Source): AttrValue {
  switch (attr.value) {
    case 's':
      return text(attr.s);
    case 'i':
      return toNumber(attr.i);
    case 'f':
      return attr.f ?? 0;
    case 'b':
      return attr.b ?? false;
    case 'type':
      return tfDtype(attr.type ?? 0);
    case 'shape':
      return tfShape(attr.shape) ?? null;
    case 'tensor':
      return attr.tensor ? tensorRef(attr.tensor, source) : null;
    case 'placeholder':
      return `$${attr.placeholder ?? ''}`;
    case 'func':
      return attr.func?.name ?? '';
    case 'list': {
      const list = attr.list ?? {};
      if (list.s?.length) return list.s.map(text);
      if (list.i?.length) return list.i.map((value) => toNumber(value));
      if (list.f?.length) return list.f;
      if (list.b?.length) return list.b.map(Number);
      if (list.type?.length) return list.type.map(tfDtype);
      if (list.shape?.length) return list.shape.map((shape) => (tfShape(shape) ?? null) as AttrValue);
      if (list.tensor?.length) return list.tensor.map((tensor) => tensorRef(tensor, source));
      if (list.func?.length) return list.func.map((func) => func.name ?? '');
      return [];
    }
    default:
      return null;
  }
}

