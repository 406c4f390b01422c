// PyTorch tensors and storages as our unpickler rebuilds them: shape, dtype and where the bytes
// are (a zip entry or a span of a legacy file), never the bytes themselves.
import type { DType, TensorRef } from '../../ir/graph';

/** A storage a tensor points into; `file`/`offset` are filled once the archive entry is located. */
export interface TorchStorage {
  key: string;
  dtype: DType;
  elementSize: number;
  /** Elements in the storage as the pickle states it. */
  numel?: number;
  location?: string;
  file?: string;
  /** Byte offset of the storage's first element in `file` (stored zip entries, legacy files). */
  offset?: number;
  byteLength?: number;
  /** Set when the storage's bytes are absent from the archive. */
  missing?: boolean;
}

/** A tensor rebuilt from a pickle (torch._utils._rebuild_tensor_v2 and friends). */
export class TorchTensor {
  isParameter = false;
  constructor(
    readonly storage: TorchStorage | undefined,
    readonly storageOffset: number,
    readonly shape: number[],
    readonly stride: number[],
    public requiresGrad: boolean,
    readonly dtypeOverride?: DType,
  ) {}

  get dtype(): DType {
    return this.dtypeOverride ?? this.storage?.dtype ?? 'unknown';
  }

  get numel(): number {
    return this.shape.reduce((product, dim) => product * dim, 1);
  }

  /** True when the elements are one dense run in the storage (row-major strides). */
  get contiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.stride[i] !== expected) return false;
      expected *= this.shape[i];
    }
    return true;
  }

  /** The lazy IR reference: offset and length only when the bytes are one contiguous run in a located storage. */
  toRef(fallbackFile: string): TensorRef {
    const storage = this.storage;
    const ref: TensorRef = { dtype: this.dtype, shape: this.shape, file: storage?.file ?? fallbackFile };
    if (storage && storage.offset !== undefined && this.contiguous && !storage.missing) {
      ref.offset = storage.offset + this.storageOffset * storage.elementSize;
      ref.byteLength = this.numel * storage.elementSize;
    }
    return ref;
  }
}

/** Legacy storage class names (torch.FloatStorage, ...) to dtype and element size. */
const STORAGE_TYPES: Record<string, [DType, number]> = {
  FloatStorage: ['float32', 4],
  DoubleStorage: ['float64', 8],
  HalfStorage: ['float16', 2],
  BFloat16Storage: ['bfloat16', 2],
  LongStorage: ['int64', 8],
  IntStorage: ['int32', 4],
  ShortStorage: ['int16', 2],
  CharStorage: ['int8', 1],
  ByteStorage: ['uint8', 1],
  BoolStorage: ['bool', 1],
  ComplexFloatStorage: ['complex64', 8],
  ComplexDoubleStorage: ['complex128', 16],
  QInt8Storage: ['qint8', 1],
  QUInt8Storage: ['quint8', 1],
  QInt32Storage: ['qint32', 4],
  QUInt4x2Storage: ['quint4x2', 1],
  QUInt2x4Storage: ['quint2x4', 1],
  Float8_e4m3fnStorage: ['float8e4m3fn', 1],
  Float8_e5m2Storage: ['float8e5m2', 1],
  UntypedStorage: ['uint8', 1],
};

/** dtype and element size of a storage class name such as `FloatStorage`; undefined when unknown. */
export function storageType(name: string): [DType, number] | undefined {
  return STORAGE_TYPES[name];
}

/** torch dtype globals (torch.float32 as pickled by _rebuild_meta_tensor_no_storage) to our names. */
export function torchDtype(name: string): DType {
  const aliases: Record<string, DType> = { float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16', cfloat: 'complex64', cdouble: 'complex128' };
  return aliases[name] ?? name;
}
