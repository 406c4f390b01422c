// A series of non-scalar points (histograms, or references to image/text/audio records) with the
// same step preemption as ScalarSeries; these are few, so plain arrays do.
import { lowerBound } from './scalarSeries';

/** Where a record lives, so a panel can decode its payload (an image, a text) when it is shown. */
export interface RecordRef {
  file: string;
  offset: number;
}

/** Points of one tag: step, wall time and an item each, with strictly increasing steps. */
export class PointSeries<T> {
  readonly steps: number[] = [];
  readonly wallTimes: number[] = [];
  readonly items: T[] = [];
  generation = 0;

  get length(): number {
    return this.steps.length;
  }

  /** Appends a point; returns how many earlier points with step >= `step` it preempted. */
  push(step: number, wallTime: number, item: T): number {
    const last = this.steps.length - 1;
    const removed = last >= 0 && step <= this.steps[last] ? this.truncateFromStep(step) : 0;
    this.steps.push(step);
    this.wallTimes.push(wallTime);
    this.items.push(item);
    return removed;
  }

  /** Removes every point with step >= `step`; returns how many. */
  truncateFromStep(step: number): number {
    const keep = lowerBound(this.steps, this.steps.length, step);
    const removed = this.steps.length - keep;
    if (removed > 0) {
      this.steps.length = keep;
      this.wallTimes.length = keep;
      this.items.length = keep;
      this.generation++;
    }
    return removed;
  }
}
