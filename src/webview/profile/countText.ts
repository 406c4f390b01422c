// Counts with their noun, singular for one: "1 row", "1,408 events". Every count the profile page prints goes
// through here, so none reads "1 rows".
import { formatExactCount } from '../../core/display/quantities';

/** `count` in full with `word`, or `plural` (default `word` + s) when the count is not one. */
export function countOf(count: number, word: string, plural = `${word}s`): string {
  return `${formatExactCount(count)} ${count === 1 ? word : plural}`;
}
