// What the integration tests and benchmarks read inside the extension host, kept apart from the features: a
// feature holds a probe and feeds it, and nothing in the feature's own behaviour reads it back.

/**
 * A Training panel's draws: the last seq its webview reported drawn (RenderedCommand) and, per posted seq, the
 * time from the post to that report. The integration tests wait on `renderedSeq`.
 */
export class RenderProbe {
  renderedSeq = -1;
  /** Post-to-drawn latencies measured so far (ms). */
  readonly latencies: number[] = [];
  private readonly postedAt = new Map<number, number>();

  /** The host posted message `seq`. */
  posted(seq: number): void {
    this.postedAt.set(seq, performance.now());
  }

  /** The webview drew everything up to `seq`. */
  rendered(seq: number): void {
    this.renderedSeq = Math.max(this.renderedSeq, seq);
    const posted = this.postedAt.get(seq);
    if (posted === undefined) return;
    this.latencies.push(performance.now() - posted);
    this.postedAt.delete(seq);
  }
}
