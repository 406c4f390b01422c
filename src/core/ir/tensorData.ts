// Reads the values of small tensors (shapes, axes, scales) on demand: shape inference needs the
// `shape` input of a Reshape, never the weights. Larger tensors are refused, not read.
import * as fs from 'node:fs';
import type { TensorRef } from './graph';
import { elementCount } from './dtype';

/** Tensors with more elements than this are never read for inference. */
export const SMALL_TENSOR_ELEMENTS = 64;

const RAW_READERS: Record<string, { width: number; read: (view: DataView, at: number) => number }> = {
  int64: { width: 8, read: (view, at) => Number(view.getBigInt64(at, true)) },
  uint64: { width: 8, read: (view, at) => Number(view.getBigUint64(at, true)) },
  int32: { width: 4, read: (view, at) => view.getInt32(at, true) },
  uint32: { width: 4, read: (view, at) => view.getUint32(at, true) },
  int16: { width: 2, read: (view, at) => view.getInt16(at, true) },
  uint16: { width: 2, read: (view, at) => view.getUint16(at, true) },
  int8: { width: 1, read: (view, at) => view.getInt8(at) },
  uint8: { width: 1, read: (view, at) => view.getUint8(at) },
  bool: { width: 1, read: (view, at) => view.getUint8(at) },
  float32: { width: 4, read: (view, at) => view.getFloat32(at, true) },
  float64: { width: 8, read: (view, at) => view.getFloat64(at, true) },
};

/**
 * The values of a small numeric tensor, flattened, or undefined when it is large, sparse, stored
 * in an encoding this reader does not know, or its bytes cannot be read.
 */
export function readSmallTensor(ref: TensorRef, maxElements = SMALL_TENSOR_ELEMENTS): number[] | undefined {
  const count = elementCount(ref.shape);
  if (count > maxElements || ref.sparse || ref.offset === undefined || ref.byteLength === undefined) return undefined;
  if (count === 0) return [];
  const bytes = readRange(ref.file, ref.offset, ref.byteLength);
  if (!bytes) return undefined;
  if (ref.encoding === undefined) return decodeRaw(bytes, ref.dtype, count);
  if (ref.encoding === 'onnx.int64_data' || ref.encoding === 'onnx.uint64_data' || ref.encoding === 'onnx.int32_data') {
    const values = decodeVarints(bytes, ref.encoding !== 'onnx.uint64_data');
    return values.length === count ? values : undefined;
  }
  return undefined;
}

function decodeRaw(bytes: Uint8Array, dtype: string, count: number): number[] | undefined {
  const reader = RAW_READERS[dtype];
  if (!reader || bytes.length < reader.width * count) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(reader.read(view, i * reader.width));
  return values;
}

/** Packed protobuf varints; signed values are two's complement over 64 bits. */
function decodeVarints(bytes: Uint8Array, signed: boolean): number[] {
  const values: number[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    let result = 0n;
    let shift = 0n;
    let byte: number;
    do {
      if (pos >= bytes.length || shift > 63n) return [];
      byte = bytes[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    values.push(Number(signed ? BigInt.asIntN(64, result) : BigInt.asUintN(64, result)));
  }
  return values;
}

// The file read last stays open until the current synchronous job yields: inference reads the small
// tensors of one file back to back (thousands in a large graph), and an open and close for each cost more
// than the reads.
let openFile: { path: string; fd: number } | undefined;

function closeOpenFile(): void {
  if (!openFile) return;
  const { fd } = openFile;
  openFile = undefined;
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed: nothing left to release.
  }
}

function descriptorOf(file: string): number {
  if (openFile?.path === file) return openFile.fd;
  closeOpenFile();
  openFile = { path: file, fd: fs.openSync(file, 'r') };
  setImmediate(closeOpenFile);
  return openFile.fd;
}

function readRange(file: string, offset: number, length: number): Uint8Array | undefined {
  try {
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(descriptorOf(file), buffer, 0, length, offset);
    return read === length ? buffer : undefined;
  } catch {
    return undefined;
  }
}
