// Writes TensorBoard event files: the file_version event first, then scalars (simple_value, or the TF2
// rank-0 tensor form), histograms, text and session logs. Records are buffered and appended with one
// write per flush, so a reader tailing the file sees whole records except at the very end.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { encodeEvent, scalarRecordSize, writeScalarRecord } from './eventEncoder';
import { eventTypes } from './eventSchema';
import { frameRecord } from './tfRecord';

/** The file version every current TensorBoard writer records. */
export const FILE_VERSION = 'brain.Event:2';

/** Where and how a writer creates its file. */
export interface EventWriterOptions {
  /** Unix seconds in the file name and of the file_version event (default: now). */
  time?: number;
  host?: string;
  pid?: number;
  /** The last number of the file name (default: a per-process counter). */
  index?: number;
  /** Buffered bytes that trigger a write (default 256 KiB). */
  flushBytes?: number;
}

let nextIndex = 0;

/** `events.out.tfevents.<unix>.<host>.<pid>.<n>`, the name TensorBoard and PyTorch writers use. */
export function eventFileName(time: number, host: string, pid: number, index: number): string {
  return `events.out.tfevents.${Math.floor(time)}.${host}.${pid}.${index}`;
}

const now = () => Date.now() / 1000;

/** Appends events to one new event file. */
export class EventFileWriter {
  readonly path: string;
  private readonly fd: number;
  private buffer: Uint8Array;
  private view: DataView;
  private used = 0;
  private readonly flushBytes: number;
  private readonly tagBytes = new Map<string, Uint8Array>();
  private readonly described = new Set<string>();

  /** Creates `dir` if needed and a new event file in it, starting with the file_version event. */
  constructor(dir: string, options: EventWriterOptions = {}) {
    const time = options.time ?? now();
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, eventFileName(time, options.host ?? hostname(), options.pid ?? process.pid, options.index ?? nextIndex++));
    this.fd = openSync(this.path, 'wx');
    this.flushBytes = options.flushBytes ?? 256 << 10;
    this.buffer = new Uint8Array(this.flushBytes + 4096);
    this.view = new DataView(this.buffer.buffer);
    this.append(encodeEvent({ wallTime: time, step: 0, fileVersion: FILE_VERSION }));
  }

  /** A scalar as simple_value (TF1, Keras, PyTorch style). */
  addScalar(tag: string, value: number, step: number, wallTime = now()): void {
    let bytes = this.tagBytes.get(tag);
    if (!bytes) this.tagBytes.set(tag, (bytes = new TextEncoder().encode(tag)));
    const size = scalarRecordSize(bytes.length, step);
    this.reserve(size);
    this.used = writeScalarRecord(this.buffer, this.view, this.used, bytes, value, step, wallTime);
    if (this.used >= this.flushBytes) this.flush();
  }

  /** A scalar in the TF2 form: a rank-0 DT_FLOAT tensor of the scalars plugin. */
  addScalarTensor(tag: string, value: number, step: number, wallTime = now()): void {
    this.addValue(step, wallTime, { tag, tensor: { dtype: 1, tensorShape: {}, floatVal: [value] } }, 'scalars', 1);
  }

  /** A histogram of `values` in `bins` equal-width buckets (HistogramProto, as PyTorch writes). */
  addHistogram(tag: string, values: ArrayLike<number>, step: number, { bins = 30, wallTime = now() } = {}): void {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sumSquares += v * v;
    }
    if (values.length === 0) min = max = 0;
    const width = (max - min) / bins || 1;
    const count = max > min ? bins : 1;
    const bucket = new Array<number>(count).fill(0);
    for (let i = 0; i < values.length; i++) bucket[Math.min(Math.floor((values[i] - min) / width), count - 1)]++;
    const bucketLimit = bucket.map((_, i) => (i === count - 1 ? max : min + (i + 1) * width));
    this.addValue(step, wallTime, { tag, histo: { min, max, num: values.length, sum, sumSquares, bucketLimit, bucket } });
  }

  /** A text summary (TF2 text plugin: a string tensor). */
  addText(tag: string, text: string, step: number, wallTime = now()): void {
    this.addValue(step, wallTime, { tag, tensor: { dtype: 7, tensorShape: {}, stringVal: [new TextEncoder().encode(text)] } }, 'text', 2);
  }

  /**
   * The run's hyperparameters as the hparams plugin's session_start_info, the record PyTorch's add_hparams and
   * Keras' hparams callback write per run (TensorBoard infers the experiment from these when none is written).
   */
  addHParams(hparams: Record<string, number | string | boolean>, wallTime = now()): void {
    const values: Record<string, Record<string, unknown>> = {};
    for (const [name, value] of Object.entries(hparams)) {
      values[name] = typeof value === 'number' ? { numberValue: value } : typeof value === 'boolean' ? { boolValue: value } : { stringValue: value };
    }
    const type = eventTypes().HParamsPluginData;
    const content = type.encode(type.fromObject({ version: 0, sessionStartInfo: { hparams: values, startTimeSecs: wallTime } })).finish();
    const metadata = { pluginData: { pluginName: 'hparams', content } };
    this.append(encodeEvent({ wallTime, step: 0, summary: { value: [{ tag: '_hparams_/session_start_info', metadata }] } }));
  }

  /** A SessionLog event (status 1 = START marks a restart at `step`). */
  addSessionLog(status: number, step: number, wallTime = now()): void {
    this.append(encodeEvent({ wallTime, step, sessionLog: { status } }));
  }

  /** Writes everything buffered. */
  flush(): void {
    let written = 0;
    while (written < this.used) written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private addValue(step: number, wallTime: number, value: Record<string, unknown>, plugin?: string, dataClass = 0): void {
    const tag = value.tag as string;
    // Writers attach the plugin metadata to the first value of each tag only; readers remember it.
    if (plugin && !this.described.has(tag)) {
      this.described.add(tag);
      value = { ...value, metadata: { pluginData: { pluginName: plugin }, dataClass } };
    }
    this.append(encodeEvent({ wallTime, step, summary: { value: [value] } }));
  }

  private append(data: Uint8Array): void {
    const record = frameRecord(data);
    this.reserve(record.length);
    this.buffer.set(record, this.used);
    this.used += record.length;
    if (this.used >= this.flushBytes) this.flush();
  }

  /** Makes room for `size` more bytes: flush first, and grow only for a record larger than the buffer. */
  private reserve(size: number): void {
    if (this.used + size <= this.buffer.length) return;
    this.flush();
    if (size > this.buffer.length) {
      this.buffer = new Uint8Array(size);
      this.view = new DataView(this.buffer.buffer);
    }
  }
}
