// A fixed-capacity ring of numbers in a Float64Array: pushing is O(1) and allocation-free, so a sampler can
// record every metric of every GPU each second for hours. Missing values are stored as NaN.

/** The last `capacity` numbers pushed, oldest first; null values read back as null. */
export class RingBuffer {
  private readonly data: Float64Array;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.data = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(value: number | null): void {
    const stored = value ?? Number.NaN;
    if (this.size < this.capacity) {
      this.data[(this.start + this.size) % this.capacity] = stored;
      this.size++;
    } else {
      this.data[this.start] = stored;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The i-th oldest value (0 = oldest); null for a missing value, undefined out of range. */
  at(i: number): number | null | undefined {
    if (i < 0 || i >= this.size) return undefined;
    const value = this.data[(this.start + i) % this.capacity];
    return Number.isNaN(value) ? null : value;
  }

  /** The newest value, or undefined when empty. */
  latest(): number | null | undefined {
    return this.at(this.size - 1);
  }

  /** A copy, oldest first, with NaN for missing values (columnar, as chart renderers take it). */
  toArray(): Float64Array {
    const out = new Float64Array(this.size);
    const firstRun = Math.min(this.size, this.capacity - this.start);
    out.set(this.data.subarray(this.start, this.start + firstRun), 0);
    if (firstRun < this.size) out.set(this.data.subarray(0, this.size - firstRun), firstRun);
    return out;
  }

  clear(): void {
    this.start = 0;
    this.size = 0;
  }
}
