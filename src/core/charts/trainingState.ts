// The webview's copy of the runs (pure, so it is tested in Node): every point of every shown series, grown in place as appends arrive.
import type { AppendParams, HParamCell, LaunchedRun, MediaTagData, RunData, RunInfoParams, SnapshotParams } from '../protocol/training';

/** One scalar series held by the webview (the whole series, or its level-of-detail version); arrays have spare capacity past `length`. */
export class Series {
  length = 0;
  /** Points of the full series on the host; above `length` when this copy is level-of-detail'd. */
  total = 0;
  steps: Float64Array = new Float64Array(16);
  wallTimes: Float64Array = new Float64Array(16);
  values: Float64Array = new Float64Array(16);
  /** Each held point's index in the full series (for window requests). */
  indexes: Float64Array = new Float64Array(16);
  /** Bumped on every change, so charts know to recompute smoothing. */
  version = 0;

  /** Writes points at index `from` on (0 replaces everything); `indexes` absent means consecutive from `from`. */
  write(from: number, steps: Float64Array, wallTimes: Float64Array, values: Float64Array, indexes?: Float64Array, total?: number): void {
    const length = Math.min(from, this.length) + steps.length;
    if (length > this.steps.length) {
      const capacity = Math.max(length, this.steps.length * 2);
      this.steps = grow(this.steps, capacity, this.length);
      this.wallTimes = grow(this.wallTimes, capacity, this.length);
      this.values = grow(this.values, capacity, this.length);
      this.indexes = grow(this.indexes, capacity, this.length);
    }
    const at = Math.min(from, this.length);
    this.steps.set(steps, at);
    this.wallTimes.set(wallTimes, at);
    this.values.set(values, at);
    if (indexes) this.indexes.set(indexes, at);
    else for (let k = 0; k < steps.length; k++) this.indexes[at + k] = at + k;
    this.length = length;
    this.total = total ?? length;
    this.version++;
  }

  view(): { steps: Float64Array; wallTimes: Float64Array; values: Float64Array; indexes: Float64Array } {
    const n = this.length;
    return { steps: this.steps.subarray(0, n), wallTimes: this.wallTimes.subarray(0, n), values: this.values.subarray(0, n), indexes: this.indexes.subarray(0, n) };
  }
}

function grow(array: Float64Array, capacity: number, used: number): Float64Array {
  const out = new Float64Array(capacity);
  out.set(array.subarray(0, used));
  return out;
}

/** Histograms of one tag of one run. */
export interface HistogramSeries {
  steps: number[];
  wallTimes: number[];
  buckets: Float64Array[];
}

/** Everything the webview holds of one run. */
export interface RunState {
  run: string;
  color: string;
  scalars: Map<string, Series>;
  histograms: Map<string, HistogramSeries>;
  media: Map<string, MediaTagData>;
  hparams?: Record<string, HParamCell>;
  hparamMetrics?: string[];
}

/** All runs, and which tags changed since the last draw. */
export class TrainingState {
  readonly runs = new Map<string, RunState>();
  hiddenRuns: string[] = [];
  root = '';
  lastSeq = -1;
  /** Bumped when media tags or hparams change, so their lists are rebuilt only then. */
  mediaVersion = 0;
  /** Tags (scalar or histogram) touched since the charts last drew; undefined means everything. */
  dirty: Set<string> | undefined;
  /** Launched runs (run.json) by run id, and the runs the compare table lists. */
  launched = new Map<string, LaunchedRun>();
  compare: string[] = [];
  /** The host's clock minus this page's (ms), so elapsed times count from the host's time. */
  clockOffset = 0;

  applyRunInfo(params: RunInfoParams, localNow: number): void {
    this.launched = new Map(params.launched.map((run) => [run.run, run]));
    this.compare = params.compare;
    this.clockOffset = params.now - localNow;
  }

  /** The runs to chart: the compared ones while a comparison is open, else all. */
  chartedRuns(): RunState[] {
    const all = [...this.runs.values()];
    if (this.compare.length === 0) return all;
    const compared = all.filter((run) => this.compare.includes(run.run));
    return compared.length > 0 ? compared : all;
  }

  applySnapshot(params: SnapshotParams): void {
    this.runs.clear();
    this.hiddenRuns = params.hiddenRuns;
    this.root = params.root;
    this.lastSeq = params.seq;
    for (const run of params.runs) this.merge(run);
    this.dirty = undefined;
  }

  /** Applies an append; false when its seq shows a gap (the caller asks for a resync). */
  applyAppend(params: AppendParams): boolean {
    if (params.seq !== this.lastSeq + 1) return false;
    this.lastSeq = params.seq;
    for (const run of params.runs) {
      this.merge(run);
      if (this.dirty) for (const series of [...run.scalars, ...run.histograms]) this.dirty.add(series.tag);
    }
    return true;
  }

  private merge(data: RunData): void {
    let run = this.runs.get(data.run);
    if (!run) this.runs.set(data.run, (run = { run: data.run, color: data.color, scalars: new Map(), histograms: new Map(), media: new Map() }));
    for (const scalar of data.scalars) {
      let series = run.scalars.get(scalar.tag);
      if (!series) run.scalars.set(scalar.tag, (series = new Series()));
      series.write(scalar.from, scalar.steps, scalar.wallTimes, scalar.values, scalar.indexes, scalar.total);
    }
    for (const histogram of data.histograms) {
      const known = run.histograms.get(histogram.tag);
      if (!known || histogram.from === 0) run.histograms.set(histogram.tag, { steps: histogram.steps, wallTimes: histogram.wallTimes, buckets: histogram.buckets });
      else {
        known.steps.splice(histogram.from, Infinity, ...histogram.steps);
        known.wallTimes.splice(histogram.from, Infinity, ...histogram.wallTimes);
        known.buckets.splice(histogram.from, Infinity, ...histogram.buckets);
      }
    }
    for (const media of data.media) run.media.set(media.tag, media);
    if (data.media.length > 0 || data.hparams) this.mediaVersion++;
    if (data.hparams) {
      run.hparams = data.hparams;
      run.hparamMetrics = data.hparamMetrics;
    }
  }

  /** Every scalar tag of any run, sorted. */
  scalarTags(): string[] {
    const tags = new Set<string>();
    for (const run of this.runs.values()) for (const tag of run.scalars.keys()) tags.add(tag);
    return [...tags].sort();
  }

  histogramTags(): string[] {
    const tags = new Set<string>();
    for (const run of this.runs.values()) for (const tag of run.histograms.keys()) tags.add(tag);
    return [...tags].sort();
  }
}
