// The helper module's steps by wall time, so a printed line can be placed at the step the script was at when the
// line arrived. The two streams (stdout and metrics.jsonl) are read separately, and by the time a line is parsed
// the helper file may already hold later steps; the step current at the line's arrival is the one that was
// logged last before it.

/** How many recent (time, step) pairs are kept; a line is never later than this many helper calls. */
const KEPT = 4096;

export class HelperSteps {
  private times: number[] = [];
  private steps: number[] = [];

  get logged(): boolean {
    return this.steps.length > 0;
  }

  /** A helper point at `step`, logged at `wallTime` (seconds). */
  add(step: number, wallTime: number): void {
    this.times.push(wallTime);
    this.steps.push(step);
    if (this.times.length > 2 * KEPT) {
      this.times = this.times.slice(-KEPT);
      this.steps = this.steps.slice(-KEPT);
    }
  }

  /** The step last logged at or before `wallTime`; the earliest kept one when every step came later; null before any. */
  at(wallTime: number): number | null {
    if (this.steps.length === 0) return null;
    let low = 0;
    let high = this.times.length - 1;
    if (this.times[high] <= wallTime) return this.steps[high];
    if (this.times[0] > wallTime) return this.steps[0];
    // Invariant: times[low] <= wallTime < times[high].
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (this.times[middle] <= wallTime) low = middle;
      else high = middle;
    }
    return this.steps[low];
  }
}
