// Growable typed columns and a string table: what the trace analyses keep per event instead of event objects, so a
// trace of millions of events costs tens of bytes per kept event.

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** What a number column hands over: Float32 when every value it kept is exactly a float32, else Float64. */
export type NumberArray = Float32Array | Float64Array;
/** What an index column hands over (indexes ≥ -1): the narrowest signed type that holds every value it kept. */
export type IndexArray = Int8Array | Int16Array | Int32Array;

/**
 * A typed column that grows in fixed chunks (no copy while growing, so no 2× peak), made contiguous once at the end.
 * `take()` hands the contiguous array over and frees the chunks. `widen` converts what is kept to a wider type (exact:
 * every value of the narrow type is one of the wide type), for the columns that start narrow.
 */
class ChunkedColumn<T extends TypedArray> {
  private chunks: T[] = [];
  private current: T;
  private used = 0;
  length = 0;

  constructor(private make: (size: number) => T, private readonly chunkSize = 65_536) {
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

  protected widen(make: (size: number) => T): void {
    this.make = make;
    const convert = (chunk: T): T => {
      const wide = make(chunk.length);
      wide.set(chunk);
      return wide;
    };
    this.chunks = this.chunks.map(convert);
    this.current = convert(this.current);
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

export class Uint8Column extends ChunkedColumn<Uint8Array> {
  constructor() {
    super((n) => new Uint8Array(n));
  }
}

/** Numbers kept as float32 (4 bytes) while each one is exactly a float32 (whole µs, small ids, NaN), else float64. */
export class NumberColumn extends ChunkedColumn<NumberArray> {
  private wide = false;

  constructor() {
    super((n) => new Float32Array(n));
  }

  override push(value: number): void {
    if (!this.wide && Math.fround(value) !== value && !Number.isNaN(value)) {
      this.wide = true;
      this.widen((n) => new Float64Array(n));
    }
    super.push(value);
  }
}

/** Indexes into a table (-1: none) and small ids, kept in 1, 2 or 4 bytes: the narrowest type that holds all so far. */
export class IndexColumn extends ChunkedColumn<IndexArray> {
  private bound = 127;

  constructor() {
    super((n) => new Int8Array(n));
  }

  override push(value: number): void {
    if (value > this.bound || value < -this.bound - 1) {
      const magnitude = Math.max(Math.abs(value), this.bound);
      if (magnitude > 32_767 || value < -32_768) {
        this.bound = 2_147_483_647;
        this.widen((n) => new Int32Array(n));
      } else {
        this.bound = 32_767;
        this.widen((n) => new Int16Array(n));
      }
    }
    super.push(value);
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
