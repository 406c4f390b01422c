// The timeline's prepared data: rows (one per track and nesting depth, tracks in their display order), every event
// placed in its row sorted by start, and the coarser levels of detail. Built once per TimelineData; the renderer,
// hit testing and search read it without allocating. Pure (no DOM), so it is tested in Node.
import type { TimelineData } from '../../core/profile/traceTimeline';
import { buildLevels, fillMaxEnd, firstReaching, type LodLevel } from './timelineLod';

export class TimelineIndex {
  /** Per row: its track (index into data.tracks) and depth. */
  readonly rowTrack: Uint16Array;
  readonly rowDepth: Uint8Array;
  /** Per track: its first row (tracks not shown, having no rows, point at the next one). */
  readonly trackFirstRow: Uint32Array;
  /** Track indexes in display order. */
  readonly trackOrder: number[];
  /** Per event: its row, and its position in level 0. */
  readonly eventRow: Uint32Array;
  readonly eventSlot: Uint32Array;
  readonly levels: LodLevel[];
  /** The last event end (µs from the trace start). */
  readonly spanUs: number;

  constructor(readonly data: TimelineData) {
    const tracks = data.tracks;
    this.trackOrder = tracks.map((_, i) => i).sort((a, b) => tracks[a].order - tracks[b].order || a - b);
    this.trackFirstRow = new Uint32Array(tracks.length + 1);
    let rows = 0;
    const rowTrack: number[] = [];
    const rowDepth: number[] = [];
    for (const t of this.trackOrder) {
      this.trackFirstRow[t] = rows;
      for (let d = 0; d <= tracks[t].maxDepth; d++) {
        rowTrack.push(t);
        rowDepth.push(d);
      }
      rows += tracks[t].maxDepth + 1;
    }
    this.trackFirstRow[tracks.length] = rows;
    this.rowTrack = Uint16Array.from(rowTrack);
    this.rowDepth = Uint8Array.from(rowDepth);

    const n = data.startUs.length;
    this.eventRow = new Uint32Array(n);
    const rowOffset = new Uint32Array(rows + 1);
    let spanUs = 0;
    for (let i = 0; i < n; i++) {
      const t = data.track[i];
      const row = this.trackFirstRow[t] + Math.min(data.depth[i], tracks[t].maxDepth);
      this.eventRow[i] = row;
      rowOffset[row + 1]++;
      const end = data.startUs[i] + data.durUs[i];
      if (end > spanUs) spanUs = end;
    }
    for (let r = 0; r < rows; r++) rowOffset[r + 1] += rowOffset[r];
    this.spanUs = Math.max(spanUs, 1);

    // Counting sort into rows keeps the (track, start) order the data comes in; a row found out of order is sorted.
    const fill = rowOffset.slice(0, rows);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[fill[this.eventRow[i]]++] = i;
    for (let r = 0; r < rows; r++) {
      let sorted = true;
      for (let k = rowOffset[r] + 1; k < rowOffset[r + 1] && sorted; k++) sorted = data.startUs[order[k - 1]] <= data.startUs[order[k]];
      if (!sorted) order.subarray(rowOffset[r], rowOffset[r + 1]).sort((a, b) => data.startUs[a] - data.startUs[b]);
    }
    this.eventSlot = new Uint32Array(n);
    const raw: LodLevel = {
      thresholdUs: 0,
      start: new Float64Array(n),
      end: new Float64Array(n),
      maxEnd: new Float64Array(n),
      category: new Uint8Array(n),
      event: order,
      count: new Uint32Array(n).fill(1),
      rowOffset,
    };
    for (let k = 0; k < n; k++) {
      const i = order[k];
      raw.start[k] = data.startUs[i];
      raw.end[k] = data.startUs[i] + data.durUs[i];
      raw.category[k] = data.category[i];
      this.eventSlot[i] = k;
    }
    fillMaxEnd(raw);
    this.levels = buildLevels(raw, this.spanUs);
  }

  get rowCount(): number {
    return this.rowTrack.length;
  }

  /**
   * The event of `row` under time `time`, or the nearest one within `toleranceUs` of it; -1 for none. Among events
   * overlapping the time the shortest wins (it is drawn on top).
   */
  eventAt(row: number, time: number, toleranceUs: number): number {
    const raw = this.levels[0];
    if (row < 0 || row >= this.rowCount) return -1;
    let best = -1;
    let bestDistance = Infinity;
    const stop = raw.rowOffset[row + 1];
    for (let k = firstReaching(raw, row, time - toleranceUs); k < stop && raw.start[k] <= time + toleranceUs; k++) {
      const distance = time < raw.start[k] ? raw.start[k] - time : time > raw.end[k] ? time - raw.end[k] : -1 / (1 + raw.end[k] - raw.start[k]);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = raw.event[k];
      }
    }
    return bestDistance <= toleranceUs ? best : -1;
  }

  /** The partners of event `event` in the CPU→GPU flows (kernels it launched, or the launch of a kernel). */
  flowPartners(event: number): { from: number; to: number }[] {
    const pairs: { from: number; to: number }[] = [];
    const { flowFrom, flowTo } = this.data;
    for (let f = 0; f < flowFrom.length; f++) if (flowFrom[f] === event || flowTo[f] === event) pairs.push({ from: flowFrom[f], to: flowTo[f] });
    return pairs;
  }

  /** Events whose name contains `query` (case-insensitive), ordered by start. */
  search(query: string): Uint32Array {
    const needle = query.trim().toLowerCase();
    if (!needle) return new Uint32Array(0);
    const hit = new Uint8Array(this.data.names.length);
    this.data.names.forEach((name, i) => (hit[i] = name.toLowerCase().includes(needle) ? 1 : 0));
    const names = this.data.nameIndex;
    let count = 0;
    for (let i = 0; i < names.length; i++) count += hit[names[i]];
    const matches = new Uint32Array(count);
    let m = 0;
    for (let i = 0; i < names.length; i++) if (hit[names[i]]) matches[m++] = i;
    const starts = this.data.startUs;
    return matches.sort((a, b) => starts[a] - starts[b] || a - b);
  }
}
