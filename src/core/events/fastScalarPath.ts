// The hot path: an Event whose summary holds only scalars (simple_value, or a rank-0 float/double
// tensor of a scalar tag) is read straight off the wire into the sink (batch columns or the run store), with no objects.
// Anything else (other fields, metadata, histograms, unusual encodings) returns false, and the caller
// decodes the record with protobufjs. Wire format: https://protobuf.dev/programming-guides/encoding/
import type { EventSink } from './eventBatch';
import type { TagTable } from './tagTable';

let cursor = 0; // position after the last varint read; module state keeps the readers allocation-free

// The values of the event being decoded: nothing reaches the sink until the whole event checks out.
const MAX_VALUES = 64;
const pendingTags = new Int32Array(MAX_VALUES);
const pendingValues = new Float64Array(MAX_VALUES);

/** A varint of up to 35 bits (lengths, enums); -1 when it runs past `end`. Sets `cursor`. */
function varint32(b: Uint8Array, pos: number, end: number): number {
  if (pos + 4 < end) {
    // Unrolled for the usual one- to four-byte varints: shifts, no floating point.
    let byte = b[pos];
    if (byte < 0x80) return (cursor = pos + 1), byte;
    let value = byte & 0x7f;
    byte = b[pos + 1];
    value |= (byte & 0x7f) << 7;
    if (byte < 0x80) return (cursor = pos + 2), value;
    byte = b[pos + 2];
    value |= (byte & 0x7f) << 14;
    if (byte < 0x80) return (cursor = pos + 3), value;
    byte = b[pos + 3];
    value |= (byte & 0x7f) << 21;
    if (byte < 0x80) return (cursor = pos + 4), value;
  }
  let value = 0;
  for (let shift = 0; shift < 35 && pos < end; shift += 7) {
    const byte = b[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return (cursor = pos), value;
  }
  return -1;
}

/** An int64 varint (steps); NaN when it runs past `end`. Sets `cursor`. */
function varint64(b: Uint8Array, pos: number, end: number): number {
  const short = varint32(b, pos, end);
  if (short >= 0) return short;
  // Six bytes or more: above 2^35, or negative (ten bytes, two's complement). Rare; BigInt is fine.
  let big = 0n;
  for (let i = 0; i < 10 && pos + i < end; i++) {
    const byte = b[pos + i];
    big |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if (byte < 0x80) return (cursor = pos + i + 1), Number(BigInt.asIntN(64, big));
  }
  return NaN;
}

/** The value of a one-element DT_FLOAT/DT_DOUBLE tensor with an empty shape, or NaN when it is anything else. */
function tensorScalar(b: Uint8Array, view: DataView, pos: number, end: number): number {
  let dtype = 0;
  let value = NaN;
  let count = 0;
  while (pos < end) {
    const key = b[pos++];
    if (key === 0x08) {
      dtype = varint32(b, pos, end);
      if (dtype < 0) return NaN;
      pos = cursor;
    } else if (key === 0x12 || key === 0x22 || key === 0x2a || key === 0x32) {
      const length = varint32(b, pos, end);
      pos = cursor;
      if (length < 0 || pos + length > end) return NaN;
      if (key === 0x12 && length !== 0) return NaN; // a non-empty shape
      if (key === 0x22 && dtype === 1 && length === 4) value = view.getFloat32(pos, true);
      else if (key === 0x22 && dtype === 2 && length === 8) value = view.getFloat64(pos, true);
      else if (key === 0x2a && length === 4) value = view.getFloat32(pos, true);
      else if (key === 0x32 && length === 8) value = view.getFloat64(pos, true);
      else if (key !== 0x12) return NaN;
      if (key !== 0x12) count++;
      pos += length;
    } else if (key === 0x18) {
      if (varint32(b, pos, end) < 0) return NaN; // version_number
      pos = cursor;
    } else {
      return NaN;
    }
  }
  return count === 1 && (dtype === 1 || dtype === 2) ? value : NaN;
}

/** What the fast path needs from the run: tag ids, and which tags' tensors are scalars. */
export interface FastScalarContext {
  tags: TagTable;
  /** The plugin of each tag's first metadata; tensors of tags without one or with 'scalars' are scalars. */
  plugins: Map<string, string>;
}

/**
 * Decodes Event bytes[start, end) into `sink` when it holds only scalar values (at most 64); returns false,
 * having passed nothing to the sink, otherwise.
 */
export function decodeScalarEvent(b: Uint8Array, start: number, end: number, view: DataView, ctx: FastScalarContext, sink: EventSink, offset: number): boolean {
  if (b[start] === 0x09 && canonicalScalar(b, start, end, view, ctx, sink, offset)) return true;
  let pos = start;
  let wallTime = 0;
  let step = 0;
  let summaryStart = -1;
  let summaryEnd = -1;
  while (pos < end) {
    const key = b[pos++];
    if (key === 0x09 && pos + 8 <= end) {
      wallTime = view.getFloat64(pos, true);
      pos += 8;
    } else if (key === 0x10) {
      step = varint64(b, pos, end);
      if (Number.isNaN(step)) return false;
      pos = cursor;
    } else if (key === 0x2a) {
      const length = varint32(b, pos, end);
      if (length < 0) return false;
      summaryStart = cursor;
      summaryEnd = pos = cursor + length;
    } else {
      return false;
    }
  }
  if (summaryStart < 0 || pos !== end) return false;
  let count = 0;
  pos = summaryStart;
  while (pos < summaryEnd) {
    const valueLength = b[pos++] === 0x0a ? varint32(b, pos, summaryEnd) : -1;
    if (valueLength < 0) return false;
    pos = cursor;
    const valueEnd = pos + valueLength;
    if (valueEnd > summaryEnd) return false;
    let tagStart = pos;
    let tagEnd = pos;
    let value = NaN;
    let isTensor = false;
    let found = false;
    while (pos < valueEnd) {
      const key = b[pos++];
      if (key === 0x15 && pos + 4 <= valueEnd) {
        value = view.getFloat32(pos, true);
        found = true;
        isTensor = false;
        pos += 4;
        continue;
      }
      const length = key === 0x0a || key === 0x3a || key === 0x42 ? varint32(b, pos, valueEnd) : -1;
      if (length < 0 || cursor + length > valueEnd) return false;
      pos = cursor;
      if (key === 0x0a) {
        tagStart = pos;
        tagEnd = pos + length;
      } else if (key === 0x42) {
        // NaN also stands for "not a plain scalar tensor"; a genuine NaN scalar takes the general path.
        value = tensorScalar(b, view, pos, pos + length);
        if (Number.isNaN(value)) return false;
        found = true;
        isTensor = true;
      }
      pos += length; // node_name (0x3a) is deprecated and skipped
    }
    if (!found || pos !== valueEnd) return false;
    const tagId = ctx.tags.internBytes(b, view, tagStart, tagEnd);
    if (isTensor) {
      const plugin = ctx.plugins.get(ctx.tags.names[tagId]);
      if (plugin !== undefined && plugin !== 'scalars' && plugin !== '') return false;
    }
    if (count === MAX_VALUES) return false;
    pendingTags[count] = tagId;
    pendingValues[count++] = value;
  }
  if (pos !== summaryEnd) return false;
  for (let i = 0; i < count; i++) sink.pushScalar(pendingTags[i], step, wallTime, pendingValues[i], offset);
  return true;
}

/**
 * The layout every writer uses for one simple_value, checked in a straight line (about twice as fast as
 * the general loop above): 09 <wall:8> [10 <step>] 2a <n> 0a <n-2> 0a <n-9> <tag> 15 <value:4>, with
 * one-byte lengths. Every read lies in [start, end) once the summary length has matched `end`.
 */
function canonicalScalar(b: Uint8Array, start: number, end: number, view: DataView, ctx: FastScalarContext, sink: EventSink, offset: number): boolean {
  let p = start + 9;
  let step = 0;
  if (b[p] === 0x10) {
    step = varint32(b, p + 1, end);
    if (step < 0) return false;
    p = cursor;
  }
  const summaryLength = b[p + 1];
  if (b[p] !== 0x2a || summaryLength >= 0x80 || p + 2 + summaryLength !== end) return false;
  const valueLength = b[p + 3];
  if (b[p + 2] !== 0x0a || valueLength + 2 !== summaryLength) return false;
  const tagLength = b[p + 5];
  if (b[p + 4] !== 0x0a || tagLength + 7 !== valueLength) return false;
  const tagStart = p + 6;
  const valueAt = tagStart + tagLength;
  if (b[valueAt] !== 0x15) return false;
  const tagId = ctx.tags.internBytes(b, view, tagStart, valueAt);
  sink.pushScalar(tagId, step, view.getFloat64(start + 1, true), view.getFloat32(valueAt + 1, true), offset);
  return true;
}
