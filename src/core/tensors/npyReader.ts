// NumPy's .npy format (numpy.lib.format, versions 1-3): magic, a Python-literal header dict, then the array's
// bytes. Little-endian numeric and bool arrays in C order; anything else is refused with the reason.
import * as fs from 'node:fs';
import { FormatError } from '../formats/formatError';
import { shapeSize, typedFromBytes, type HostTensor } from './hostTensor';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

// NumPy dtype descriptors ('<f4'; '|' for one-byte types, '=' for native order) to the IR's dtype names.
const DESCRS: Record<string, string> = {
  f4: 'float32', f8: 'float64', f2: 'float16', i1: 'int8', u1: 'uint8', i2: 'int16', u2: 'uint16',
  i4: 'int32', u4: 'uint32', i8: 'int64', u8: 'uint64', b1: 'bool',
};

/** Reads the .npy file at `path`. */
export function readNpyFile(path: string): HostTensor {
  return readNpy(fs.readFileSync(path), path);
}

/** Parses .npy bytes; `file` (and `entry`, for an .npz member) name the source in errors. */
export function readNpy(bytes: Uint8Array, file: string, entry?: string): HostTensor {
  const fail = (offset: number, detail: string): FormatError => new FormatError(file, detail, entry === undefined ? { offset } : { entry: `${entry}, byte ${offset}` });
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) throw fail(0, 'expected the .npy magic \\x93NUMPY');
  const major = bytes[6];
  if (major < 1 || major > 3) throw fail(6, `unknown .npy format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw fail(8, `header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + headerStart, headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw fail(headerStart, `expected a header dict with 'descr', 'fortran_order' and 'shape', got ${JSON.stringify(header.trim())}`);
  }
  const order = descr[0];
  const dtype = DESCRS[descr.slice(1)];
  if (!dtype || !'<|='.includes(order)) {
    throw fail(headerStart, `dtype '${descr}' is not supported (little-endian float16/32/64, int8-64, uint8-64 or bool)`);
  }
  if (fortran === 'True') throw fail(headerStart, 'the array is in Fortran order; save it with numpy.ascontiguousarray first');
  const shape = shapeText.split(',').map((part) => part.trim()).filter((part) => part !== '').map(Number);
  if (shape.some((dim) => !Number.isInteger(dim) || dim < 0)) throw fail(headerStart, `bad shape (${shapeText})`);
  const count = shapeSize(shape);
  const width = Number(descr.slice(2));
  const needed = count * width;
  if (bytes.length - dataStart < needed) {
    throw fail(dataStart, `expected ${needed} bytes of data for shape (${shape.join(', ')}) ${dtype}, the file holds ${bytes.length - dataStart}`);
  }
  return { dtype, shape, data: typedFromBytes(dtype, bytes.subarray(dataStart), count) };
}
