// Random input tensors of a declared dtype and shape, from a seeded generator so two profiles of one model
// feed the same values. Integers stay small and non-negative: int inputs are mostly indices (token ids,
// positions), which must lie inside the tables they index.
import { arrayClass, shapeSize, type HostTensor } from '../../tensors/hostTensor';

/** Largest integer value a random int input takes (inclusive). */
export const RANDOM_INT_MAX = 9;

/** A tensor of `dtype` and `shape` with values uniform in [-1, 1) (floats), 0..RANDOM_INT_MAX (ints) or 0/1 (bool). */
export function randomTensor(dtype: string, shape: number[], random: () => number): HostTensor {
  const Typed = arrayClass(dtype);
  if (!Typed) throw new Error(`cannot make random values of dtype ${dtype}: ONNX Runtime's Node binding feeds only ${['float16/32/64', 'int8-64', 'uint8-64', 'bool'].join(', ')}`);
  const count = shapeSize(shape);
  const data = new Typed(count);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) data[i] = BigInt(Math.floor(random() * (RANDOM_INT_MAX + 1)));
  } else if (dtype === 'float16') {
    for (let i = 0; i < count; i++) data[i] = float16Bits(random() * 2 - 1);
  } else if (dtype === 'bool') {
    for (let i = 0; i < count; i++) data[i] = random() < 0.5 ? 0 : 1;
  } else if (dtype.startsWith('float')) {
    for (let i = 0; i < count; i++) data[i] = random() * 2 - 1;
  } else {
    for (let i = 0; i < count; i++) data[i] = Math.floor(random() * (RANDOM_INT_MAX + 1));
  }
  return { dtype, shape, data };
}

/** IEEE half-precision bits of a value in (-1, 1) (normal range, or zero; rounding toward zero is fine for inputs). */
function float16Bits(value: number): number {
  const sign = value < 0 ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  if (magnitude < 6.103515625e-5) return sign;
  const exponent = Math.floor(Math.log2(magnitude));
  const mantissa = Math.floor((magnitude / 2 ** exponent - 1) * 1024);
  return sign | ((exponent + 15) << 10) | mantissa;
}
