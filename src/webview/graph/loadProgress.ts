// The graph editor's load feedback: the progress line over the canvas (what loading does now, with counts, from the
// first moment until the graph is drawn), and the wall-clock stamps of each stage of the load, the host's and this
// page's on one clock, written to the status probe for the benchmark's stage breakdown.
import type { LoadStamps } from '../../core/protocol/graph';
import type { GraphStatus, Probe } from '../common/testProbes';

export class LoadProgress {
  private readonly stamps: LoadStamps = {};
  private readonly shown: string[] = [];

  constructor(
    private readonly element: HTMLElement,
    private readonly probe: Probe<GraphStatus>,
  ) {}

  /** Shows what loading does now. */
  show(text: string): void {
    this.element.textContent = text;
    this.element.hidden = false;
    if (this.shown.at(-1) !== text) this.shown.push(text);
    this.probe.set({ progressShown: JSON.stringify(this.shown) });
  }

  /** The graph is drawn as it will stay: nothing more to report. */
  done(): void {
    this.element.hidden = true;
    this.probe.set({ progressDone: '1' });
  }

  /** Records that `stage` ended at `pageTime` (this page's performance.now(); default now) on the wall clock. */
  stamp(stage: string, pageTime = performance.now()): void {
    this.stamps[stage] ??= Math.round(performance.timeOrigin + pageTime);
    this.write();
  }

  /** Takes the host's stamps (already wall-clock); the first of each name stays. */
  merge(stamps: LoadStamps): void {
    for (const [stage, at] of Object.entries(stamps)) this.stamps[stage] ??= at;
    this.write();
  }

  private write(): void {
    this.probe.set({ stamps: JSON.stringify(this.stamps) });
  }
}
