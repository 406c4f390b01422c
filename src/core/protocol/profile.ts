// Messages between the profile webview (src/webview/profile) and its host side (src/host/profile). One webview
// shows either a profiler trace (the trace custom editor) or an ONNX Runtime model profile (the Profile panel).
// The webview sends `ready` first, and again after a reload; the host answers each `ready` with everything it holds.
import type { ModelProfile, ProfileComparison } from '../profile/modelProfile';
import type { TraceDiff, TraceSummary } from '../profile/traceSummary';
import type { TimelineData } from '../profile/traceTimeline';
import { command, notification } from './messages';

// ---- host -> webview ----

/** Reading is under way: bytes of the file read so far (the file may be gzip: then of the compressed file). */
export interface ProfileProgress {
  title: string;
  bytesRead: number;
  totalBytes: number;
}

/** Reading or profiling failed: the message names the file, the offset where known, and what was expected. */
export interface ProfileFailure {
  title: string;
  message: string;
}

export const ProfileProgressNotification = notification<ProfileProgress>('profile/progress');
export const ProfileFailureNotification = notification<ProfileFailure>('profile/failure');
export const TraceSummaryNotification = notification<{ summary: TraceSummary }>('profile/traceSummary');
export const TraceTimelineNotification = notification<{ timeline: TimelineData }>('profile/traceTimeline');
export const TraceDiffNotification = notification<{ diff: TraceDiff }>('profile/traceDiff');
export const ModelProfileNotification = notification<{ profile: ModelProfile; comparison: ProfileComparison | null }>('profile/modelProfile');

// ---- webview -> host ----

export const ProfileReadyCommand = command<Record<string, never>>('profile/ready');
/** Open a source file at a line (an operator's call stack). */
export const OpenSourceCommand = command<{ file: string; line: number }>('profile/openSource');
/** Reveal a node of the profiled model in the graph editor and the Model view. */
export const RevealNodeCommand = command<{ node: string }>('profile/revealNode');
/** Ask the user for a second trace or profile and show the diff. */
export const CompareCommand = command<Record<string, never>>('profile/compare');
/** Save a table (or the whole result) as JSON or CSV, through a save dialog. */
export const ExportCommand = command<{ table: 'all' | 'ops' | 'nodes' | 'operators' | 'kernels' | 'steps'; format: 'json' | 'csv' }>('profile/export');
