// The run's own event file: metric points from the helper module and from parsed output lines, and GPU
// samples, merged on one (step, wall time) timeline. Rules, stated in docs/cli.md:
// - A helper point keeps its step. Once the helper has logged, its steps are the run's step axis: a parsed
//   point is written at the helper's step current when its line arrived (helperSteps.ts), since printed counters
//   often count something else (pytorch/examples prints the sample index, `[6400/60000]`, where the script's
//   own step counts batches).
// - Before that, a parsed point with a step keeps it.
// - A parsed point with only an epoch (`Epoch 3/10 ... val_loss: 0.4`) is written at the current global step
//   when any step has been seen, else at step = epoch.
// - Once the helper has logged a tag, parsed values of that tag are left out: the script said it explicitly,
//   and one tag from two sources would draw two points per step.
// - A GPU sample is written at the step current at its wall time (0 before the first step): the latest helper
//   step once the helper has logged, else the latest parsed step (progressTracker.ts says why).
// The file is flushed at least every `flushMs` while points arrive, so the panel shows a point within 500 ms.
import { type EventFileWriter } from '../events/eventWriter';
import { type LogMetric } from './logMetrics/logMetric';
import { HelperSteps } from './helperSteps';
import { ProgressTracker } from './progressTracker';

/** Counts for the run's summary and the tests. */
export interface TimelineCounts {
  helperPoints: number;
  parsedPoints: number;
  gpuPoints: number;
}

export class MetricTimeline {
  readonly progress = new ProgressTracker();
  readonly counts: TimelineCounts = { helperPoints: 0, parsedPoints: 0, gpuPoints: 0 };
  private readonly helperTags = new Set<string>();
  private readonly helperSteps = new HelperSteps();
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly writer: EventFileWriter,
    private readonly flushMs = 100,
  ) {}

  /** The step GPU samples and epoch-only points are written at. */
  get currentStep(): number {
    return this.progress.currentStep ?? 0;
  }

  /** A `tensorsight.log(step, ...)` call. */
  addHelperPoint(step: number, wallTime: number, values: Record<string, number>): void {
    for (const tag in values) {
      this.helperTags.add(tag);
      this.writer.addScalar(tag, values[tag], step, wallTime);
      this.counts.helperPoints++;
    }
    this.helperSteps.add(step, wallTime);
    this.progress.addPoint(step, values, wallTime * 1000, true);
    this.touched();
  }

  /** A point parsed from an output line, arrived at `wallTime` (seconds). */
  addParsedPoint(metric: LogMetric, wallTime: number): void {
    if (metric.epoch !== null) this.progress.addEpoch(metric.epoch);
    // Arrival times come from Date.now(), whole milliseconds cut down, and the helper's from Python's time.time():
    // a call logged in the same millisecond before the print must still count as before it.
    const helperStep = this.helperSteps.at(wallTime + 0.001);
    const ownStep = helperStep === null ? metric.step : null;
    const step = helperStep ?? ownStep ?? (this.progress.currentStep !== null ? this.progress.currentStep : (metric.epoch ?? 0));
    const kept: Record<string, number> = {};
    let any = false;
    for (const tag in metric.values) {
      if (this.helperTags.has(tag)) continue;
      const value = metric.values[tag];
      this.writer.addScalar(tag, value, step, wallTime);
      kept[tag] = value;
      any = true;
      this.counts.parsedPoints++;
    }
    if (!any) return;
    this.progress.addPoint(ownStep, kept, wallTime * 1000);
    this.touched();
  }

  /** A GPU series value sampled at `wallTime` (seconds). */
  addGpuValue(tag: string, value: number, wallTime: number): void {
    this.writer.addScalar(tag, value, this.currentStep, wallTime);
    this.counts.gpuPoints++;
    this.touched();
  }

  /** The run's hyperparameters (all so far), as the hparams plugin's session start. */
  addHparams(hparams: Record<string, number | string | boolean>, wallTime: number): void {
    this.writer.addHParams(hparams, wallTime);
    this.touched();
  }

  /** Writes what is buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = false;
    if (!this.closed) this.writer.flush();
  }

  close(): void {
    this.flush();
    this.closed = true;
    this.writer.close();
  }

  private touched(): void {
    if (this.pending || this.closed) return;
    this.pending = true;
    this.timer = setTimeout(() => this.flush(), this.flushMs);
  }
}
