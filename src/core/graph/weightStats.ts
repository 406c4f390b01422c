// Statistics of one stored weight tensor (min, max, mean, std), computed only when asked, by
// streaming the tensor's bytes from the file in chunks: the weights never sit in memory whole.
import * as fs from 'node:fs/promises';
import type { TensorRef } from '../ir/graph';
import { elementCount } from '../ir/dtype';
import type { WeightStats } from '../protocol/graph';

const CHUNK_BYTES = 1 << 20;

type Reader = { width: number; read: (view: DataView, at: number) => number };

function halfToFloat(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

const READERS: Record<string, Reader> = {
  float32: { width: 4, read: (view, at) => view.getFloat32(at, true) },
  float64: { width: 8, read: (view, at) => view.getFloat64(at, true) },
  float16: { width: 2, read: (view, at) => halfToFloat(view.getUint16(at, true)) },
  bfloat16: { width: 2, read: (view, at) => new Float32Array(new Uint32Array([view.getUint16(at, true) << 16]).buffer)[0] },
  int8: { width: 1, read: (view, at) => view.getInt8(at) },
  uint8: { width: 1, read: (view, at) => view.getUint8(at) },
  int16: { width: 2, read: (view, at) => view.getInt16(at, true) },
  uint16: { width: 2, read: (view, at) => view.getUint16(at, true) },
  int32: { width: 4, read: (view, at) => view.getInt32(at, true) },
  uint32: { width: 4, read: (view, at) => view.getUint32(at, true) },
  int64: { width: 8, read: (view, at) => Number(view.getBigInt64(at, true)) },
};

/** Why `ref` cannot be streamed, or undefined when it can. */
export function unreadableReason(ref: TensorRef): string | undefined {
  if (ref.sparse) return 'sparse tensors are not read';
  if (ref.encoding) return `values stored as ${ref.encoding} are not read`;
  if (ref.offset === undefined) return 'the file does not say where the values are';
  if (!READERS[ref.dtype]) return `${ref.dtype} values are not read`;
  return undefined;
}

/** Streams `ref` from its file and returns its statistics; throws with a reason for tensors it cannot read. */
export async function weightStats(ref: TensorRef): Promise<WeightStats> {
  const reason = unreadableReason(ref);
  if (reason) throw new Error(`${ref.file}: ${reason}`);
  const reader = READERS[ref.dtype];
  const count = elementCount(ref.shape);
  const bytes = count * reader.width;
  if (ref.byteLength !== undefined && ref.byteLength < bytes) throw new Error(`${ref.file} (at byte ${ref.offset}): ${ref.dtype}[${ref.shape.join(', ')}] needs ${bytes} bytes but ${ref.byteLength} are stored`);
  const handle = await fs.open(ref.file, 'r');
  // Welford's update keeps the variance exact enough over millions of values.
  let seen = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  try {
    const chunk = Buffer.alloc(Math.min(CHUNK_BYTES - (CHUNK_BYTES % reader.width), Math.max(reader.width, bytes)));
    for (let done = 0; done < bytes; ) {
      const want = Math.min(chunk.length, bytes - done);
      const { bytesRead } = await handle.read(chunk, 0, want, ref.offset! + done);
      if (bytesRead < want) throw new Error(`${ref.file} (at byte ${ref.offset! + done + bytesRead}): the file ends inside ${ref.dtype}[${ref.shape.join(', ')}]`);
      const view = new DataView(chunk.buffer, chunk.byteOffset, want);
      for (let at = 0; at < want; at += reader.width) {
        const value = reader.read(view, at);
        if (!Number.isFinite(value)) {
          nonFinite++;
          continue;
        }
        seen++;
        const delta = value - mean;
        mean += delta / seen;
        m2 += delta * (value - mean);
        if (value < min) min = value;
        if (value > max) max = value;
      }
      done += want;
    }
  } finally {
    await handle.close();
  }
  return { count, min: seen ? min : NaN, max: seen ? max : NaN, mean: seen ? mean : NaN, std: seen ? Math.sqrt(m2 / seen) : NaN, nonFinite };
}
