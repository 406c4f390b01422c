// A subgraph's tensors as IR values: type from shape / shape_signature and TensorType, constant
// data as a lazy initializer (where its bytes are, inside the flatbuffer or appended after it in
// large models; never read), and quantization, sparsity and variable flags as value attributes.
import type { AttrValue, Dim, TensorRef, Value } from '../../ir/graph';
import { FormatError } from '../formatError';
import type { FlatTable } from '../containers/flatTable';
import { enumName, tensorTypeName } from './tfliteSchema';

/** A TFLite tensor's value (quantization, sparsity and the like in Value.attrs). */
export type TfliteValue = Value;

/** What tensors need from the model: its buffers and where problems go. */
export interface TensorContext {
  readonly path: string;
  readonly fileBytes: number;
  /** Buffer `index` of the model, or undefined past the end of the buffers vector. */
  buffer(index: number): FlatTable | undefined;
  readonly warnings: string[];
}

/** Per-axis scales and zero points beyond this many are counted, not listed. */
const MAX_CHANNELS = 1024;
/** No TFLite kernel takes more dims than this; a longer shape vector is corruption. */
const MAX_RANK = 64;

/** Tensors of one subgraph, in file order, with names made unique within it. */
export function readTensors(subgraph: FlatTable, context: TensorContext): TfliteValue[] {
  const seen = new Set<string>();
  return subgraph.tables(0, (i) => `${subgraph.what} tensor ${i}`).map((tensor, index) => {
    const raw = tensor.string(3) ?? '';
    let name = raw === '' ? `tensor_${index}` : raw;
    if (seen.has(name)) name = `${name}#${index}`;
    seen.add(name);
    return readTensor(tensor, name, context);
  });
}

function readTensor(tensor: FlatTable, name: string, context: TensorContext): TfliteValue {
  const dtype = tensorTypeName(tensor.int8(1));
  const shape = dims(tensor, 0, context) ?? [];
  const signature = dims(tensor, 7, context);
  const value: TfliteValue = { name, type: { dtype, shape: typeShape(shape, signature) } };
  const attrs: Record<string, AttrValue> = {};
  if (signature) attrs.shape_signature = signature;
  const quantization = readQuantization(tensor.table(4, `${tensor.what} quantization`));
  if (quantization) attrs.quantization = quantization;
  const sparsity = readSparsity(tensor.table(6, `${tensor.what} sparsity`));
  if (sparsity) attrs.sparsity = sparsity;
  if (tensor.bool(5)) attrs.variable = true;
  const initializer = readInitializer(tensor, name, dtype, shape, sparsity !== undefined, context);
  if (initializer) value.initializer = initializer;
  if (Object.keys(attrs).length > 0) value.attrs = attrs;
  return value;
}

function dims(tensor: FlatTable, id: number, context: TensorContext): number[] | undefined {
  const rank = tensor.length(id, 4);
  if (rank > MAX_RANK) throw new FormatError(context.path, `${tensor.what}: a shape of ${rank} dims (expected at most ${MAX_RANK})`, { offset: tensor.pos });
  return tensor.int32s(id);
}

/** The declared shape: shape_signature's -1 dims are dynamic (the batch at axis 0, unknown elsewhere), `shape` holds the rest. */
function typeShape(shape: number[], signature: number[] | undefined): Dim[] {
  const dynamic = signature && signature.length === shape.length ? signature : undefined;
  return shape.map((dim, axis) => (dynamic && dynamic[axis] < 0 ? (axis === 0 ? 'batch' : null) : dim >= 0 ? dim : null));
}

/** Where a constant's bytes are: Buffer.data inside the flatbuffer, or Buffer.offset/size past it (models over 2 GB). */
function readInitializer(tensor: FlatTable, name: string, dtype: string, shape: number[], sparse: boolean, context: TensorContext): TensorRef | undefined {
  const index = tensor.uint32(2);
  if (index === 0) return undefined;
  const buffer = context.buffer(index);
  if (!buffer) {
    context.warnings.push(`tensor ${name} refers to buffer ${index}, past the end of the model's buffers: its data is missing`);
    return undefined;
  }
  const ref = { dtype, shape: shape.map((dim) => Math.max(0, dim)), file: context.path, ...(sparse ? { encoding: 'tflite.sparse' } : {}) };
  const data = buffer.vector(0, 1);
  if (data && data.length > 0) return { ...ref, offset: data.start, byteLength: data.length };
  const offset = buffer.uint64(1);
  const size = buffer.uint64(2);
  if (offset <= 1 || size === 0) return undefined;
  if (offset + size > context.fileBytes) {
    context.warnings.push(`tensor ${name}: its ${size} bytes at offset ${offset} lie past the end of the ${context.fileBytes}-byte file (truncated?)`);
    return { ...ref, byteLength: size };
  }
  return { ...ref, offset, byteLength: size };
}

/** Scale and zero point, one value (per tensor) or one per channel along quantized_dimension. */
function readQuantization(table: FlatTable | undefined): Record<string, AttrValue> | undefined {
  if (!table) return undefined;
  const out: Record<string, AttrValue> = {};
  const channels = table.length(2, 4);
  const scale = table.float32s(2, MAX_CHANNELS);
  const zeroPoint = table.int64s(3, MAX_CHANNELS);
  if (scale && scale.length > 0) {
    out.scheme = channels > 1 ? 'per-axis' : 'per-tensor';
    out.scale = channels > 1 ? scale : scale[0];
    if (zeroPoint && zeroPoint.length > 0) out.zero_point = channels > 1 ? zeroPoint : zeroPoint[0];
    if (channels > 1) {
      out.quantized_dimension = table.int32(6);
      out.channels = channels;
    }
  }
  const min = table.float32s(0, MAX_CHANNELS);
  const max = table.float32s(1, MAX_CHANNELS);
  if (min && min.length > 0) out.min = min.length === 1 ? min[0] : min;
  if (max && max.length > 0) out.max = max.length === 1 ? max[0] : max;
  const details = table.union(4, `${table.what} details`);
  if (details) {
    out.details = details.type === 1 ? 'CustomQuantization' : `QuantizationDetails#${details.type}`;
    if (details.type === 1) out.custom_bytes = details.table.length(0, 1);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Index vector widths of SparseIndexVector members: Int32Vector, Uint16Vector, Uint8Vector. */
const INDEX_WIDTH = [0, 4, 2, 1];

/** The sparse layout (TACO-style): traversal order, block map, and per dim its size or its index vectors' lengths. */
function readSparsity(table: FlatTable | undefined): Record<string, AttrValue> | undefined {
  if (!table) return undefined;
  const out: Record<string, AttrValue> = { traversal_order: table.int32s(0, MAX_RANK) ?? [] };
  const blockMap = table.int32s(1, MAX_RANK);
  if (blockMap && blockMap.length > 0) out.block_map = blockMap;
  const count = table.length(2, 4);
  if (count > MAX_RANK) throw new FormatError(table.budget.bytes.file.path, `${table.what}: ${count} sparse dims (expected at most ${MAX_RANK})`, { offset: table.pos });
  out.dim_metadata = table.tables(2, (i) => `${table.what} dim ${i}`).map((dim) => {
    const format = enumName('DimensionType', dim.int8(0));
    if (format === 'DENSE') return { format, dense_size: dim.int32(1) };
    const length = (typeId: number): number => {
      const union = dim.union(typeId, `${dim.what} index vector`);
      return union ? union.table.length(0, INDEX_WIDTH[union.type] ?? 1) : 0;
    };
    return { format, segments: length(2), indices: length(4) };
  });
  return out;
}
