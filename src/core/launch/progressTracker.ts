// run.json's `progress`: the latest step and epoch, the total when a line told it, steps per second over the
// last seconds, and the time left. Fed by every metric point and progress line the launcher sees.
// Two counters, because their units can differ: the step (the helper's, else the parsed one) gives steps/s, and
// a progress bar's position (steps for Keras and tqdm, samples for the pytorch/examples lines) gives the ETA.
import { type LogProgress } from './logMetrics/logMetric';
import { RateWindow } from './rateWindow';
import { type RunProgress } from './runRecord';


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
  private readonly steps = new RateWindow();
  private readonly bar = new RateWindow();
  private changed = false;

  /** A metric point: its step (when known), values, and whether the helper module gave it. */
  addPoint(step: number | null, values: Record<string, number>, now = Date.now(), fromHelper = false): void {
    const latest = fromHelper ? this.helperStep : this.parsedStep;
    if (step !== null && (latest === null || step > latest)) {
      if (fromHelper) this.helperStep = step;
      else this.parsedStep = step;
      if (fromHelper || this.helperStep === null) this.steps.add(now, step);
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
    const done = this.barDone();
    if (done !== null) this.bar.add(now, done);
  }

  /**
   * The latest global step (null before the first): the helper's once it has logged, since printed steps may
   * count something else (samples seen, where the helper counts batches) and the helper is what the script chose.
   */
  get currentStep(): number | null {
    return this.helperStep ?? this.parsedStep;
  }

  /** Whether anything changed since the last snapshot. */
  get dirty(): boolean {
    return this.changed;
  }

  /** The bar's total for the run: epochs × per-epoch total when both are known; a bar's total when no epoch was printed. */
  private barRunTotal(): number | null {
    if (this.barTotal === null) return null;
    if (this.epochs !== null) return this.epochs * this.barTotal;
    // A per-epoch bar without the epoch count says nothing about the run's end.
    return this.epoch === null ? this.barTotal : null;
  }

  /** How much of that total is done. */
  private barDone(): number | null {
    if (this.position === null || this.barTotal === null) return null;
    return this.epochs !== null && this.epoch !== null ? (this.epoch - 1) * this.barTotal + this.position : this.position;
  }

  snapshot(now = Date.now()): RunProgress {
    this.changed = false;
    const total = this.barRunTotal();
    const done = this.barDone();
    const barRate = this.bar.perSecond();
    const stepsPerSecond = this.steps.perSecond() ?? (this.currentStep === null ? barRate : null);
    const etaSeconds = total !== null && done !== null && barRate !== null ? Math.max(total - done, 0) / barRate : null;
    return {
      step: this.currentStep,
      epoch: this.epoch,
      epochs: this.epochs,
      // The bar counts in the steps' unit only when no helper step is shown beside it.
      totalSteps: this.helperStep === null ? total : null,
      stepsPerSecond: stepsPerSecond === null ? null : Math.round(stepsPerSecond * 1000) / 1000,
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds),
      lastMetrics: { ...this.lastMetrics },
      updatedAt: now,
    };
  }
}
