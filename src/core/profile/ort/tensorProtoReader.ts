// An ONNX TensorProto in a .pb file (onnx.numpy_helper.from_array(...).SerializeToString(), the test_data_set
// inputs of the ONNX model zoo), walked by the ONNX reader's own TensorProto code.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { FormatError } from '../../formats/formatError';
import { ModelFile } from '../../formats/containers/modelFile';
import { ProtobufCursor } from '../../formats/containers/protobufCursor';
import { readTensor } from '../../formats/onnx/onnxTensor';
import { arrayClass, shapeSize, typedFromBytes, type HostTensor, type TensorData } from '../../tensors/hostTensor';

/** The tensor in the .pb file at `path`, and its name ('' when the file names none). */
export async function readTensorProtoFile(path: string): Promise<{ name: string; tensor: HostTensor }> {
  return ModelFile.with(path, async (file) => {
    if (file.size === 0) throw new FormatError(path, 'empty file: expected an ONNX TensorProto', { offset: 0 });
    const { name, ref } = readTensor({ cursor: new ProtobufCursor(file), modelDir: nodePath.dirname(path), warnings: [], externalSeen: new Map() }, file.size);
    const Typed = arrayClass(ref.dtype);
    if (!Typed) throw new FormatError(path, `tensor '${name}' has dtype ${ref.dtype}, which cannot be fed to ONNX Runtime from Node`);
    const count = shapeSize(ref.shape);
    if (ref.offset === undefined || ref.byteLength === undefined) {
      if (count === 0) return { name, tensor: { dtype: ref.dtype, shape: ref.shape, data: new Typed(0) } };
      throw new FormatError(path, `tensor '${name}' holds no data for its shape [${ref.shape.join(', ')}]`);
    }
    // External data (a location beside the .pb) is read from that file, like the model's own weights.
    const bytes = ref.file === path ? await file.read(ref.offset, ref.byteLength, `tensor '${name}' data`) : readRange(ref.file, ref.offset, ref.byteLength);
    const data = ref.encoding === undefined ? rawData(path, name, ref.dtype, bytes, count, ref.offset) : varintData(path, name, ref.dtype, ref.encoding, bytes, count, ref.offset);
    return { name, tensor: { dtype: ref.dtype, shape: ref.shape, data } };
  });
}

function readRange(file: string, offset: number, length: number): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(length);
    if (fs.readSync(fd, bytes, 0, length, offset) !== length) throw new FormatError(file, `expected ${length} bytes of external tensor data`, { offset });
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

function rawData(path: string, name: string, dtype: string, bytes: Uint8Array, count: number, offset: number): TensorData {
  const needed = count * (arrayClass(dtype)?.BYTES_PER_ELEMENT ?? 1);
  if (bytes.length !== needed) throw new FormatError(path, `tensor '${name}': expected ${needed} bytes of ${dtype} data, found ${bytes.length}`, { offset });
  return typedFromBytes(dtype, bytes, count);
}

/** int32_data (also carrying int8/16, uint8/16, bool and float16 bits), int64_data and uint64_data: packed varints. */
function varintData(path: string, name: string, dtype: string, encoding: string, bytes: Uint8Array, count: number, offset: number): TensorData {
  if (!['onnx.int32_data', 'onnx.int64_data', 'onnx.uint64_data'].includes(encoding)) {
    throw new FormatError(path, `tensor '${name}' stores its values as ${encoding.replace('onnx.', '')}, which is not read here`, { offset });
  }
  const Typed = arrayClass(dtype)!;
  const data = new Typed(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) throw new FormatError(path, `tensor '${name}': expected ${count} packed values, the field ends after ${i}`, { offset: offset + pos });
      const byte = bytes[pos++];
      value |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) break;
    }
    if (data instanceof BigInt64Array) data[i] = BigInt.asIntN(64, value);
    else if (data instanceof BigUint64Array) data[i] = BigInt.asUintN(64, value);
    else data[i] = Number(BigInt.asIntN(32, value));
  }
  if (pos !== bytes.length) throw new FormatError(path, `tensor '${name}': the packed field holds more than ${count} values`, { offset: offset + pos });
  return data;
}
