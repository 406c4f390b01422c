// What the integration tests and benchmarks read inside the extension host, kept apart from the features: a
// feature holds a probe and feeds it, and nothing in the feature's own behaviour reads it back.

/** A Training panel's draws: the last seq its webview reported drawn (RenderedCommand). The integration tests wait on it. */
export class RenderProbe {
  renderedSeq = -1;

  /** The webview drew everything up to `seq`. */
  rendered(seq: number): void {
    this.renderedSeq = Math.max(this.renderedSeq, seq);
  }
}

/** The "Open as model graph" prompt (host/graph/graphOpenPrompt.ts): the files it was shown for, in order (URI strings). */
export class OpenPromptProbe {
  readonly asked: string[] = [];

  /** The prompt was shown for `uri`. */
  shown(uri: string): void {
    this.asked.push(uri);
  }
}
