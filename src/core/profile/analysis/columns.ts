// Growable typed columns and a string table: what the trace analyses keep per event instead of event objects, so a
// trace of millions of events costs tens of bytes per kept event.

type TypedArray = Float64Array | Int32Array | Uint8Array;

/**
 * A typed column that grows in fixed chunks (no copy while growing, so no 2× peak), made contiguous once at the end.
 * `take()` hands the contiguous array over and frees the chunks.
 */
class ChunkedColumn<T extends TypedArray> {
  private readonly chunks: T[] = [];
  private current: T;
  private used = 0;
  length = 0;

  constructor(private readonly make: (size: number) => T, private readonly chunkSize = 65_536) {
    this.current = make(chunkSize);
  }

  push(value: number): void {
    if (this.used === this.chunkSize) {
      this.chunks.push(this.current);
      this.current = this.make(this.chunkSize);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.length++;
  }

  take(): T {
    const out = this.make(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    out.set(this.current.subarray(0, this.used), offset);
    this.chunks.length = 0;
    this.current = this.make(0);
    this.used = 0;
    return out;
  }
}

export class Float64Column extends ChunkedColumn<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}

export class Int32Column extends ChunkedColumn<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}

export class Uint8Column extends ChunkedColumn<Uint8Array> {
  constructor() {
    super((n) => new Uint8Array(n));
  }
}

/** Distinct strings, each stored once; events keep the index. */
export class StringTable {
  private readonly indexes = new Map<string, number>();
  readonly values: string[] = [];

  intern(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }
}

/** Indices 0..n-1 ordered by `key` ascending (stable); skips the sort when the keys are already in order. */
export function orderBy(n: number, compare: (a: number, b: number) => number): Uint32Array {
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (sorted && i > 0 && compare(i - 1, i) > 0) sorted = false;
  }
  if (!sorted) order.sort((a, b) => compare(a, b) || a - b);
  return order;
}

/** A number from an event arg written as a number (or a numeric string, as some exporters do); NaN otherwise. */
export function numberArg(args: Record<string, unknown> | undefined, key: string): number {
  const value = args?.[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}
