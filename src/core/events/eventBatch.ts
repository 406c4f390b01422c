// What one read of one event file produced, in file order, before it is merged into a run:
// scalar points in columns (the hot path allocates nothing per point), other events as objects.
import type { TfEvent } from './eventTypes';

/** Where decoded records go: a batch (files merged by wall time) or straight into a run store. */
export interface EventSink {
  pushScalar(tagId: number, step: number, wallTime: number, value: number, offset: number): void;
  pushEvent(event: TfEvent, offset: number): void;
}

/** Items decoded from one file read; an item is one scalar point or one whole non-scalar event. */
export class EventBatch implements EventSink {
  length = 0;
  /** Tag id of a scalar item, or -1 for an item held in `events`. */
  tagIds: Int32Array = new Int32Array(1024);
  steps: Float64Array = new Float64Array(1024);
  wallTimes: Float64Array = new Float64Array(1024);
  values: Float64Array = new Float64Array(1024);
  /** File offset of the record the item came from. */
  offsets: Float64Array = new Float64Array(1024);
  events: (TfEvent | undefined)[] = [];

  clear(): void {
    this.length = 0;
    this.events.length = 0;
  }

  pushScalar(tagId: number, step: number, wallTime: number, value: number, offset: number): void {
    if (this.length === this.tagIds.length) this.grow();
    const i = this.length++;
    this.tagIds[i] = tagId;
    this.steps[i] = step;
    this.wallTimes[i] = wallTime;
    this.values[i] = value;
    this.offsets[i] = offset;
  }

  pushEvent(event: TfEvent, offset: number): void {
    if (this.length === this.tagIds.length) this.grow();
    const i = this.length++;
    this.tagIds[i] = -1;
    this.steps[i] = event.step;
    this.wallTimes[i] = event.wallTime;
    this.values[i] = 0;
    this.offsets[i] = offset;
    this.events[i] = event;
  }

  private grow(): void {
    const size = this.tagIds.length * 2;
    const tagIds = new Int32Array(size);
    tagIds.set(this.tagIds);
    this.tagIds = tagIds;
    this.steps = copyGrow(this.steps, size);
    this.wallTimes = copyGrow(this.wallTimes, size);
    this.values = copyGrow(this.values, size);
    this.offsets = copyGrow(this.offsets, size);
  }
}

function copyGrow(from: Float64Array, size: number): Float64Array {
  const to = new Float64Array(size);
  to.set(from);
  return to;
}
