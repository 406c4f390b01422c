// TensorProto and SparseTensorProto walked without reading their data: the result records where
// the bytes are (this file's offset and length, or the external data file) as a lazy TensorRef.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { TensorRef } from '../../ir/graph';
import { elementCount, byteSize } from '../../ir/dtype';
import { Wire, type ProtobufCursor } from '../containers/protobufCursor';
import { onnxDtypeName } from './onnxDtype';
import { decodeAt, decodeStringEntry } from './onnxMessages';

/** What tensor walks need besides the cursor. */
export interface TensorContext {
  cursor: ProtobufCursor;
  /** Folder of the model file: external data locations are relative to it. */
  modelDir: string;
  warnings: string[];
  /** Existence of external data files, checked once per location. */
  externalSeen: Map<string, boolean>;
}

/** A named tensor and where its data is. */
export interface OnnxTensor {
  name: string;
  ref: TensorRef;
}

// TensorProto fields holding the values when raw_data is not used; the varint ones need decoding.
const TYPED_FIELDS: Record<number, string | undefined> = {
  4: undefined, // float_data: packed fixed32, the same bytes as raw_data
  10: undefined, // double_data: packed fixed64
  5: 'onnx.int32_data',
  7: 'onnx.int64_data',
  11: 'onnx.uint64_data',
};

const EXTERNAL = 1;

/** Reads one TensorProto occupying [cursor.pos, end). */
export function readTensor(context: TensorContext, end: number): OnnxTensor {
  const { cursor } = context;
  const start = cursor.pos;
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  let data: { offset: number; byteLength: number; encoding?: string } | undefined;
  let location = 0;
  const external: Record<string, string> = {};
  while (cursor.pos < end) {
    const tag = cursor.tag(end, 'TensorProto');
    if (tag.field === 1 && tag.wire === Wire.Varint) {
      dims.push(cursor.int64(end, 'TensorProto.dims'));
    } else if (tag.field === 1 && tag.wire === Wire.Bytes) {
      const payloadEnd = cursor.length(end, 'TensorProto.dims');
      while (cursor.pos < payloadEnd) dims.push(cursor.int64(payloadEnd, 'TensorProto.dims'));
    } else if (tag.field === 2 && tag.wire === Wire.Varint) {
      dataType = cursor.varint32(end, 'TensorProto.data_type');
    } else if (tag.field === 8 && tag.wire === Wire.Bytes) {
      name = cursor.string(cursor.length(end, 'TensorProto.name'), 'TensorProto.name');
    } else if (tag.field === 9 && tag.wire === Wire.Bytes) {
      const payloadEnd = cursor.length(end, 'TensorProto.raw_data');
      data = { offset: cursor.pos, byteLength: payloadEnd - cursor.pos };
      cursor.jump(payloadEnd, end, 'TensorProto.raw_data');
    } else if (tag.field in TYPED_FIELDS && tag.wire === Wire.Bytes) {
      const payloadEnd = cursor.length(end, `TensorProto field ${tag.field}`);
      const encoding = TYPED_FIELDS[tag.field];
      data = { offset: cursor.pos, byteLength: payloadEnd - cursor.pos, ...(encoding ? { encoding } : {}) };
      cursor.jump(payloadEnd, end, `TensorProto field ${tag.field}`);
    } else if (tag.field === 13 && tag.wire === Wire.Bytes) {
      const payloadEnd = cursor.length(end, 'TensorProto.external_data');
      const entry = decodeAt(cursor, payloadEnd, tag.at, 'StringStringEntryProto', decodeStringEntry);
      external[entry.key] = entry.value;
    } else if (tag.field === 14 && tag.wire === Wire.Varint) {
      location = cursor.varint32(end, 'TensorProto.data_location');
    } else {
      if (tag.field === 6 || tag.field in TYPED_FIELDS) data ??= { offset: tag.at, byteLength: 0, encoding: tag.field === 6 ? 'onnx.string_data' : 'onnx.unpacked' };
      cursor.skip(tag, end, 'TensorProto');
      if (data && (data.encoding === 'onnx.string_data' || data.encoding === 'onnx.unpacked')) data.byteLength = cursor.pos - data.offset;
    }
  }
  if (dims.some((dim) => dim < 0)) throw cursor.error(start, `tensor '${name}' has a negative dimension [${dims.join(', ')}]`);
  const dtype = onnxDtypeName(dataType);
  const ref: TensorRef = { dtype, shape: dims, file: cursor.file.path };
  if (location === EXTERNAL) {
    Object.assign(ref, externalPlace(context, name, dtype, dims, external));
  } else if (data) {
    ref.offset = data.offset;
    ref.byteLength = data.byteLength;
    if (data.encoding) ref.encoding = data.encoding;
  }
  return { name, ref };
}

/** Reads a SparseTensorProto: values and indices tensors plus the dense shape. */
export function readSparseTensor(context: TensorContext, end: number): OnnxTensor {
  const { cursor } = context;
  let values: OnnxTensor | undefined;
  let indices: OnnxTensor | undefined;
  const dims: number[] = [];
  while (cursor.pos < end) {
    const tag = cursor.tag(end, 'SparseTensorProto');
    if ((tag.field === 1 || tag.field === 2) && tag.wire === Wire.Bytes) {
      const tensor = readTensor(context, cursor.length(end, 'SparseTensorProto tensor'));
      if (tag.field === 1) values = tensor;
      else indices = tensor;
    } else if (tag.field === 3 && tag.wire === Wire.Varint) {
      dims.push(cursor.int64(end, 'SparseTensorProto.dims'));
    } else if (tag.field === 3 && tag.wire === Wire.Bytes) {
      const payloadEnd = cursor.length(end, 'SparseTensorProto.dims');
      while (cursor.pos < payloadEnd) dims.push(cursor.int64(payloadEnd, 'SparseTensorProto.dims'));
    } else {
      cursor.skip(tag, end, 'SparseTensorProto');
    }
  }
  if (!values || !indices) throw cursor.error(end, `sparse tensor '${values?.name ?? ''}' lacks its ${values ? 'indices' : 'values'} tensor`);
  const ref: TensorRef = { dtype: values.ref.dtype, shape: dims, file: cursor.file.path, sparse: { values: values.ref, indices: indices.ref } };
  return { name: values.name, ref };
}

/** Resolves `location`/`offset`/`length` of an external tensor relative to the model's folder. */
function externalPlace(context: TensorContext, name: string, dtype: string, dims: number[], external: Record<string, string>): Partial<TensorRef> {
  const location = external.location;
  if (!location) {
    context.warnings.push(`tensor '${name}' is marked EXTERNAL but has no 'location' entry`);
    return {};
  }
  const file = nodePath.resolve(context.modelDir, location);
  const relative = nodePath.relative(context.modelDir, file);
  if (nodePath.isAbsolute(location) || relative.startsWith('..')) {
    context.warnings.push(`tensor '${name}': external data location '${location}' points outside the model's folder`);
  }
  if (!context.externalSeen.has(file)) {
    const exists = fs.existsSync(file);
    context.externalSeen.set(file, exists);
    if (!exists) context.warnings.push(`external data file '${location}' (tensor '${name}') is missing`);
  }
  const offset = external.offset === undefined ? 0 : Number(external.offset);
  const declared = external.length === undefined ? undefined : Number(external.length);
  const byteLength = declared ?? byteSize(dtype, elementCount(dims));
  return { file, offset, ...(byteLength === undefined ? {} : { byteLength }) };
}
