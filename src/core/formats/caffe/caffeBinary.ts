// A binary `.caffemodel` (a NetParameter message) decoded field by field with the schema in
// caffeSchema.ts. Blob data is never read: a BlobProto becomes its shape plus where its packed
// floats lie in the file, so a 500 MB VGG model costs a walk over its headers.
import { FormatError } from '../formatError';
import type { ModelFile } from '../containers/modelFile';
import { ProtobufCursor, Wire } from '../containers/protobufCursor';
import type { ProtoMessage, ProtoValue } from './protoText';
import { netSchema, type FieldSpec, type Schema } from './caffeSchema';

/** Where a blob's values lie, as decoded from a BlobProto without reading them. */
export interface BlobData {
  dtype: 'float32' | 'float64';
  /** Values stored (packed or not); 0 when the blob holds a shape only. */
  count: number;
  /** Byte offset of packed values in the file (absent for unpacked values). */
  offset?: number;
  byteLength?: number;
}

/** Blob fields of BlobProto: 7 shape, 1-4 legacy num/channels/height/width, 5/8 float/double data. */
const BLOB_LEGACY: Record<number, string> = { 1: 'num', 2: 'channels', 3: 'height', 4: 'width' };

/** Decodes a whole caffemodel into field lists (blob values become `BlobData` under `data`). */
export function decodeCaffemodel(file: ModelFile): ProtoMessage {
  const cursor = new ProtobufCursor(file);
  return decodeMessage(cursor, file.size, netSchema, 'NetParameter');
}

function tag(cursor: ProtobufCursor, end: number, what: string): { field: number; wire: number; at: number } {
  const at = cursor.pos;
  const value = cursor.varint32(end, `${what} field tag`);
  const field = value >>> 3;
  const wire = value & 7;
  if (field === 0 || (wire !== Wire.Varint && wire !== Wire.Fixed64 && wire !== Wire.Bytes && wire !== Wire.Fixed32)) {
    throw new FormatError(cursor.file.path, `invalid protobuf field tag (field ${field}, wire type ${wire}) in ${what}: not a Caffe NetParameter, or corrupt`, { offset: at });
  }
  return { field, wire, at };
}

function decodeMessage(cursor: ProtobufCursor, end: number, schema: Schema, what: string): ProtoMessage {
  const message: ProtoMessage = Object.create(null) as ProtoMessage;
  while (cursor.pos < end) {
    const header = tag(cursor, end, what);
    const spec = schema[header.field];
    if (!spec) {
      cursor.skip(header, end, what);
      continue;
    }
    const values = (message[spec.name] ??= []);
    readField(cursor, header, end, spec, values, `${what}.${spec.name}`);
  }
  return message;
}

function readField(cursor: ProtobufCursor, header: { wire: number; at: number }, end: number, spec: FieldSpec, values: ProtoValue[], what: string): void {
  const expect = (wire: number) => {
    if (header.wire !== wire) throw new FormatError(cursor.file.path, `${what}: wire type ${header.wire} where caffe.proto declares ${spec.kind} (wire type ${wire})`, { offset: header.at });
  };
  switch (spec.kind) {
    case 'string': {
      expect(Wire.Bytes);
      const payloadEnd = cursor.length(end, what);
      values.push(cursor.string(payloadEnd, what));
      return;
    }
    case 'message': {
      expect(Wire.Bytes);
      const payloadEnd = cursor.length(end, what);
      values.push(decodeMessage(cursor, payloadEnd, spec.message!, what));
      cursor.pos = payloadEnd;
      return;
    }
    case 'blob': {
      expect(Wire.Bytes);
      const payloadEnd = cursor.length(end, what);
      values.push(decodeBlob(cursor, payloadEnd, what));
      return;
    }
    case 'float': {
      if (header.wire === Wire.Bytes) {
        const payloadEnd = cursor.length(end, what);
        while (cursor.pos + 4 <= payloadEnd) values.push(cursor.float(payloadEnd, what));
        cursor.pos = payloadEnd;
        return;
      }
      expect(Wire.Fixed32);
      values.push(cursor.float(end, what));
      return;
    }
    case 'double':
      cursor.skip({ field: 0, wire: header.wire, at: header.at }, end, what);
      return;
    default: {
      // int, bool and enum: varints, packed or not.
      const scalar = (value: number): ProtoValue => (spec.kind === 'bool' ? value !== 0 : spec.kind === 'enum' ? (spec.enumNames?.[value] ?? value) : value);
      if (header.wire === Wire.Bytes) {
        const payloadEnd = cursor.length(end, what);
        while (cursor.pos < payloadEnd) values.push(scalar(cursor.int64(payloadEnd, what)));
        return;
      }
      expect(Wire.Varint);
      values.push(scalar(cursor.int64(end, what)));
    }
  }
}

/** A BlobProto: its shape fields decoded, its values located and counted but not read. */
function decodeBlob(cursor: ProtobufCursor, end: number, what: string): ProtoMessage {
  const blob: ProtoMessage = Object.create(null) as ProtoMessage;
  const data: BlobData = { dtype: 'float32', count: 0 };
  let unpacked = false;
  while (cursor.pos < end) {
    const header = tag(cursor, end, what);
    if (header.field === 7 && header.wire === Wire.Bytes) {
      const payloadEnd = cursor.length(end, `${what}.shape`);
      (blob.shape ??= []).push(decodeMessage(cursor, payloadEnd, { 1: { name: 'dim', kind: 'int' } }, `${what}.shape`));
      cursor.pos = payloadEnd;
    } else if (BLOB_LEGACY[header.field] && header.wire === Wire.Varint) {
      blob[BLOB_LEGACY[header.field]] = [cursor.int64(end, what)];
    } else if ((header.field === 5 || header.field === 8) && (header.wire === Wire.Bytes || header.wire === (header.field === 5 ? Wire.Fixed32 : Wire.Fixed64))) {
      const width = header.field === 5 ? 4 : 8;
      data.dtype = header.field === 5 ? 'float32' : 'float64';
      if (header.wire === Wire.Bytes) {
        const payloadEnd = cursor.length(end, `${what}.data`);
        const length = payloadEnd - cursor.pos;
        if (length % width !== 0) throw new FormatError(cursor.file.path, `${what}: packed ${data.dtype} data of ${length} bytes is not a multiple of ${width}`, { offset: cursor.pos });
        if (data.count === 0 && !unpacked) Object.assign(data, { offset: cursor.pos, byteLength: length });
        else Object.assign(data, { offset: undefined, byteLength: undefined });
        data.count += length / width;
        cursor.jump(payloadEnd, end, `${what}.data`);
      } else {
        // Unpacked repeated values (very old files): one tag per value, nothing to point at.
        unpacked = true;
        Object.assign(data, { offset: undefined, byteLength: undefined });
        data.count++;
        cursor.jump(cursor.pos + width, end, `${what}.data`);
      }
    } else cursor.skip(header, end, what);
  }
  blob.data = [data as unknown as ProtoMessage];
  return blob;
}
