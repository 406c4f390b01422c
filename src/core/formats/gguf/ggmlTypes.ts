// The ggml tensor types a GGUF file names by number (enum ggml_type in llama.cpp's ggml/include/ggml.h), with
// their block size (elements per block) and bytes per block (gguf-py's GGML_QUANT_SIZES). Numbers 4, 5 and
// 31-33, 36-38 were removed upstream and are unknown here, as is anything newer than the table.

/** One ggml type: how many elements a block holds and how many bytes it takes. */
export interface GgmlType {
  id: number;
  /** ggml's name, e.g. 'Q4_K'. */
  name: string;
  blockSize: number;
  bytesPerBlock: number;
  /** The IR dtype: the plain name for unquantized types (float16, int32), else the ggml name in lower case (q4_k). */
  dtype: string;
}

const QK_K = 256;

// [id, name, elements per block, bytes per block, IR dtype when not quantized]
const TABLE: readonly [number, string, number, number, string?][] = [
  [0, 'F32', 1, 4, 'float32'],
  [1, 'F16', 1, 2, 'float16'],
  [2, 'Q4_0', 32, 2 + 16],
  [3, 'Q4_1', 32, 2 + 2 + 16],
  [6, 'Q5_0', 32, 2 + 4 + 16],
  [7, 'Q5_1', 32, 2 + 2 + 4 + 16],
  [8, 'Q8_0', 32, 2 + 32],
  [9, 'Q8_1', 32, 4 + 32],
  [10, 'Q2_K', QK_K, 2 + 2 + QK_K / 16 + QK_K / 4],
  [11, 'Q3_K', QK_K, 2 + QK_K / 4 + QK_K / 8 + 12],
  [12, 'Q4_K', QK_K, 2 + 2 + QK_K / 2 + 12],
  [13, 'Q5_K', QK_K, 2 + 2 + QK_K / 2 + QK_K / 8 + 12],
  [14, 'Q6_K', QK_K, 2 + QK_K / 2 + QK_K / 4 + QK_K / 16],
  [15, 'Q8_K', QK_K, 4 + QK_K + QK_K / 8],
  [16, 'IQ2_XXS', QK_K, 2 + QK_K / 4],
  [17, 'IQ2_XS', QK_K, 2 + QK_K / 4 + QK_K / 32],
  [18, 'IQ3_XXS', QK_K, 2 + QK_K / 4 + QK_K / 8],
  [19, 'IQ1_S', QK_K, 2 + QK_K / 8 + QK_K / 16],
  [20, 'IQ4_NL', 32, 2 + 16],
  [21, 'IQ3_S', QK_K, 2 + QK_K / 4 + QK_K / 8 + QK_K / 32 + 4],
  [22, 'IQ2_S', QK_K, 2 + QK_K / 4 + QK_K / 16],
  [23, 'IQ4_XS', QK_K, 2 + 2 + QK_K / 2 + QK_K / 64],
  [24, 'I8', 1, 1, 'int8'],
  [25, 'I16', 1, 2, 'int16'],
  [26, 'I32', 1, 4, 'int32'],
  [27, 'I64', 1, 8, 'int64'],
  [28, 'F64', 1, 8, 'float64'],
  [29, 'IQ1_M', QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32],
  [30, 'BF16', 1, 2, 'bfloat16'],
  [34, 'TQ1_0', QK_K, 2 + 4 * 13],
  [35, 'TQ2_0', QK_K, 2 + 64],
  [39, 'MXFP4', 32, 1 + 16],
  [40, 'NVFP4', 64, 4 + 32],
];

const BY_ID = new Map<number, GgmlType>(
  TABLE.map(([id, name, blockSize, bytesPerBlock, dtype]) => [id, { id, name, blockSize, bytesPerBlock, dtype: dtype ?? name.toLowerCase() }]),
);

/** The type numbered `id`, or undefined for removed and unknown numbers. */
export function ggmlType(id: number): GgmlType | undefined {
  return BY_ID.get(id);
}

/** Every known type, in ggml's order. */
export function ggmlTypes(): GgmlType[] {
  return [...BY_ID.values()];
}

/** Bits per element of a known type (4.5 for Q4_K): for byte sizes of tensors the IR's dtype table does not list. */
export function ggmlBitsPerElement(type: GgmlType): number {
  return (type.bytesPerBlock * 8) / type.blockSize;
}

/** Bytes of `elements` values of `type`, whole blocks (ggml requires a row to be a whole number of blocks). */
export function ggmlByteSize(type: GgmlType, elements: number): number {
  return Math.ceil(elements / type.blockSize) * type.bytesPerBlock;
}
