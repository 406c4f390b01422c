// One .safetensors file's header: an 8-byte little-endian length, then that many bytes of JSON mapping each
// tensor name to {dtype, shape, data_offsets} (offsets relative to the end of the header), plus an optional
// __metadata__ of strings. Every offset and size is checked against the dtype, the shape and the file.
import { FormatError } from '../formatError';
import type { ModelFile } from '../containers/modelFile';
import { packedBytes, safetensorsDtype } from './safetensorsDtype';

/** The safetensors library refuses headers above 100 MB; so do we, before allocating. */
const MAX_HEADER = 100_000_000;

/** One tensor entry with absolute byte offsets. */
export interface SafetensorsTensor {
  name: string;
  /** The file's dtype name, e.g. 'BF16'. */
  typeName: string;
  dtype: string;
  shape: number[];
  elements: number;
  /** Absolute offsets in the file. */
  begin: number;
  end: number;
}

/** What the header says. */
export interface SafetensorsHeader {
  headerBytes: number;
  dataStart: number;
  metadata: Record<string, string>;
  tensors: SafetensorsTensor[];
  warnings: string[];
  /** True when some tensor's bytes lie past the end of the file. */
  truncated: boolean;
}

/** Reads and checks the header of an open .safetensors file. */
export async function readSafetensorsHeader(file: ModelFile): Promise<SafetensorsHeader> {
  const fail = (detail: string, offset = 8): FormatError => new FormatError(file.path, detail, { offset });
  if (file.size < 8) throw fail(`not a safetensors file: ${file.size} bytes, less than the 8-byte header length`, 0);
  const length = (await file.read(0, 8, 'header length')).readBigUInt64LE(0);
  if (length > BigInt(Math.min(MAX_HEADER, file.size - 8))) throw fail(`header length is ${length} bytes, but ${file.size - 8 > MAX_HEADER ? `the limit is ${MAX_HEADER}` : `the file has ${file.size - 8} bytes after the length`}`, 0);
  const headerBytes = Number(length);
  const text = (await file.read(8, headerBytes, 'JSON header')).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`the header is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail('the header is not a JSON object of tensors');
  const dataStart = 8 + headerBytes;
  const dataBytes = file.size - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensor[] = [];
  const warnings: string[] = [];
  for (const [name, entry] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw fail('__metadata__ is not an object of strings');
      for (const [key, value] of Object.entries(entry)) metadata[key] = typeof value === 'string' ? value : JSON.stringify(value);
      continue;
    }
    tensors.push(tensorEntry(name, entry, dataStart, fail));
  }
  tensors.sort((a, b) => a.begin - b.begin);
  let truncated = false;
  let expected = dataStart;
  let gaps = 0;
  for (const tensor of tensors) {
    if (tensor.begin !== expected) gaps++;
    expected = tensor.end;
    if (tensor.end > file.size) truncated = true;
  }
  if (truncated) warnings.push(`tensor data runs past the end of the file (${file.size} bytes, ${dataBytes} after the header): truncated?`);
  else if (gaps > 0 || (tensors.length > 0 && expected !== file.size)) warnings.push('tensor data is not one contiguous block after the header (gaps, overlaps or trailing bytes)');
  return { headerBytes, dataStart, metadata, tensors, warnings, truncated };
}

function tensorEntry(name: string, entry: unknown, dataStart: number, fail: (detail: string) => FormatError): SafetensorsTensor {
  const record = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
  const what = `tensor ${JSON.stringify(name)}`;
  if (!record) throw fail(`${what}: expected an object with dtype, shape and data_offsets`);
  const typeName = record.dtype;
  const known = typeof typeName === 'string' ? safetensorsDtype(typeName) : undefined;
  if (!known) throw fail(`${what}: unknown dtype ${JSON.stringify(typeName)}`);
  const shape = record.shape;
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) throw fail(`${what}: shape must be a list of non-negative integers, found ${JSON.stringify(shape)}`);
  const offsets = record.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((value) => Number.isSafeInteger(value) && value >= 0) || offsets[0] > offsets[1]) {
    throw fail(`${what}: data_offsets must be [begin, end] with 0 <= begin <= end, found ${JSON.stringify(offsets)}`);
  }
  const elements = (shape as number[]).reduce((product, dim) => product * dim, 1);
  const bytes = packedBytes(known.bits, elements);
  if (!Number.isSafeInteger(elements) || offsets[1] - offsets[0] !== bytes) {
    throw fail(`${what}: ${typeName} of shape [${shape.join(', ')}] takes ${bytes} bytes, but data_offsets [${offsets.join(', ')}] span ${offsets[1] - offsets[0]}`);
  }
  return { name, typeName: typeName as string, dtype: known.dtype, shape: shape as number[], elements, begin: dataStart + offsets[0], end: dataStart + offsets[1] };
}
