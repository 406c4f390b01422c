// Builds the columnar timeline (TimelineData) in the same pass as the summary: every duration event goes into
// typed columns grown by doubling; at the end they are sorted by (track, start), nested into depths per track, and the
// launch -> kernel flows ('s'/'f' pairs) are resolved to the events they bind to. Tracks are host threads
// ('process / thread', names from 'M' events) and GPU streams ('GPU 0 / stream 7').
import { isDeviceCategory } from './eventCategory';
import type { TraceEvent, TraceMetadata, TraceVisitor } from './traceEvent';
import { allocateTimeline, traceCategoryOrder, type TimelineData, type TimelineTrack } from './traceTimeline';
import { buildTracks, type TrackInfo } from './timelineTracks';
import { FlowPairs } from './flowPairs';

export interface TimelineOptions {
  /** Events kept (in file order); the rest are counted in `dropped`. */
  limit?: number;
}

export const DEFAULT_TIMELINE_LIMIT = 2_000_000;
const MAX_TRACKS = 0xffff;
const MAX_DEPTH = 0xff;

const categoryIndex = new Map<string, number>(traceCategoryOrder.map((category, index) => [category, index]));

export class TimelineBuilder implements TraceVisitor<TimelineData> {
  private readonly limit: number;
  private count = 0;
  private dropped = 0;
  private ts = new Float64Array(1024);
  private dur = new Float32Array(1024);
  private trackOf = new Uint32Array(1024);
  private name = new Uint32Array(1024);
  private category = new Uint8Array(1024);
  private readonly names = new Map<string, number>();
  private readonly tracks = new Map<string, TrackInfo>();
  private readonly trackList: TrackInfo[] = [];
  private readonly processNames = new Map<string, string>();
  private readonly labelled = new Set<string>();
  private readonly threadNames = new Map<string, string>();
  private readonly processSort = new Map<string, number>();
  private readonly threadSort = new Map<string, number>();
  private readonly flows: FlowPairs;
  private minTs = Infinity;

  constructor(options: TimelineOptions = {}) {
    this.limit = options.limit ?? DEFAULT_TIMELINE_LIMIT;
    this.flows = new FlowPairs(this.limit);
  }

  event(event: TraceEvent): void {
    const { ph } = event;
    if (ph === 'M') return this.metadata(event);
    if (event.ts < this.minTs && event.ts !== 0) this.minTs = event.ts;
    if (ph === 's' || ph === 'f') return this.flow(event);
    if (ph !== 'X') return;
    if (this.count >= this.limit) {
      this.dropped++;
      return;
    }
    const track = this.track(event);
    if (track < 0) {
      this.dropped++;
      return;
    }
    if (this.count === this.ts.length) this.grow();
    const i = this.count++;
    this.ts[i] = event.ts;
    this.dur[i] = event.dur;
    this.trackOf[i] = track;
    let name = this.names.get(event.name);
    if (name === undefined) this.names.set(event.name, (name = this.names.size));
    this.name[i] = name;
    this.category[i] = categoryIndex.get(event.category) ?? categoryIndex.get('other')!;
  }

  finish(_metadata: TraceMetadata): TimelineData {
    const n = this.count;
    const { tracks, remap } = buildTracks(this.trackList, this.processNames, this.threadNames, this.processSort, this.threadSort);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const trackOf = this.trackOf;
    const ts = this.ts;
    const dur = this.dur;
    // By track, then start, then longer first so a parent precedes the children that start with it.
    order.sort((a, b) => remap[trackOf[a]] - remap[trackOf[b]] || ts[a] - ts[b] || dur[b] - dur[a]);
    const start = this.minTs === Infinity ? 0 : this.minTs;
    const data = allocateTimeline(n, [...this.names.keys()], this.dropped);
    data.tracks = tracks;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      data.startUs[k] = ts[i] - start;
      data.durUs[k] = dur[i];
      data.track[k] = remap[trackOf[i]];
      data.nameIndex[k] = this.name[i];
      data.category[k] = this.category[i];
    }
    this.nest(data, tracks);
    this.bindFlows(data, start, remap);
    return data;
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const grow = <T extends Float64Array | Float32Array | Uint32Array | Uint8Array>(array: T, make: new (n: number) => T): T => {
      const next = new make(size);
      next.set(array);
      return next;
    };
    this.ts = grow(this.ts, Float64Array);
    this.dur = grow(this.dur, Float32Array);
    this.trackOf = grow(this.trackOf, Uint32Array);
    this.name = grow(this.name, Uint32Array);
    this.category = grow(this.category, Uint8Array);
  }

  private metadata(event: TraceEvent): void {
    const pid = String(event.pid);
    const key = `${pid}\u0000${String(event.tid)}`;
    const args = event.args ?? {};
    if (event.name === 'process_name' && typeof args.name === 'string') {
      if (!this.labelled.has(pid)) this.processNames.set(pid, args.name);
    } else if (event.name === 'process_labels' && typeof args.labels === 'string' && args.labels !== '') {
      // Kineto names every GPU's process after the host program and labels it 'GPU 0': the label says more.
      this.labelled.add(pid);
      this.processNames.set(pid, args.labels);
    }
    else if (event.name === 'thread_name' && typeof args.name === 'string') this.threadNames.set(key, args.name);
    else if (event.name === 'process_sort_index' && typeof args.sort_index === 'number') this.processSort.set(pid, args.sort_index);
    else if (event.name === 'thread_sort_index' && typeof args.sort_index === 'number') this.threadSort.set(key, args.sort_index);
  }

  /** The track of an event: its pid and tid (Kineto writes a GPU's activity at pid = device, tid = stream); -1 past the track limit. */
  private track(event: TraceEvent): number {
    const key = `${String(event.pid)}\u0000${String(event.tid)}`;
    let info = this.tracks.get(key);
    if (!info) {
      if (this.trackList.length >= MAX_TRACKS) return -1;
      info = { index: this.trackList.length, pid: String(event.pid), tid: String(event.tid) };
      this.tracks.set(key, info);
      this.trackList.push(info);
    }
    if (info.device === undefined && isDeviceCategory(event.category, event.rawCategory)) {
      const args = event.args;
      info.device = typeof args?.device === 'number' ? args.device : Number(event.pid);
      info.stream = typeof args?.stream === 'number' ? args.stream : Number(event.tid);
    }
    return info.index;
  }

  private flow(event: TraceEvent): void {
    if (event.id === undefined || event.id === '') return;
    this.flows.add(event.ph === 's' ? 's' : 'f', event.rawCategory, event.id, `${String(event.pid)}\u0000${String(event.tid)}`, event.ts);
  }

  /** Depth by nesting within each track: an event sits below every earlier event still open at its start. */
  private nest(data: TimelineData, tracks: TimelineTrack[]): void {
    const stack: number[] = [];
    let current = -1;
    for (let k = 0; k < data.startUs.length; k++) {
      const track = data.track[k];
      if (track !== current) {
        stack.length = 0;
        current = track;
      }
      const start = data.startUs[k];
      while (stack.length > 0 && stack[stack.length - 1] <= start) stack.pop();
      const depth = Math.min(stack.length, MAX_DEPTH);
      data.depth[k] = depth;
      if (depth > tracks[track].maxDepth) tracks[track].maxDepth = depth;
      stack.push(start + data.durUs[k]);
    }
  }

  /** Each flow end binds to the innermost event of its thread (or stream) that contains its time. */
  private bindFlows(data: TimelineData, start: number, remap: Uint32Array): void {
    // Events of a track are contiguous after the sort: [firstOfTrack, endOfTrack).
    const firstOfTrack = new Int32Array(data.tracks.length).fill(-1);
    const endOfTrack = new Int32Array(data.tracks.length);
    for (let k = data.startUs.length - 1; k >= 0; k--) firstOfTrack[data.track[k]] = k;
    for (let k = 0; k < data.startUs.length; k++) endOfTrack[data.track[k]] = k + 1;
    const flows = this.flows;
    const find = (thread: number, ts: number): number => {
      const raw = this.tracks.get(flows.threads[thread])?.index;
      if (raw === undefined) return -1;
      const track = remap[raw];
      const lo = firstOfTrack[track];
      if (lo < 0) return -1;
      const time = ts - start;
      // Last event starting at or before the time, then back to one still open then.
      let a = lo;
      let b = endOfTrack[track];
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (data.startUs[mid] <= time) a = mid + 1;
        else b = mid;
      }
      for (let k = a - 1, steps = 0; k >= lo && steps < 64; k--, steps++) if (data.startUs[k] + data.durUs[k] >= time) return k;
      return -1;
    };
    const from: number[] = [];
    const to: number[] = [];
    for (let k = 0; k < flows.length; k++) {
      const a = find(flows.fromThread[k], flows.fromTs[k]);
      const b = find(flows.toThread[k], flows.toTs[k]);
      if (a >= 0 && b >= 0 && a !== b) {
        from.push(a);
        to.push(b);
      }
    }
    data.flowFrom = Uint32Array.from(from);
    data.flowTo = Uint32Array.from(to);
  }
}
