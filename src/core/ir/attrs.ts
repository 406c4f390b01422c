// Type guards over attribute values, for code that reads the IR without knowing the format.
import type { AttrValue, TensorRef } from './graph';

/** True for attribute values that are lazy tensors. */
export function isTensorRef(value: AttrValue | undefined): value is TensorRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'file' in value && 'dtype' in value && 'shape' in value;
}
