// Turns the raw event objects the scanner cuts out into TraceEvents and hands each to every visitor: fields read
// defensively (a trace is untrusted input), the category from categorize(), 'B'/'E' pairs joined into one 'X' (per
// pid and tid, innermost first, as Chrome's viewer pairs them).
import { categorize } from './eventCategory';
import { detectDialect } from './traceDialect';
import type { TraceDialect, TraceEvent, TraceVisitor } from './traceEvent';

type RawEvent = Record<string, unknown>;

/** Events the first dialect guess looks at. */
const SAMPLE = 256;
/** Warnings kept word for word; the rest are counted. */
const MAX_WARNINGS = 20;

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : 0;
  }
  return 0;
}

function toId(value: unknown): number | string {
  return typeof value === 'number' || typeof value === 'string' ? value : '';
}

export class EventNormalizer {
  /** Objects in the events array, as json.load would count them (before B/E pairing). */
  count = 0;
  /** Latest end of a timed event, for closing unmatched 'B's. */
  endUs = -Infinity;
  readonly categories = new Set<string>();
  autogradPids = false;
  readonly warnings: string[] = [];
  private dialect: TraceDialect | undefined;
  private lastCategory: string | undefined;
  private readonly open = new Map<string, TraceEvent[]>();
  private unmatchedEnds = 0;
  private extraWarnings = 0;

  constructor(
    private readonly shape: () => 'object' | 'array',
    private readonly fields: Record<string, unknown>,
    private readonly visitors: readonly TraceVisitor<unknown>[],
  ) {}

  /** The dialect the events were categorized with (decided at the first events). */
  get earlyDialect(): TraceDialect | undefined {
    return this.dialect;
  }

  push(values: unknown[]): void {
    if (this.dialect === undefined) this.dialect = this.guess(values);
    const dialect = this.dialect;
    const visitors = this.visitors;
    this.count += values.length;
    for (let i = 0; i < values.length; i++) {
      const raw = values[i] as RawEvent;
      const ph = typeof raw.ph === 'string' ? raw.ph : '';
      const name = typeof raw.name === 'string' ? raw.name : raw.name === undefined ? '' : String(raw.name);
      const rawCategory = typeof raw.cat === 'string' ? raw.cat : '';
      if (rawCategory !== this.lastCategory) {
        this.lastCategory = rawCategory;
        this.categories.add(rawCategory);
      }
      const pid = toId(raw.pid);
      const args = raw.args !== null && typeof raw.args === 'object' && !Array.isArray(raw.args) ? (raw.args as Record<string, unknown>) : undefined;
      const event: TraceEvent = {
        ph,
        name,
        category: categorize(rawCategory, name, ph, dialect, pid),
        rawCategory,
        ts: toNumber(raw.ts),
        dur: toNumber(raw.dur),
        pid,
        tid: toId(raw.tid),
        id: raw.id === undefined ? undefined : toId(raw.id),
        args,
      };
      const end = event.ts + event.dur;
      if (end > this.endUs && ph !== 'M') this.endUs = end;
      if (ph === 'B' || ph === 'E') {
        this.pair(event);
        continue;
      }
      for (let v = 0; v < visitors.length; v++) visitors[v].event(event);
    }
  }

  /** Closes what is still open: an unmatched 'B' lasts to the end of the trace, as Chrome's viewer draws it. */
  finish(): void {
    let unclosed = 0;
    for (const stack of this.open.values()) {
      for (const event of stack) {
        unclosed++;
        this.emit({ ...event, ph: 'X', dur: Math.max(0, this.endUs - event.ts) });
      }
    }
    this.open.clear();
    if (unclosed > 0) this.warn(`${unclosed} 'B' event(s) without an 'E': drawn to the end of the trace`);
    if (this.unmatchedEnds > 0) this.warn(`${this.unmatchedEnds} 'E' event(s) without a 'B' were skipped`);
    if (this.extraWarnings > 0) this.warnings.push(`${this.extraWarnings} more warning(s)`);
  }

  /** The final dialect, now that every category is known. */
  dialectNow(): TraceDialect {
    const final = detectDialect({ shape: this.shape(), fields: this.fields, categories: this.categories, autogradPids: this.autogradPids });
    // Only refine among the dialects categorize() treats alike; the early guess decided the categories.
    const early = this.dialect;
    if (early === undefined || early === 'onnxruntime' || early === 'torch-autograd' || early === 'tensorflow') return early ?? final;
    return final === 'kineto' || final === 'kineto-legacy' || final === 'chrome' ? final : early;
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.extraWarnings++;
  }

  private guess(values: unknown[]): TraceDialect {
    const sample = new Set<string>();
    for (let i = 0; i < values.length && i < SAMPLE; i++) {
      const raw = values[i] as RawEvent;
      if (typeof raw.cat === 'string') sample.add(raw.cat);
      if (raw.pid === 'CPU functions' || raw.pid === 'CUDA functions') this.autogradPids = true;
    }
    for (const category of sample) this.categories.add(category);
    return detectDialect({ shape: this.shape(), fields: this.fields, categories: sample, autogradPids: this.autogradPids });
  }

  private pair(event: TraceEvent): void {
    const key = `${event.pid}\u0000${event.tid}`;
    let stack = this.open.get(key);
    if (event.ph === 'B') {
      if (!stack) this.open.set(key, (stack = []));
      stack.push(event);
      return;
    }
    const b = stack?.pop();
    if (!b) {
      this.unmatchedEnds++;
      return;
    }
    const args = b.args && event.args ? { ...b.args, ...event.args } : (b.args ?? event.args);
    this.emit({ ...b, ph: 'X', dur: Math.max(0, event.ts - b.ts), args });
  }

  private emit(event: TraceEvent): void {
    for (const visitor of this.visitors) visitor.event(event);
  }
}
