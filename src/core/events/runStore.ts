// Everything read from one run: scalar columns (every point), histograms, counted references to other
// values, hparams, and the points that restarts orphaned, counted by reason.
//
// Restart rule. A point is dropped only where the run really restarted; every other point is kept, several
// points at one step included. TensorBoard's two loaders differ here:
//  - The Python EventAccumulator (plugin_event_accumulator.py, `purge_orphaned_data`) keeps every point at a
//    repeated step (its reservoir never compares steps). For files with file_version "brain.Event:2" it purges
//    only on a SessionLog.START after the run's first one (every tag, steps >= the START's step); for older
//    files, on an event whose step is below the run's latest (that event's tags, steps >= its step).
//  - The Rust data server (data/server/reservoir.rs, the default since TensorBoard 2.5) preempts per tag
//    on step <= the last one, so a tag logged twice at one step keeps only the last point, and it reads
//    SessionLog not at all.
// Ours, per tag T and its last kept step t, for a point at step s:
//  1. s < t: T's points with step >= s are dropped (`stepBack`: a job restarted from a checkpoint at s).
//  2. s == t, and the point comes from another writer session than T's last point (another event file of
//     the run, or after a SessionLog.START): T's points at step s are dropped (`rewritten`).
//  3. otherwise the point is appended: s == t within one session keeps both points, as the Python loader does.
//  4. SessionLog.START at step s, after the run's first START: every tag drops its points with step >= s
//     (`sessionStart`), and a new session begins.
// Files of a run are merged by wall time before these rules apply (runReader.ts).
import type { EventBatch } from './eventBatch';
import { SessionStatus, type HParamsData, type Histogram, type SummaryValueKind, type TfEvent } from './eventTypes';
import { PointSeries, type RecordRef } from './pointSeries';
import { ScalarSeries } from './scalarSeries';
import { TagTable } from './tagTable';

/** A tag that is neither scalar nor histogram: its kind, plugin, and where each point's record is. */
export interface OtherTag {
  kind: SummaryValueKind;
  plugin: string;
  points: PointSeries<RecordRef>;
}

/** Points dropped from a run's series, by the restart rule that dropped them (see above). */
export interface DroppedPoints {
  /** A later point of the same tag had a lower step: the points from that step on were orphaned by a restart. */
  stepBack: number;
  /** A new writer session (another event file, or a SessionLog.START) wrote a step its tag already held. */
  rewritten: number;
  /** A SessionLog.START at step s after the run's first: every tag's points from s on. */
  sessionStart: number;
}

/** What the restart rule needs of a series. */
interface SessionSeries {
  readonly lastStep: number;
  session: number;
  truncateFromStep(step: number): number;
}

/** The decoded contents of one run, fed in merge order by RunReader. */
export class RunStore {
  private readonly scalarById: (ScalarSeries | undefined)[] = [];
  readonly histograms = new Map<string, PointSeries<Histogram>>();
  readonly other = new Map<string, OtherTag>();
  /** The latest experiment, session start and session end the hparams plugin wrote. */
  readonly hparams: HParamsData = {};
  /** Points the restart rule dropped, by reason. */
  readonly dropped: DroppedPoints = { stepBack: 0, rewritten: 0, sessionStart: 0 };
  /** Steps of the SessionLog.START events seen. */
  readonly sessionStarts: number[] = [];
  /** The writer session the points being applied belong to: one per file, renewed by a SessionLog.START. */
  private session = -1;
  private readonly sessionOfFile = new Map<string, number>();
  private lastSession = -1;

  constructor(readonly tags: TagTable = new TagTable()) {}

  /** Scalar tags in the order they first appeared. */
  scalarTags(): string[] {
    const out: string[] = [];
    this.scalarById.forEach((series, id) => series && out.push(this.tags.names[id]));
    return out;
  }

  scalar(tag: string): ScalarSeries | undefined {
    return this.scalarById[this.tags.intern(tag)];
  }

  /** Says which file the points that follow come from (each file is a writer session of its own). */
  enterFile(file: string): void {
    let session = this.sessionOfFile.get(file);
    if (session === undefined) this.sessionOfFile.set(file, (session = this.newSession()));
    this.session = session;
  }

  /** Applies batch items [from, to) of a file, in order. */
  applyBatch(batch: EventBatch, from: number, to: number, file: string): void {
    this.enterFile(file);
    const { tagIds, steps, wallTimes, values } = batch;
    for (let i = from; i < to; i++) {
      const id = tagIds[i];
      if (id >= 0) this.pushScalar(id, steps[i], wallTimes[i], values[i]);
      else this.applyEvent(batch.events[i] as TfEvent, file, batch.offsets[i]);
    }
  }

  applyEvent(event: TfEvent, file: string, offset: number): void {
    this.enterFile(file);
    if (event.sessionLog?.status === SessionStatus.start) this.sessionStart(event.step, file);
    for (const value of event.values ?? []) {
      const { step, wallTime } = event;
      if (value.kind === 'scalar') {
        this.pushScalar(this.tags.intern(value.tag), step, wallTime, value.value);
      } else if (value.kind === 'histogram') {
        let series = this.histograms.get(value.tag);
        if (!series) this.histograms.set(value.tag, (series = new PointSeries<Histogram>()));
        this.restartRule(series, step);
        series.push(step, wallTime, value.histogram);
      } else {
        if (value.kind === 'hparams') Object.assign(this.hparams, value.hparams);
        let other = this.other.get(value.tag);
        if (!other) this.other.set(value.tag, (other = { kind: value.kind, plugin: 'plugin' in value ? value.plugin : value.kind, points: new PointSeries() }));
        this.restartRule(other.points, step);
        other.points.push(step, wallTime, { file, offset });
      }
    }
  }

  /** Appends one scalar point of the tag with this id (the fast path's entry; enterFile said whence). */
  pushScalar(id: number, step: number, wallTime: number, value: number): void {
    let series = this.scalarById[id];
    if (!series) series = this.scalarById[id] = new ScalarSeries();
    if (step <= series.lastStep) this.restartRule(series, step);
    else series.session = this.session;
    series.push(step, wallTime, value);
  }

  /** Rules 1-3 for a point at `step` about to be appended to `series`. */
  private restartRule(series: SessionSeries, step: number): void {
    if (step < series.lastStep) this.dropped.stepBack += series.truncateFromStep(step);
    else if (step === series.lastStep && series.session !== this.session) this.dropped.rewritten += series.truncateFromStep(step);
    series.session = this.session;
  }

  /** Rule 4: the run's first START opens it; each later one drops every tag's points from `step` on. */
  private sessionStart(step: number, file: string): void {
    this.sessionStarts.push(step);
    if (this.sessionStarts.length === 1) return;
    let dropped = 0;
    for (const series of this.scalarById) if (series) dropped += series.truncateFromStep(step);
    for (const series of this.histograms.values()) dropped += series.truncateFromStep(step);
    for (const other of this.other.values()) dropped += other.points.truncateFromStep(step);
    this.dropped.sessionStart += dropped;
    this.sessionOfFile.set(file, (this.session = this.newSession()));
  }

  private newSession(): number {
    return ++this.lastSession;
  }
}
