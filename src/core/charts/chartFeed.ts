// What one chart view (a Training panel) has been sent, so that later messages carry only new points.
// A snapshot sends every point and records each series' length and generation; an append sends the points
// past the recorded length, or the whole series again (from 0) when its generation changed (a restart purged
// points). A scalar series longer than FULL_LIMIT is sent level-of-detail'd (seriesLod.ts); its appends then
// add raw points to the view's coarse copy until that copy outgrows FULL_LIMIT, when the coarse version is
// sent again. Pure: it reads RunReaders and builds protocol data, and never touches a file or a webview.
import type { RunStore } from '../events/runStore';
import type { ScalarSeries } from '../events/scalarSeries';
import type { HistogramSeriesData, HParamCell, MediaTagData, RunData, ScalarSeriesData } from '../protocol/training';
import { RunColors } from './runColors';
import { coarseSeries, FULL_LIMIT } from './seriesLod';

interface Sent {
  length: number;
  generation: number;
}

/** What the view holds of a scalar series: points sent of the full series, and its copy's length. */
interface SentScalar extends Sent {
  held: number;
  coarse: boolean;
}

/** Media kinds the panel lists (text is fetched on request; images and audio are counted). */
const MEDIA_KINDS = new Set(['text', 'image', 'audio']);

/** A run as the feed reads it: a RunReader, or its store under another name (multi-root workspaces prefix the folder). */
export interface FeedRun {
  readonly name: string;
  readonly store: RunStore;
}

/** The state of one view's feed: per run and series, what it has. */
export class ChartFeed {
  private sent = new Map<string, Sent>();
  private sentScalars = new Map<string, SentScalar>();
  private sentOther = new Map<string, number>();
  /** Run colours, kept while a run stays in the view (see RunColors). */
  readonly colors = new RunColors();
  seq = 0;

  /** Every point of these runs (long scalar series level-of-detail'd); resets what was sent. */
  snapshot(runs: readonly FeedRun[]): RunData[] {
    this.sent.clear();
    this.sentScalars.clear();
    this.sentOther.clear();
    this.colors.retain(runs.map((run) => run.name));
    return runs.map((run) => this.runData(run, true));
  }

  /** What changed in these runs since the last snapshot or append; runs with nothing new are left out. */
  append(runs: readonly FeedRun[]): RunData[] {
    const out: RunData[] = [];
    for (const run of runs) {
      const data = this.runData(run, false);
      if (data.scalars.length > 0 || data.histograms.length > 0 || data.media.length > 0 || data.hparams) out.push(data);
    }
    return out;
  }

  /** Points sent so far of one scalar series (what the view holds), for tests and status. */
  sentLength(run: string, tag: string): number {
    return this.sentScalars.get(key(run, 's', tag))?.length ?? 0;
  }

  /** Points the view holds of one scalar series (fewer than sentLength when it is level-of-detail'd). */
  heldLength(run: string, tag: string): number {
    return this.sentScalars.get(key(run, 's', tag))?.held ?? 0;
  }

  private runData(run: FeedRun, whole: boolean): RunData {
    const store = run.store;
    const scalars: ScalarSeriesData[] = [];
    for (const tag of store.scalarTags()) {
      const data = this.scalarData(key(run.name, 's', tag), tag, store.scalar(tag)!, whole);
      if (data) scalars.push(data);
    }
    const histograms: HistogramSeriesData[] = [];
    for (const [tag, series] of store.histograms) {
      const from = this.startFor(key(run.name, 'h', tag), series.length, series.generation, whole);
      if (from === undefined) continue;
      histograms.push({
        tag,
        from,
        steps: series.steps.slice(from),
        wallTimes: series.wallTimes.slice(from),
        buckets: series.items.slice(from).map((histogram) => histogram.buckets),
      });
    }
    const media: MediaTagData[] = [];
    for (const [tag, other] of store.other) {
      const kind = other.plugin === 'text' || other.kind === 'text' ? 'text' : other.kind;
      if (!MEDIA_KINDS.has(kind) || other.points.length === 0) continue;
      const sentKey = key(run.name, 'm', tag);
      if (!whole && this.sentOther.get(sentKey) === other.points.length) continue;
      this.sentOther.set(sentKey, other.points.length);
      media.push({ tag, kind, count: other.points.length, lastStep: other.points.steps[other.points.length - 1] });
    }
    const data: RunData = { run: run.name, color: this.colors.colorOf(run.name), scalars, histograms, media };
    const hparams = hparamsOf(store);
    const hparamsKey = key(run.name, 'p', '');
    if (hparams && (whole || this.sentOther.get(hparamsKey) !== 1)) {
      this.sentOther.set(hparamsKey, 1);
      data.hparams = hparams;
      data.hparamMetrics = store.hparams.experiment?.metrics.map((metric) => metric.tag) ?? [];
    }
    return data;
  }

  /** The next message's points of a scalar series, or undefined when it has nothing new. */
  private scalarData(sentKey: string, tag: string, series: ScalarSeries, whole: boolean): ScalarSeriesData | undefined {
    const sent = this.sentScalars.get(sentKey);
    const { length, generation } = series;
    const fresh = whole || !sent || sent.generation !== generation;
    if (!fresh && length <= sent.length) return undefined;
    if (!fresh && !sent.coarse && length <= FULL_LIMIT) {
      this.sentScalars.set(sentKey, { length, generation, held: length, coarse: false });
      return { tag, from: sent.length, total: length, ...series.columns(sent.length, length) };
    }
    if (!fresh && sent.coarse && sent.held + length - sent.length <= FULL_LIMIT) {
      // The new points go raw onto the view's coarse copy; their indexes say where they belong.
      const held = sent.held + length - sent.length;
      const indexes = Float64Array.from({ length: length - sent.length }, (_, k) => sent.length + k);
      this.sentScalars.set(sentKey, { length, generation, held, coarse: true });
      return { tag, from: sent.held, total: length, indexes, ...series.columns(sent.length, length) };
    }
    if (length <= FULL_LIMIT) {
      this.sentScalars.set(sentKey, { length, generation, held: length, coarse: false });
      return { tag, from: 0, total: length, ...series.columns(0, length) };
    }
    const coarse = coarseSeries(series);
    this.sentScalars.set(sentKey, { length, generation, held: coarse.steps.length, coarse: true });
    return { tag, from: 0, total: length, ...coarse };
  }

  /** Where the next message's points of a series start, or undefined when it has nothing new. */
  private startFor(sentKey: string, length: number, generation: number, whole: boolean): number | undefined {
    const sent = this.sent.get(sentKey);
    this.sent.set(sentKey, { length, generation });
    if (whole || !sent || sent.generation !== generation) return 0;
    return length > sent.length ? sent.length : undefined;
  }
}

function key(run: string, kind: string, tag: string): string {
  return `${run}\u0000${kind}\u0000${tag}`;
}

function hparamsOf(store: RunStore): Record<string, HParamCell> | undefined {
  return store.hparams.sessionStart?.hparams;
}
