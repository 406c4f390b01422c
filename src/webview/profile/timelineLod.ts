// Level of detail for the timeline: per row, spans of events where runs of tiny events separated by tiny gaps are
// merged into one span. Level 0 holds every event; each coarser level merges gaps and events under its threshold
// (a fraction of a pixel at the zoom it serves), so a frame of a million events draws about one span per pixel per
// row. Pure: built once when the timeline arrives, read by the renderer without allocating.
import { lowerIndex } from '../../core/charts/downsample';

/** One level: spans grouped by row (row r owns spans rowOffset[r] .. rowOffset[r+1]-1), each row sorted by start. */
export interface LodLevel {
  /** Gaps and events no longer than this (µs) were merged; 0 for the raw level. */
  thresholdUs: number;
  start: Float64Array;
  end: Float64Array;
  /** Running maximum of `end` within the row, so the first span reaching a time is found by binary search. */
  maxEnd: Float64Array;
  /** The longest event in the span: its category colours the span and its index answers hover. */
  category: Uint8Array;
  event: Uint32Array;
  /** Events merged into the span (1 for a single event). */
  count: Uint32Array;
  rowOffset: Uint32Array;
}

/** Index of the first span of `row` whose running end reaches `time` (the row's end offset when none). */
export function firstReaching(level: LodLevel, row: number, time: number): number {
  return lowerIndex(level.maxEnd, time, level.rowOffset[row], level.rowOffset[row + 1]);
}

/** Fills each row's running maximum of the span ends. */
export function fillMaxEnd(level: Omit<LodLevel, 'maxEnd'> & { maxEnd: Float64Array }): void {
  const rows = level.rowOffset.length - 1;
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let i = level.rowOffset[r]; i < level.rowOffset[r + 1]; i++) {
      if (level.end[i] > max) max = level.end[i];
      level.maxEnd[i] = max;
    }
  }
}

/**
 * The next coarser level: within a row, a span joins the one before it when the gap between them is at most
 * `thresholdUs` and both are small (no wider than the threshold, or already merged runs). Wide events stay their
 * own spans, so their names still show at the zoom this level serves.
 */
export function coarserLevel(previous: LodLevel, thresholdUs: number): LodLevel {
  const n = previous.start.length;
  const rows = previous.rowOffset.length - 1;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const category = new Uint8Array(n);
  const event = new Uint32Array(n);
  const count = new Uint32Array(n);
  const longest = new Float64Array(n);
  const rowOffset = new Uint32Array(rows + 1);
  let out = -1;
  for (let r = 0; r < rows; r++) {
    rowOffset[r] = out + 1;
    let open = false;
    let mergeable = false;
    for (let i = previous.rowOffset[r]; i < previous.rowOffset[r + 1]; i++) {
      const s = previous.start[i];
      const e = previous.end[i];
      const small = e - s <= thresholdUs || previous.count[i] > 1;
      if (open && mergeable && small && s - end[out] <= thresholdUs) {
        if (e > end[out]) end[out] = e;
        count[out] += previous.count[i];
        if (e - s > longest[out]) {
          longest[out] = e - s;
          category[out] = previous.category[i];
          event[out] = previous.event[i];
        }
        continue;
      }
      out++;
      open = true;
      mergeable = small;
      start[out] = s;
      end[out] = e;
      longest[out] = e - s;
      category[out] = previous.category[i];
      event[out] = previous.event[i];
      count[out] = previous.count[i];
    }
  }
  rowOffset[rows] = out + 1;
  const size = out + 1;
  const level: LodLevel = {
    thresholdUs,
    start: start.slice(0, size),
    end: end.slice(0, size),
    maxEnd: new Float64Array(size),
    category: category.slice(0, size),
    event: event.slice(0, size),
    count: count.slice(0, size),
    rowOffset,
  };
  fillMaxEnd(level);
  return level;
}

/**
 * Every level from the raw one: thresholds spanUs/2^22, /2^20, … /2^8 (a level is kept only when it halves the
 * spans of the last kept one, so memory stays under twice the raw level's).
 */
export function buildLevels(raw: LodLevel, spanUs: number): LodLevel[] {
  const levels = [raw];
  for (let k = 22; k >= 8; k -= 2) {
    const candidate = coarserLevel(levels[levels.length - 1], spanUs / 2 ** k);
    if (candidate.start.length <= levels[levels.length - 1].start.length / 2) levels.push(candidate);
    else levels[levels.length - 1] = levels.length === 1 ? raw : candidate;
  }
  return levels;
}

/** The coarsest level whose merged gaps stay under `usPerPx × 0.75` (invisible at this zoom). */
export function levelFor(levels: readonly LodLevel[], usPerPx: number): LodLevel {
  let chosen = levels[0];
  for (const level of levels) if (level.thresholdUs <= usPerPx * 0.75) chosen = level;
  return chosen;
}
