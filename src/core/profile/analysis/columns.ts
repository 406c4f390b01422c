// Growable typed columns and a string table: what the trace analyses keep per event instead of event objects, so a
// trace of millions of events costs tens of bytes per kept event.

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** What a number column hands over: Float32 when every value it kept is exactly a float32, else Float64. */
export type NumberArray = Float32Array | Float64Array;
/** What an index column hands over (indexes ≥ -1): the narrowest signed type that holds every value it kept. */
export type IndexArray = Int8Array | Int16Array | Int32Array;

/** ES2024's resizable ArrayBuffer (Node 20 has it; the ES2022 lib does not declare it). */
interface ResizableBuffer extends ArrayBuffer {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableBuffer;
const canResize = typeof (ArrayBuffer.prototype as Partial<ResizableBuffer>).resize === 'function';
/** Address space a column reserves (pages are committed only as it grows, and resident only once written). */
const MAX_COLUMN_BYTES = 2 ** 32;

type Make<T> = (buffer: ArrayBuffer, length?: number) => T;

/**
 * A typed column over a resizable ArrayBuffer: it grows in place (no copy, no 2× peak while growing); `take()` copies
 * the kept rows into a plain array and shrinks the buffer to nothing at once (pages freed now, not at the next GC), so
 * the peak is one column twice. Without resizable buffers it doubles and copies. Each subclass writes its own `push`
 * so every store site sees one or two array types (a shared one would see six and go megamorphic). `widen` converts
 * what is kept to a wider type (exact: every value of the narrow type is one of the wide type).
 */
class GrowableColumn<T extends TypedArray> {
  private buffer!: ArrayBuffer;
  protected view!: T;
  protected capacity = 0;
  length = 0;

  constructor(private make: Make<T>, private bytesPerRow: number) {
    this.allocate(4096);
  }

  private allocate(capacity: number): void {
    const bytes = capacity * this.bytesPerRow;
    this.buffer = canResize && bytes <= MAX_COLUMN_BYTES ? new ResizableArrayBuffer(bytes, { maxByteLength: MAX_COLUMN_BYTES }) : new ArrayBuffer(bytes);
    this.view = this.make(this.buffer);
    this.capacity = capacity;
  }

  /** Makes room for at least one more row. */
  protected grow(): void {
    const capacity = Math.max(4096, this.capacity * 2);
    const buffer = this.buffer as ResizableBuffer;
    if (typeof buffer.resize === 'function' && capacity * this.bytesPerRow <= buffer.maxByteLength) {
      buffer.resize(capacity * this.bytesPerRow);
      // The view has a fixed length; a new one over the grown buffer.
      this.view = this.make(buffer);
      this.capacity = capacity;
      return;
    }
    const kept = this.view.subarray(0, this.length);
    this.allocate(capacity);
    this.view.set(kept);
  }

  protected widen(make: Make<T>, bytesPerRow: number): void {
    const kept = this.view.subarray(0, this.length);
    this.make = make;
    this.bytesPerRow = bytesPerRow;
    this.allocate(this.capacity);
    this.view.set(kept);
  }

  take(): T {
    const out = this.view.slice(0, this.length) as T;
    const buffer = this.buffer as ResizableBuffer;
    if (typeof buffer.resize === 'function') buffer.resize(0);
    // Emptied: a plain empty buffer (reserves nothing) until a push grows it again.
    this.buffer = new ArrayBuffer(0);
    this.view = this.make(this.buffer);
    this.capacity = 0;
    this.length = 0;
    return out;
  }
}

export class Float64Column extends GrowableColumn<Float64Array> {
  constructor() {
    super((b, n) => new Float64Array(b, 0, n), 8);
  }

  push(value: number): void {
    if (this.length === this.capacity) this.grow();
    this.view[this.length++] = value;
  }
}

export class Uint8Column extends GrowableColumn<Uint8Array> {
  constructor() {
    super((b, n) => new Uint8Array(b, 0, n), 1);
  }

  push(value: number): void {
    if (this.length === this.capacity) this.grow();
    this.view[this.length++] = value;
  }
}

/** Numbers kept as float32 (4 bytes) while each one is exactly a float32 (whole µs, small ids, NaN), else float64. */
export class NumberColumn extends GrowableColumn<NumberArray> {
  private wide = false;

  constructor() {
    super((b, n) => new Float32Array(b, 0, n), 4);
  }

  push(value: number): void {
    if (!this.wide && Math.fround(value) !== value && !Number.isNaN(value)) {
      this.wide = true;
      this.widen((b, n) => new Float64Array(b, 0, n), 8);
    }
    if (this.length === this.capacity) this.grow();
    this.view[this.length++] = value;
  }
}

/** Indexes into a table (-1: none) and small ids, kept in 1, 2 or 4 bytes: the narrowest type that holds all so far. */
export class IndexColumn extends GrowableColumn<IndexArray> {
  private bound = 127;

  constructor() {
    super((b, n) => new Int8Array(b, 0, n), 1);
  }

  push(value: number): void {
    if (value > this.bound || value < -this.bound - 1) {
      const magnitude = Math.max(Math.abs(value), this.bound);
      if (magnitude > 32_767 || value < -32_768) {
        this.bound = 2_147_483_647;
        this.widen((b, n) => new Int32Array(b, 0, n), 4);
      } else {
        this.bound = 32_767;
        this.widen((b, n) => new Int16Array(b, 0, n), 2);
      }
    }
    if (this.length === this.capacity) this.grow();
    this.view[this.length++] = value;
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
  if (!sorted) mergeSort(order, compare);
  return order;
}

/**
 * Stable bottom-up merge sort of indices, with one Uint32Array of scratch (4 bytes a row). TypedArray#sort with a
 * comparator copies into two heap arrays of 8 bytes a row; and trace rows come nearly sorted, so most runs are already
 * in order and are copied whole.
 */
function mergeSort(order: Uint32Array, compare: (a: number, b: number) => number): void {
  const n = order.length;
  let src: Uint32Array = order;
  let dst: Uint32Array = new Uint32Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      if (mid === hi || compare(src[mid - 1], src[mid]) <= 0) {
        dst.set(src.subarray(lo, hi), lo);
        continue;
      }
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  if (src !== order) order.set(src);
}

/** A number from an event arg written as a number (or a numeric string, as some exporters do); NaN otherwise. */
export function numberArg(args: Record<string, unknown> | undefined, key: string): number {
  const value = args?.[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}
