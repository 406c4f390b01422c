// The IDX format of MNIST (LeCun's idx1/idx3-ubyte files): two zero bytes, a dtype byte, the number of dims, each
// dim as a big-endian uint32, then the elements big-endian in row-major order. Files ending in gzip (.gz, as
// MNIST is distributed) are inflated first; offsets in errors then count bytes of the inflated stream.
import * as fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FormatError } from '../../formats/formatError';
import { shapeSize, type HostTensor } from '../../tensors/hostTensor';

const DTYPES: Record<number, { dtype: string; width: number }> = {
  0x08: { dtype: 'uint8', width: 1 },
  0x09: { dtype: 'int8', width: 1 },
  0x0b: { dtype: 'int16', width: 2 },
  0x0c: { dtype: 'int32', width: 4 },
  0x0d: { dtype: 'float32', width: 4 },
  0x0e: { dtype: 'float64', width: 8 },
};

/** Reads the IDX file at `path`, gzip-compressed or not (told apart by the gzip magic, not the name). */
export function readIdxFile(path: string): HostTensor {
  return readIdx(inflateIfGzip(fs.readFileSync(path), path), path);
}

/** Parses IDX bytes; `file` names the source in errors. */
export function readIdx(bytes: Uint8Array, file: string): HostTensor {
  const fail = (offset: number, detail: string): FormatError => new FormatError(file, detail, { offset });
  if (bytes.length < 4) throw fail(0, `expected an IDX header of at least 4 bytes, the file holds ${bytes.length}`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw fail(0, `expected the IDX magic (two zero bytes), got 0x${hex(bytes[0])} 0x${hex(bytes[1])}`);
  const kind = DTYPES[bytes[2]];
  if (!kind) throw fail(2, `unknown IDX dtype byte 0x${hex(bytes[2])} (expected 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32 or 0x0E f64)`);
  const rank = bytes[3];
  const dataStart = 4 + 4 * rank;
  if (bytes.length < dataStart) throw fail(4, `expected ${rank} dims of 4 bytes each, the file ends at byte ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shapeSize(shape);
  const needed = count * kind.width;
  if (bytes.length - dataStart < needed) {
    throw fail(bytes.length, `the file ends early: shape [${shape.join(', ')}] ${kind.dtype} needs ${needed} bytes of data from byte ${dataStart}, the file holds ${bytes.length - dataStart}`);
  }
  return { dtype: kind.dtype, shape, data: decode(view, dataStart, count, kind.dtype) };
}

function decode(view: DataView, start: number, count: number, dtype: string): HostTensor['data'] {
  switch (dtype) {
    case 'uint8': return new Uint8Array(view.buffer.slice(view.byteOffset + start, view.byteOffset + start + count));
    case 'int8': return new Int8Array(view.buffer.slice(view.byteOffset + start, view.byteOffset + start + count));
    case 'int16': { const out = new Int16Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt16(start + 2 * i, false); return out; }
    case 'int32': { const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt32(start + 4 * i, false); return out; }
    case 'float32': { const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat32(start + 4 * i, false); return out; }
    default: { const out = new Float64Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat64(start + 8 * i, false); return out; }
  }
}

/** Inflates gzip bytes (magic 1F 8B), returns other bytes as they are. */
export function inflateIfGzip(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new FormatError(file, `expected a complete gzip stream: ${(error as Error).message}`, { offset: 0 });
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
