// Reads a whole protobuf file (saved_model.pb, a frozen GraphDef) and decodes it with protobufjs. Tensor
// bytes (tensor_content) stay views into the one buffer, so TensorRefs get their file offsets; the buffer
// is dropped once the IR is built. Protobuf itself caps a message at 2 GiB.
import type * as protobuf from 'protobufjs/light';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';

const MAX_MESSAGE_BYTES = 2 ** 31 - 1;

/** The file's bytes and its decoded top-level message. */
export async function decodeFile<T>(path: string, type: protobuf.Type, what: string): Promise<{ message: T; buffer: Buffer; size: number }> {
  const buffer = await ModelFile.with(path, async (file) => {
    if (file.size === 0) throw new FormatError(path, `empty file: expected a ${what}`, { offset: 0 });
    if (file.size > MAX_MESSAGE_BYTES) throw new FormatError(path, `${file.size} bytes is more than a protobuf ${what} can hold (2 GiB)`);
    return file.read(0, file.size, what);
  });
  try {
    return { message: type.decode(buffer) as unknown as T, buffer, size: buffer.length };
  } catch (error) {
    const offset = (error as { instance?: unknown; offset?: number }).offset;
    throw new FormatError(path, `not a valid ${what}: ${(error as Error).message}`, offset === undefined ? undefined : { offset });
  }
}
