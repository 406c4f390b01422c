// The small ONNX messages (value types, opset ids, key/value entries) decoded whole with
// protobufjs from the ONNX schema. They never hold tensor data, so decoding them is cheap.
// onnxSchema.json is protobufjs's JSON form of onnx.proto (scripts/fixtures/onnxSchema.mjs).
import * as protobuf from 'protobufjs/light';
import type { Dim, TensorType } from '../../ir/graph';
import schema from './onnxSchema.json';
import { onnxDtypeName } from './onnxDtype';
import type { ProtobufCursor } from '../containers/protobufCursor';

const root = protobuf.Root.fromJSON(schema as protobuf.INamespace);
const ValueInfoProto = root.lookupType('onnx.ValueInfoProto');
const StringStringEntryProto = root.lookupType('onnx.StringStringEntryProto');
const OperatorSetIdProto = root.lookupType('onnx.OperatorSetIdProto');

interface LongLike {
  toNumber(): number;
}

/** A graph input, output or value_info entry. */
export interface OnnxValueInfo {
  name: string;
  type?: TensorType;
}

interface DecodedDim {
  dimValue?: number | LongLike;
  dimParam?: string;
}
interface DecodedType {
  tensorType?: { elemType?: number; shape?: { dim?: DecodedDim[] } };
  sparseTensorType?: { elemType?: number; shape?: { dim?: DecodedDim[] } };
  sequenceType?: { elemType?: DecodedType };
  mapType?: { keyType?: number; valueType?: DecodedType };
  optionalType?: { elemType?: DecodedType };
}

function has(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function toNumber(value: number | LongLike): number {
  return typeof value === 'number' ? value : value.toNumber();
}

function dimOf(dim: DecodedDim): Dim {
  if (has(dim, 'dimValue') && dim.dimValue !== undefined) return toNumber(dim.dimValue);
  if (has(dim, 'dimParam') && dim.dimParam) return dim.dimParam;
  return null;
}

/** Describes non-tensor types in the dtype string (sequence(float32)), with no shape. */
function typeOf(type: DecodedType | undefined): TensorType | undefined {
  if (!type) return undefined;
  const tensor = type.tensorType ?? type.sparseTensorType;
  if (tensor) {
    const dtype = onnxDtypeName(tensor.elemType ?? 0);
    return tensor.shape ? { dtype, shape: (tensor.shape.dim ?? []).map(dimOf) } : { dtype };
  }
  if (type.sequenceType) return { dtype: `sequence(${typeOf(type.sequenceType.elemType)?.dtype ?? '?'})` };
  if (type.optionalType) return { dtype: `optional(${typeOf(type.optionalType.elemType)?.dtype ?? '?'})` };
  if (type.mapType) return { dtype: `map(${onnxDtypeName(type.mapType.keyType ?? 0)},${typeOf(type.mapType.valueType)?.dtype ?? '?'})` };
  return undefined;
}

/**
 * Runs a protobufjs decode of the message at byte `at`, turning its errors (bad wire data) into
 * a FormatError that names the file and offset.
 */
export function decodeAt<T>(cursor: ProtobufCursor, payloadEnd: number, at: number, what: string, decode: (bytes: Uint8Array) => T): T {
  const bytes = cursor.bytes(payloadEnd, what);
  try {
    return decode(bytes);
  } catch (error) {
    throw cursor.error(at, `invalid ${what}: ${(error as Error).message}`);
  }
}

export function decodeValueInfo(bytes: Uint8Array): OnnxValueInfo {
  const message = ValueInfoProto.decode(bytes) as unknown as { name?: string; type?: DecodedType };
  const type = typeOf(message.type);
  return type ? { name: message.name ?? '', type } : { name: message.name ?? '' };
}

export function decodeStringEntry(bytes: Uint8Array): { key: string; value: string } {
  const message = StringStringEntryProto.decode(bytes) as unknown as { key?: string; value?: string };
  return { key: message.key ?? '', value: message.value ?? '' };
}

/** An opset import; the default domain '' is reported as ai.onnx. */
export function decodeOpsetId(bytes: Uint8Array): { domain: string; version: number } {
  const message = OperatorSetIdProto.decode(bytes) as unknown as { domain?: string; version?: number | LongLike };
  return { domain: message.domain || 'ai.onnx', version: message.version === undefined ? 0 : toNumber(message.version) };
}
