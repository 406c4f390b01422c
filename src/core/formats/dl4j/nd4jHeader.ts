// The header of an ND4J array as Nd4j.write stores it (Java DataOutputStream, big-endian): the
// shape-info buffer, then the data buffer's allocation mode, length and type. Only the first bytes
// are needed; the values after the header are never read.

/** The flattened array's element count and type, and where its values start. */
export interface Nd4jHeader {
  shape: number[];
  order: string;
  length: number;
  dtype: string;
  /** ND4J's type name as written (FLOAT, DOUBLE, HALF, ...). */
  typeName: string;
  /** Bytes before the first value. */
  headerBytes: number;
  /** Bytes per value (0 when the type has no fixed width). */
  width: number;
}

/** Allocation modes whose buffers write a 64-bit length (newer ND4J); the older ones write 32 bits. */
const LONG_LENGTH = new Set(['LONG_SHAPE', 'MIXED_DATA_TYPES']);
const OLD_MODES = new Set(['HEAP', 'JAVACPP', 'DIRECT']);
const TYPES: Record<string, [string, number]> = {
  FLOAT: ['float32', 4], DOUBLE: ['float64', 8], HALF: ['float16', 2], BFLOAT16: ['bfloat16', 2], INT: ['int32', 4], LONG: ['int64', 8],
  SHORT: ['int16', 2], BYTE: ['int8', 1], UBYTE: ['uint8', 1], BOOL: ['bool', 1], UINT16: ['uint16', 2], UINT32: ['uint32', 4], UINT64: ['uint64', 8],
};

/** Why a header could not be read, with the byte offset inside the entry. */
export class Nd4jHeaderError extends Error {
  constructor(
    readonly offset: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** Parses the header from the first bytes of the entry; throws Nd4jHeaderError when they are not one. */
export function parseNd4jHeader(bytes: Uint8Array): Nd4jHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (count: number, what: string) => {
    if (at + count > bytes.length) throw new Nd4jHeaderError(at, `the ND4J header ends inside ${what} (needs ${count} bytes at ${at}, has ${bytes.length})`);
  };
  const utf = (what: string): string => {
    need(2, what);
    const length = view.getUint16(at);
    at += 2;
    need(length, what);
    const text = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return text;
  };
  const buffer = (what: string): { mode: string; length: number; type: string } => {
    const modeAt = at;
    const mode = utf(`${what} allocation mode`);
    if (!LONG_LENGTH.has(mode) && !OLD_MODES.has(mode)) throw new Nd4jHeaderError(modeAt, `'${mode.slice(0, 32)}' is no ND4J allocation mode (expected ${[...OLD_MODES, ...LONG_LENGTH].join(', ')})`);
    let length: number;
    if (LONG_LENGTH.has(mode)) {
      need(8, `${what} length`);
      const big = view.getBigInt64(at);
      if (big < 0n || big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Nd4jHeaderError(at, `${what} length ${big} is out of range`);
      length = Number(big);
      at += 8;
    } else {
      need(4, `${what} length`);
      length = view.getInt32(at);
      if (length < 0) throw new Nd4jHeaderError(at, `${what} length ${length} is negative`);
      at += 4;
    }
    return { mode, length, type: utf(`${what} type`) };
  };
  const info = buffer('shape buffer');
  const infoWidth = info.type === 'LONG' ? 8 : info.type === 'INT' ? 4 : 0;
  if (!infoWidth) throw new Nd4jHeaderError(at, `shape buffer of type '${info.type}' (expected INT or LONG)`);
  if (info.length < 1 || info.length > 2 * 32 + 4) throw new Nd4jHeaderError(at, `shape buffer of ${info.length} values is not a shape description`);
  need(info.length * infoWidth, 'shape buffer values');
  const values = Array.from({ length: info.length }, (_, i) => (infoWidth === 8 ? Number(view.getBigInt64(at + 8 * i)) : view.getInt32(at + 4 * i)));
  at += info.length * infoWidth;
  const rank = values[0];
  if (rank < 0 || rank > 32 || info.length < 2 * rank + 3) throw new Nd4jHeaderError(at, `shape buffer rank ${rank} does not fit its ${info.length} values`);
  const shape = values.slice(1, 1 + rank);
  const order = String.fromCharCode(values[values.length - 1]);
  const data = buffer('data buffer');
  const [dtype, width] = TYPES[data.type] ?? [data.type.toLowerCase(), 0];
  return { shape, order, length: data.length, dtype, typeName: data.type, headerBytes: at, width };
}
