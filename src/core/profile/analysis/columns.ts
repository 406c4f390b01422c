// Growable typed columns and a string table: what the trace analyses keep per event instead of event objects, so a
// trace of millions of events costs tens of bytes per kept event.

/** A Float64Array that grows by doubling; `view()` is the filled part (no copy). */
export class Float64Column {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** An Int32Array that grows by doubling. */
export class Int32Column {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
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
