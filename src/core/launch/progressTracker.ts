// run.json's `progress`: the latest step and epoch, the total when a line told it, steps per second over the
// last seconds, and the time left at that rate. Fed by every metric point and progress line the launcher sees.
import { type LogProgress } from './logMetrics/logMetric';
import { type RunProgress } from './runRecord';

/** The window steps/s is measured over: long enough to smooth bursts, short enough to follow a slowdown. */
const RATE_WINDOW_MS = 10_000;

/** Accumulates progress facts; `snapshot()` gives run.json's object. */
export class ProgressTracker {
  /** The latest step from the helper module, and from parsed lines: the helper's wins once it has logged. */
  private helperStep: number | null = null;
  private parsedStep: number | null = null;
  private epoch: number | null = null;
  private epochs: number | null = null;
  /** Position and total inside the current epoch or bar, from progress lines. */
  private position: number | null = null;
  private barTotal: number | null = null;
  private readonly lastMetrics: Record<string, number> = {};
  /** (time, done) samples of the counter the rate is measured on. */
  private readonly samples: { time: number; done: number }[] = [];
  private changed = false;

  /** A metric point: its step (when known), values, and whether the helper module gave it. */
  addPoint(step: number | null, values: Record<string, number>, now = Date.now(), fromHelper = false): void {
    const latest = fromHelper ? this.helperStep : this.parsedStep;
    if (step !== null && (latest === null || step > latest)) {
      if (fromHelper) this.helperStep = step;
      else this.parsedStep = step;
      this.sample(now);
    }
    for (const name in values) this.lastMetrics[name] = values[name];
    this.changed = true;
  }

  /** An epoch seen on a metric line (`epoch 3 | loss ...`). */
  addEpoch(epoch: number): void {
    if (this.epoch === null || epoch >= this.epoch) this.epoch = epoch;
    this.changed = true;
  }

  /** A progress line: `Epoch 3/10`, a tqdm `n/total`. */
  addProgress(progress: LogProgress, now = Date.now()): void {
    if (progress.epoch !== undefined) {
      if (this.epoch !== progress.epoch) this.position = null;
      this.epoch = progress.epoch;
    }
    if (progress.epochs !== undefined) this.epochs = progress.epochs;
    if (progress.total !== undefined) this.barTotal = progress.total;
    if (progress.position !== undefined) this.position = progress.position;
    this.changed = true;
    this.sample(now);
  }

  /**
   * The latest global step (null before the first): the helper's once it has logged, since printed steps may
   * count something else (samples seen, where the helper counts batches) and the helper is what the script chose.
   */
  get currentStep(): number | null {
    return this.helperStep ?? this.parsedStep;
  }

  private get step(): number | null {
    return this.currentStep;
  }

  /** Whether anything changed since the last snapshot. */
  get dirty(): boolean {
    return this.changed;
  }

  /** Total steps: epochs × steps per epoch when both are known; a bar's total when no epoch was ever printed. */
  private totalSteps(): number | null {
    if (this.barTotal === null) return null;
    if (this.epochs !== null) return this.epochs * this.barTotal;
    // A per-epoch bar without the epoch count says nothing about the run's end.
    return this.epoch === null ? this.barTotal : null;
  }

  /** How many of those total steps are done: from the bar position when there is one, else the step. */
  private done(): number | null {
    if (this.position !== null && this.barTotal !== null) {
      return this.epochs !== null && this.epoch !== null ? (this.epoch - 1) * this.barTotal + this.position : this.position;
    }
    return this.step;
  }

  private sample(now: number): void {
    const done = this.done();
    if (done === null) return;
    const last = this.samples[this.samples.length - 1];
    // A new bar (the next epoch's tqdm, validation) restarts its position: the rate starts over.
    if (last && done < last.done) this.samples.length = 0;
    this.samples.push({ time: now, done });
    while (this.samples.length > 2 && now - this.samples[1].time > RATE_WINDOW_MS) this.samples.shift();
  }

  private rate(): number | null {
    if (this.samples.length < 2) return null;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.time - first.time) / 1000;
    return seconds > 0 && last.done > first.done ? (last.done - first.done) / seconds : null;
  }

  snapshot(now = Date.now()): RunProgress {
    this.changed = false;
    const totalSteps = this.totalSteps();
    const stepsPerSecond = this.rate();
    const done = this.done();
    const etaSeconds = totalSteps !== null && stepsPerSecond !== null && done !== null ? Math.max(totalSteps - done, 0) / stepsPerSecond : null;
    return {
      step: this.step,
      epoch: this.epoch,
      epochs: this.epochs,
      totalSteps,
      stepsPerSecond: stepsPerSecond === null ? null : Math.round(stepsPerSecond * 1000) / 1000,
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds),
      lastMetrics: { ...this.lastMetrics },
      updatedAt: now,
    };
  }
}
