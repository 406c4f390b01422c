// A series of non-scalar points (histograms, or references to image/text/audio records), kept like
// ScalarSeries (steps never decrease; RunStore truncates on restarts); these are few, so plain arrays do.
import { lowerBound } from './scalarSeries';

/** Where a record lives, so a panel can decode its payload (an image, a text) when it is shown. */
export interface RecordRef {
  file: string;
  offset: number;
}

/** Points of one tag: step, wall time and an item each, with steps that never decrease. */
export class PointSeries<T> {
  readonly steps: number[] = [];
  readonly wallTimes: number[] = [];
  readonly items: T[] = [];
  generation = 0;
  /** The writer session of the last point (RunStore's restart rule); -1 while empty. */
  session = -1;

  get length(): number {
    return this.steps.length;
  }

  /** Step of the last point; -Infinity while empty. */
  get lastStep(): number {
    return this.steps.length > 0 ? this.steps[this.steps.length - 1] : -Infinity;
  }

  /** Appends a point; its step must not be below `lastStep` (the caller truncates first). */
  push(step: number, wallTime: number, item: T): void {
    this.steps.push(step);
    this.wallTimes.push(wallTime);
    this.items.push(item);
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
