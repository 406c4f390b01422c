// Dimension arithmetic shared by shape rules: symbolic dims survive where the math allows,
// and anything the math cannot decide becomes null (unknown), never a guess.
import type { Dim } from './graph';

export function isNumber(dim: Dim | undefined): dim is number {
  return typeof dim === 'number';
}

/** Every dim numeric. */
export function allNumbers(dims: readonly Dim[] | undefined): dims is number[] {
  return dims !== undefined && dims.every(isNumber);
}

/** Normalizes a possibly negative axis; undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const normalized = axis < 0 ? axis + rank : axis;
  return normalized >= 0 && normalized < rank ? normalized : undefined;
}

/** NumPy broadcasting of several shapes; undefined when they cannot broadcast. */
export function broadcast(shapes: readonly (readonly Dim[])[]): Dim[] | undefined {
  const rank = Math.max(0, ...shapes.map((shape) => shape.length));
  const result: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const shape of shapes) {
      const other = shape[shape.length - rank + i];
      if (other === undefined || other === 1) continue;
      if (dim === 1) dim = other;
      else if (isNumber(dim) && isNumber(other)) {
        if (dim !== other) return undefined;
      } else if (dim !== other) {
        // A symbol against a number > 1 must equal that number at run time; two different symbols are unknown.
        dim = isNumber(other) ? other : isNumber(dim) ? dim : null;
      }
    }
    result.push(dim);
  }
  return result;
}

/** Product of dims: a number, a lone symbol when the others are 1, else null. */
export function productDim(dims: readonly Dim[]): Dim {
  let numeric = 1;
  const symbols: Dim[] = [];
  for (const dim of dims) {
    if (isNumber(dim)) numeric *= dim;
    else symbols.push(dim);
  }
  if (symbols.length === 0) return numeric;
  if (symbols.length === 1 && numeric === 1 && symbols[0] !== null) return symbols[0];
  return null;
}

/** Sum of dims when all are numbers. */
export function sumDim(dims: readonly Dim[]): Dim {
  return dims.every(isNumber) ? (dims as number[]).reduce((a, b) => a + b, 0) : null;
}

/** Applies `f` to a numeric dim; symbols and unknowns become null. */
export function mapDim(dim: Dim | undefined, f: (value: number) => number): Dim {
  return isNumber(dim) ? f(dim) : null;
}

/**
 * Elements of a shape with symbolic dims taken at `assume` (1: per sample); undefined when a dim
 * is unknown. Records the symbols it assumed in `assumed`.
 */
export function elementsAssuming(shape: readonly Dim[] | undefined, assumed?: Set<string>, assume = 1): number | undefined {
  if (!shape) return undefined;
  let count = 1;
  for (const dim of shape) {
    if (isNumber(dim)) count *= dim;
    else if (typeof dim === 'string') {
      count *= assume;
      assumed?.add(dim);
    } else return undefined;
  }
  return count;
}
