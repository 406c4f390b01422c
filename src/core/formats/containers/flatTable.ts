// Checked, typed field reads of one flatbuffer table: field i sits at vtable slot 4 + 2i, absent
// fields give the schema's default. Vector lengths are checked against the file, and every
// element read draws on a budget of the file's size, so a file whose tables share one huge vector
// many times over cannot make the reader run for hours.
import { FormatError } from '../formatError';
import type { PagedByteBuffer } from './pagedByteBuffer';

/** Elements one file may make the reader visit: its size in bytes plus a margin for tiny files. */
export class ReadBudget {
  private left: number;

  constructor(readonly bytes: PagedByteBuffer) {
    this.left = bytes.capacity() + (1 << 20);
  }

  spend(count: number, offset: number, what: string): void {
    this.left -= count;
    if (this.left < 0) throw new FormatError(this.bytes.file.path, `${what}: the tables reference more elements than the file holds (shared or overlapping vectors)`, { offset });
  }
}

/** Where a vector's elements start and how many there are. */
export interface VectorSpan {
  start: number;
  length: number;
}

/** One table at `pos`; `what` names it in errors (e.g. `subgraph 0 tensor 12`). */
export class FlatTable {
  constructor(
    readonly budget: ReadBudget,
    readonly pos: number,
    readonly what: string,
  ) {}

  private get bb(): PagedByteBuffer {
    return this.budget.bytes;
  }

  /** Offset of field `id` from the table start, 0 when absent. */
  private offset(id: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * id);
  }

  has(id: number): boolean {
    return this.offset(id) !== 0;
  }

  uint8(id: number, fallback = 0): number {
    const o = this.offset(id);
    return o ? this.bb.readUint8(this.pos + o) : fallback;
  }

  int8(id: number, fallback = 0): number {
    const o = this.offset(id);
    return o ? this.bb.readInt8(this.pos + o) : fallback;
  }

  bool(id: number, fallback = false): boolean {
    const o = this.offset(id);
    return o ? this.bb.readUint8(this.pos + o) !== 0 : fallback;
  }

  int32(id: number, fallback = 0): number {
    const o = this.offset(id);
    return o ? this.bb.readInt32(this.pos + o) : fallback;
  }

  uint32(id: number, fallback = 0): number {
    const o = this.offset(id);
    return o ? this.bb.readUint32(this.pos + o) : fallback;
  }

  /** A 64-bit field as a number (exact below 2^53: file offsets and sizes). */
  int64(id: number, fallback = 0): number {
    const o = this.offset(id);
    return o ? Number(this.bb.readInt64(this.pos + o)) : fallback;
  }

  uint64(id: number, fallback = 0): number {
    const o = this.offset(id);
    return o ? Number(this.bb.readUint64(this.pos + o)) : fallback;
  }

  float32(id: number, fallback = 0): number {
    const o = this.offset(id);
    return o ? this.bb.readFloat32(this.pos + o) : fallback;
  }

  string(id: number): string | undefined {
    const o = this.offset(id);
    if (!o) return undefined;
    const length = this.bb.readInt32(this.bb.__indirect(this.pos + o));
    this.budget.spend(Math.max(0, length), this.pos + o, `${this.what} string`);
    return this.bb.__string(this.pos + o);
  }

  table(id: number, what: string): FlatTable | undefined {
    const o = this.offset(id);
    return o ? new FlatTable(this.budget, this.bb.__indirect(this.pos + o), what) : undefined;
  }

  /** A union's table with its type tag (the tag is field `typeId`, the table `typeId + 1`); undefined for NONE. */
  union(typeId: number, what: string): { type: number; table: FlatTable } | undefined {
    const type = this.uint8(typeId);
    const table = type ? this.table(typeId + 1, what) : undefined;
    return table ? { type, table } : undefined;
  }

  /** Start and length of vector field `id` with elements `width` bytes wide, checked against the file; nothing read. */
  vector(id: number, width: number): VectorSpan | undefined {
    const o = this.offset(id);
    if (!o) return undefined;
    const start = this.bb.__vector(this.pos + o);
    const length = this.bb.readInt32(start - 4);
    if (length < 0 || start + length * width > this.bb.capacity()) {
      throw new FormatError(this.bb.file.path, `${this.what}: vector field ${id} of ${length} elements at offset ${start} runs past the end of the ${this.bb.capacity()}-byte file`, { offset: start });
    }
    return { start, length };
  }

  /** The first `limit` elements of a scalar vector (all by default), or undefined when absent. */
  private scalars<T>(id: number, width: number, read: (at: number) => T, limit = Infinity): T[] | undefined {
    const span = this.vector(id, width);
    if (!span) return undefined;
    const count = Math.min(span.length, limit);
    this.budget.spend(count, span.start, this.what);
    const out: T[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = read(span.start + i * width);
    return out;
  }

  int32s(id: number, limit?: number): number[] | undefined {
    return this.scalars(id, 4, (at) => this.bb.readInt32(at), limit);
  }

  float32s(id: number, limit?: number): number[] | undefined {
    return this.scalars(id, 4, (at) => this.bb.readFloat32(at), limit);
  }

  int64s(id: number, limit?: number): number[] | undefined {
    return this.scalars(id, 8, (at) => Number(this.bb.readInt64(at)), limit);
  }

  bools(id: number, limit?: number): boolean[] | undefined {
    return this.scalars(id, 1, (at) => this.bb.readUint8(at) !== 0, limit);
  }

  /** Length of vector field `id` (0 when absent), checked, with no element read. */
  length(id: number, width: number): number {
    return this.vector(id, width)?.length ?? 0;
  }

  /** Tables of vector field `id`; `name(i)` names each in errors. */
  tables(id: number, name: (index: number) => string): FlatTable[] {
    const span = this.vector(id, 4);
    if (!span) return [];
    this.budget.spend(span.length, span.start, this.what);
    const out: FlatTable[] = new Array(span.length);
    for (let i = 0; i < span.length; i++) out[i] = new FlatTable(this.budget, this.bb.__indirect(span.start + 4 * i), name(i));
    return out;
  }

  /** Table `index` of vector field `id` without visiting the others (the model's buffers). */
  tableAt(id: number, index: number, what: string): FlatTable | undefined {
    const span = this.vector(id, 4);
    if (!span || index < 0 || index >= span.length) return undefined;
    return new FlatTable(this.budget, this.bb.__indirect(span.start + 4 * index), what);
  }
}
