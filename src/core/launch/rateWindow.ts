// A rate over the last seconds of a growing counter (steps done, a bar's position): long enough a window to
// smooth bursts (a helper's lines read in batches), short enough to follow a slowdown.

/** Counter samples over a sliding window; a counter that goes back (a new bar) starts the window over. */
export class RateWindow {
  private readonly samples: { time: number; value: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  /** Records the counter's value at `time` (ms). */
  add(time: number, value: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && value < last.value) this.samples.length = 0;
    this.samples.push({ time, value });
    while (this.samples.length > 2 && time - this.samples[1].time > this.windowMs) this.samples.shift();
  }

  /** The latest value, or null before the first. */
  get latest(): number | null {
    return this.samples.length > 0 ? this.samples[this.samples.length - 1].value : null;
  }

  /** Units per second over the window; null until the counter has moved over some time. */
  perSecond(): number | null {
    if (this.samples.length < 2) return null;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.time - first.time) / 1000;
    return seconds > 0 && last.value > first.value ? (last.value - first.value) / seconds : null;
  }
}
