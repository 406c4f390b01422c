// How runs are named and described in the Runs view and the Training panel: ids unique across the roots read,
// and the one-line facts of a run (tags, last step, how long since it grew). Pure, so the tree provider only
// assembles items.
import { droppedPointsText } from '../events/droppedPointsText';
import type { DroppedPoints, RunStore } from '../events/runStore';

/** A folder runs are discovered under, and the prefix of their ids ('' for none). */
export interface RunRoot {
  path: string;
  label: string;
}

/**
 * The roots and their labels: with one workspace folder, run ids are plain relative paths as TensorBoard names them;
 * with several, each folder's runs are prefixed by its name; a logdir added by hand is prefixed by its base name.
 */
export function runRoots(folders: readonly { path: string; name: string }[], extraRoots: readonly string[]): RunRoot[] {
  const roots = folders.map((folder) => ({ path: folder.path, label: folders.length > 1 ? folder.name : '' }));
  for (const extra of extraRoots) roots.push({ path: extra, label: baseName(extra) });
  return roots;
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? path;
}

/** The id of run `name` (relative to its root) under a root labelled `label`. */
export function runId(label: string, name: string): string {
  return label ? `${label}/${name}` : name;
}

/** "3 s ago", "5 min ago", "2 h ago", "4 d ago". */
export function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** What a run holds: its tags of every kind, its last step over scalars and histograms, and its scalar points. */
export interface RunFacts {
  tags: number;
  lastStep: number | undefined;
  points: number;
}

/** The facts of a run's store. */
export function runFacts(store: RunStore): RunFacts {
  let lastStep: number | undefined;
  let points = 0;
  const scalarTags = store.scalarTags();
  for (const tag of scalarTags) {
    const series = store.scalar(tag)!;
    points += series.length;
    if (series.length > 0) lastStep = Math.max(lastStep ?? -Infinity, series.stepAt(series.length - 1));
  }
  for (const series of store.histograms.values()) if (series.length > 0) lastStep = Math.max(lastStep ?? -Infinity, series.steps[series.length - 1]);
  const tags = scalarTags.length + store.histograms.size + store.other.size;
  return { tags, lastStep, points };
}

/** The Runs view's line for a run: `3 tags · step 495 · updated 5 min ago`. */
export function runDescription(facts: RunFacts, sinceUpdateMs: number): string {
  const step = facts.lastStep === undefined ? 'no steps' : `step ${facts.lastStep}`;
  return `${facts.tags} tags · ${step} · updated ${ago(sinceUpdateMs)}`;
}

/** The Runs view's tooltip text under the run's id: where it is, what was read, and what restarts orphaned. */
export function runDetails(dir: string, files: number, records: number, corrupt: number, facts: RunFacts, dropped: DroppedPoints): string {
  const orphaned = droppedPointsText(dropped);
  return `${dir}\n${files} event file(s), ${records} records, ${facts.points} scalar points${corrupt ? `, ${corrupt} corrupt region(s) skipped` : ''}\n${orphaned ? `${orphaned}\n` : ''}`;
}
