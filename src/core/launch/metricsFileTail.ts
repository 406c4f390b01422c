// Follows metrics.jsonl, where the `tensorsight` helper module appends one JSON object per call:
//   {"step": 12, "wall_time": 1764776401.2, "metrics": {"loss": 0.53, "acc": "nan"}}
//   {"hparams": {"lr": 0.001}, "wall_time": 1764776400.0}
// It reads only the bytes appended since the last poll; a line still being written waits for its newline.
import { closeSync, openSync, readSync } from 'node:fs';

/** The JSON lines file's name inside a run folder ($TENSORSIGHT_METRICS_FILE points at it). */
export const METRICS_FILE = 'metrics.jsonl';

/** One parsed line of metrics.jsonl. */
export type HelperRecord =
  | { kind: 'point'; step: number; wallTime: number; values: Record<string, number> }
  | { kind: 'hparams'; wallTime: number; hparams: Record<string, number | string | boolean> }
  | { kind: 'invalid'; line: number; reason: string };

/** The helper writes non-finite values as Python's repr: 'nan', 'inf', '-inf'. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === 'nan') return Number.NaN;
  if (value === 'inf') return Number.POSITIVE_INFINITY;
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  return undefined;
}

/** Parses one line (1-based `lineNumber` for the error text). */
export function parseHelperLine(text: string, lineNumber: number): HelperRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', line: lineNumber, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'invalid', line: lineNumber, reason: 'not an object' };
  const record = value as Record<string, unknown>;
  const wallTime = typeof record.wall_time === 'number' ? record.wall_time : Date.now() / 1000;
  if (typeof record.hparams === 'object' && record.hparams !== null) {
    const hparams: Record<string, number | string | boolean> = {};
    for (const [name, entry] of Object.entries(record.hparams)) {
      if (typeof entry === 'number' || typeof entry === 'string' || typeof entry === 'boolean') hparams[name] = entry;
    }
    return { kind: 'hparams', wallTime, hparams };
  }
  if (typeof record.step !== 'number' || !Number.isInteger(record.step)) return { kind: 'invalid', line: lineNumber, reason: 'no integer "step"' };
  if (typeof record.metrics !== 'object' || record.metrics === null) return { kind: 'invalid', line: lineNumber, reason: 'no "metrics" object' };
  const values: Record<string, number> = {};
  for (const [name, entry] of Object.entries(record.metrics)) {
    const number = toNumber(entry);
    if (number !== undefined) values[name] = number;
  }
  return { kind: 'point', step: record.step, wallTime, values };
}

/** Reads new complete lines of one file on each `poll()`. */
export class MetricsFileTail {
  private fd: number | undefined;
  private offset = 0;
  private partial = '';
  private lineNumber = 0;
  private readonly buffer = Buffer.alloc(1 << 20);

  constructor(readonly path: string) {}

  /** Records appended since the last poll (nothing while the file does not exist yet). */
  poll(): HelperRecord[] {
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.path, 'r');
      } catch {
        return [];
      }
    }
    const records: HelperRecord[] = [];
    for (;;) {
      const read = readSync(this.fd, this.buffer, 0, this.buffer.length, this.offset);
      if (read <= 0) break;
      this.offset += read;
      // Lines are JSON (ASCII-safe by json.dumps' default), so a chunk boundary cannot split a character.
      const text = this.partial + this.buffer.toString('utf8', 0, read);
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        this.lineNumber++;
        if (line.trim() !== '') records.push(parseHelperLine(line, this.lineNumber));
      }
      if (read < this.buffer.length) break;
    }
    return records;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
