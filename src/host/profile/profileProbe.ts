// What the integration tests read of the profile views inside the extension host, kept apart from the features: a
// view feeds its probe, and nothing in the feature's own behaviour reads it back.
import type { ModelProfile } from '../../core/profile/modelProfile';
import type { TraceDiff, TraceSummary } from '../../core/profile/traceSummary';
import { ModelProfileNotification, ProfileFailureNotification, TraceDiffNotification, TraceSummaryNotification, TraceTimelineNotification } from '../../core/protocol/profile';

/** The messages a test waits for, by a name it can write without loading the protocol module. */
const methods = {
  summary: TraceSummaryNotification.method,
  timeline: TraceTimelineNotification.method,
  diff: TraceDiffNotification.method,
  profile: ModelProfileNotification.method,
  failure: ProfileFailureNotification.method,
};

/** One trace editor or Profile panel. */
export class ProfileViewProbe {
  /** How many times the page sent `ready`. */
  ready = 0;
  /** Methods of the notifications the webview accepted, in order (a replay adds them again). */
  readonly deliveredMethods: string[] = [];
  summary: TraceSummary | undefined;
  /** Events in the timeline sent. */
  timelineEvents: number | undefined;
  profile: ModelProfile | undefined;
  diff: TraceDiff | undefined;
  failure: string | undefined;
  /** Bytes of the file the reader reported read, last; and whether the read was stopped before it ended (editor closed). */
  bytesRead = 0;
  cancelled = false;

  constructor(readonly title: string) {}

  delivered(method: string): void {
    this.deliveredMethods.push(method);
  }

  /** Whether the page, once it said ready, accepted a message of this kind. */
  reached(kind: keyof typeof methods): boolean {
    return this.ready > 0 && this.deliveredMethods.includes(methods[kind]);
  }
}

/** Every profile view opened in this session, newest last, by the file it shows. */
export class ProfileProbes {
  readonly views: { file: string; probe: ProfileViewProbe }[] = [];
  /** The error messages Profile Model… showed, in order. */
  readonly errors: string[] = [];

  add(file: string, title: string): ProfileViewProbe {
    const probe = new ProfileViewProbe(title);
    this.views.push({ file, probe });
    return probe;
  }

  /** The newest view of `file`. */
  latest(file: string): ProfileViewProbe | undefined {
    for (let index = this.views.length - 1; index >= 0; index--) if (this.views[index].file === file) return this.views[index].probe;
    return undefined;
  }
}
