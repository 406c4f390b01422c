// How the points the restart rule dropped (runStore.ts) read to a person: one wording for `tensorsight events`
// and the Runs view's tooltip.
import type { DroppedPoints } from './runStore';

/** The rule's reasons, in the order they are listed. */
const reasons: [keyof DroppedPoints, string][] = [
  ['stepBack', "a tag's step went back"],
  ['rewritten', 'a new writer session wrote the same step again'],
  ['sessionStart', 'SessionLog.START'],
];

/** "12 points dropped as orphaned by restarts (10: a tag's step went back; 2: SessionLog.START)", or '' for none. */
export function droppedPointsText(dropped: DroppedPoints): string {
  const total = reasons.reduce((sum, [key]) => sum + dropped[key], 0);
  if (total === 0) return '';
  const parts = reasons.filter(([key]) => dropped[key] > 0).map(([key, reason]) => `${dropped[key]}: ${reason}`);
  return `${total} point${total === 1 ? '' : 's'} dropped as orphaned by restarts (${parts.join('; ')})`;
}
