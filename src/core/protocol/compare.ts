// Messages between the Compare Models panel's host (src/host/compare) and its webview (src/webview/compare), declared
// with the message kit (messages.ts): the webview sends `ready`, the host answers with the state of the diff (computing,
// the diff, or why there is none), again at every ready and whenever it changes.
import type { ModelDiff } from '../diff/diffTypes';
import { command, notification } from './messages';

/** Which of the two models: A (the "before", left) or B (the "after", right). */
export type CompareSide = 'a' | 'b';

/** What the panel shows. */
export type CompareState =
  | { kind: 'computing'; a: string; b: string; text: string }
  | { kind: 'ready'; diff: ModelDiff; weightStats: boolean; seconds: number }
  | { kind: 'error'; a: string; b: string; message: string };

/** Webview -> host: the script is running and wants the state. */
export const CompareReadyCommand = command<Record<string, never>>('compare/ready');
/** Host -> webview: the diff's state (sent after ready and at each change). */
export const CompareStateNotification = notification<{ state: CompareState }>('compare/state');
/** Webview -> host: compute the diff again, reading every matched weight's values for their statistics. */
export const CompareWeightStatsCommand = command<Record<string, never>>('compare/weightStats');
/** Webview -> host: open both graphs side by side with the added, removed and changed layers marked. */
export const CompareOpenGraphsCommand = command<Record<string, never>>('compare/openGraphs');
/** Webview -> host: reveal layer `nodeId` of one side in that side's graph (opened beside the other if needed). */
export const CompareRevealNodeCommand = command<{ side: CompareSide; nodeId: string }>('compare/revealNode');
/** Webview -> host: swap A and B and compute again. */
export const CompareSwapCommand = command<Record<string, never>>('compare/swap');
