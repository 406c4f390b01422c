// Event -> framed record bytes. Scalar events, which a trainer writes by the million, are laid out by
// hand straight into the writer's buffer; every other event goes through protobufjs.
import { crc32cOfView, maskCrc, maskedCrc32cOf8 } from './crc32c';
import { eventTypes } from './eventSchema';
import { FRAME_OVERHEAD } from './tfRecord';

function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Uint8Array, pos: number, value: number): number {
  while (value >= 128) {
    out[pos++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[pos++] = value;
  return pos;
}

/** The varint bytes of an int64 step (negative steps take ten bytes, two's complement). */
function stepVarint(step: number): number[] {
  let big = BigInt.asUintN(64, BigInt(Math.trunc(step)));
  const bytes: number[] = [];
  do {
    const low = Number(big & 0x7fn);
    big >>= 7n;
    bytes.push(big > 0n ? low | 0x80 : low);
  } while (big > 0n);
  return bytes;
}

/** Bytes a framed scalar record of this tag and step takes. */
export function scalarRecordSize(tagBytes: number, step: number): number {
  const valueSize = 1 + varintSize(tagBytes) + tagBytes + 5;
  const summarySize = 1 + varintSize(valueSize) + valueSize;
  const stepSize = step === 0 ? 0 : 1 + (step > 0 && Number.isSafeInteger(step) ? varintSize(step) : stepVarint(step).length);
  return FRAME_OVERHEAD + 9 + stepSize + 1 + varintSize(summarySize) + summarySize;
}

/**
 * Writes the framed record of Event{wall_time, step, summary{value{tag, simple_value}}} at out[pos];
 * returns the position after it. `out` must have scalarRecordSize() bytes free at pos, and `view` must
 * be a DataView over `out`'s memory starting at out[0].
 */
export function writeScalarRecord(out: Uint8Array, view: DataView, pos: number, tag: Uint8Array, value: number, step: number, wallTime: number): number {
  const valueSize = 1 + varintSize(tag.length) + tag.length + 5;
  const summarySize = 1 + varintSize(valueSize) + valueSize;
  const start = pos;
  const dataStart = pos + 12;
  let p = dataStart;
  out[p++] = 0x09; // wall_time, fixed64
  view.setFloat64(p, wallTime, true);
  p += 8;
  if (step !== 0) {
    out[p++] = 0x10; // step, varint
    if (step > 0 && Number.isSafeInteger(step)) p = writeVarint(out, p, step);
    else for (const byte of stepVarint(step)) out[p++] = byte;
  }
  out[p++] = 0x2a; // summary
  p = writeVarint(out, p, summarySize);
  out[p++] = 0x0a; // summary.value
  p = writeVarint(out, p, valueSize);
  out[p++] = 0x0a; // value.tag
  p = writeVarint(out, p, tag.length);
  out.set(tag, p);
  p += tag.length;
  out[p++] = 0x15; // value.simple_value, fixed32
  view.setFloat32(p, value, true);
  p += 4;
  const length = p - dataStart;
  view.setUint32(start, length, true);
  view.setUint32(start + 4, 0, true);
  view.setUint32(start + 8, maskedCrc32cOf8(view, start), true);
  view.setUint32(p, maskCrc(crc32cOfView(view, out, dataStart, p)), true);
  return p + 4;
}

/** Encodes an Event given as a protobufjs plain object (field names as in eventSchema.ts). */
export function encodeEvent(event: Record<string, unknown>): Uint8Array {
  const type = eventTypes().Event;
  return type.encode(type.fromObject(event)).finish();
}
