// Everything read from one run: scalar columns (every point), histograms, counted references to other
// values, hparams, and the restarts' purges.
//
// Restart rule (what TensorBoard does):
//  1. Preemption, per tag, from TensorBoard's data server (tensorboard/data/server/reservoir.rs, the
//     default loader since TensorBoard 2.5): a point with step s discards the points of its tag read
//     earlier with step >= s. A job that restarts from a checkpoint at step 80 after writing up to 100
//     thus shows 0..79 of the first life and 80.. of the second; a repeated step keeps the last value.
//  2. SessionLog.START at step s (TF1 Supervisor/Estimator restarts), from the Python EventAccumulator's
//     purge_orphaned_data: every tag of the run drops its points with step >= s.
//  The Python loader's counterpart of rule 1 (a step lower than the run's latest purges the tags of that
//  event) ran only for files without file_version "brain.Event:2". Current writers (TF2, Keras, PyTorch,
//  Lightning) all write version 2 and never write START, so rule 1 is what makes their restarts, which
//  land in a new file of the same folder, look right; it is also what TensorBoard shows today. Files of a run are merged by wall time before these rules apply (runReader.ts).
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

/** The decoded contents of one run, fed in merge order by RunReader. */
export class RunStore {
  private readonly scalarById: (ScalarSeries | undefined)[] = [];
  readonly histograms = new Map<string, PointSeries<Histogram>>();
  readonly other = new Map<string, OtherTag>();
  /** The latest experiment, session start and session end the hparams plugin wrote. */
  readonly hparams: HParamsData = {};
  /** Points dropped by preemption or SessionLog.START. */
  purged = 0;
  /** Steps of the SessionLog.START events seen. */
  readonly sessionStarts: number[] = [];

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

  /** Applies batch items [from, to) of a file, in order. */
  applyBatch(batch: EventBatch, from: number, to: number, file: string): void {
    const { tagIds, steps, wallTimes, values } = batch;
    for (let i = from; i < to; i++) {
      const id = tagIds[i];
      if (id >= 0) this.pushScalar(id, steps[i], wallTimes[i], values[i]);
      else this.applyEvent(batch.events[i] as TfEvent, file, batch.offsets[i]);
    }
  }

  applyEvent(event: TfEvent, file: string, offset: number): void {
    if (event.sessionLog?.status === SessionStatus.start) {
      this.sessionStarts.push(event.step);
      this.purgeFrom(event.step);
    }
    for (const value of event.values ?? []) {
      const { step, wallTime } = event;
      if (value.kind === 'scalar') {
        this.pushScalar(this.tags.intern(value.tag), step, wallTime, value.value);
      } else if (value.kind === 'histogram') {
        let series = this.histograms.get(value.tag);
        if (!series) this.histograms.set(value.tag, (series = new PointSeries<Histogram>()));
        this.purged += series.push(step, wallTime, value.histogram);
      } else {
        if (value.kind === 'hparams') Object.assign(this.hparams, value.hparams);
        let other = this.other.get(value.tag);
        if (!other) this.other.set(value.tag, (other = { kind: value.kind, plugin: 'plugin' in value ? value.plugin : value.kind, points: new PointSeries() }));
        this.purged += other.points.push(step, wallTime, { file, offset });
      }
    }
  }

  /** Appends one scalar point of the tag with this id (the fast path's entry). */
  pushScalar(id: number, step: number, wallTime: number, value: number): void {
    let series = this.scalarById[id];
    if (!series) series = this.scalarById[id] = new ScalarSeries();
    this.purged += series.push(step, wallTime, value);
  }

  private purgeFrom(step: number): void {
    for (const series of this.scalarById) if (series) this.purged += series.truncateFromStep(step);
    for (const series of this.histograms.values()) this.purged += series.truncateFromStep(step);
    for (const other of this.other.values()) this.purged += other.points.truncateFromStep(step);
  }
}
