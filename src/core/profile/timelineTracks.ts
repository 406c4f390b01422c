// The timeline's tracks, labelled and ordered: host threads first ('process / thread', with the names and sort
// indexes of the trace's 'M' events), then GPU streams by device and stream ('GPU 0 / stream 7').
import type { TimelineTrack } from './traceTimeline';

/** A track as the builder first meets it. */
export interface TrackInfo {
  index: number;
  pid: string;
  tid: string;
  /** Set for a device stream. */
  device?: number;
  stream?: number;
}

function numeric(text: string): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.MAX_SAFE_INTEGER;
}

/** The tracks in display order, and `remap[first-met index] = display index`. */
export function buildTracks(
  list: readonly TrackInfo[],
  /** process_labels ('GPU 0') where written, else process_name. */
  processNames: ReadonlyMap<string, string>,
  threadNames: ReadonlyMap<string, string>,
  processSort: ReadonlyMap<string, number>,
  threadSort: ReadonlyMap<string, number>,
): { tracks: TimelineTrack[]; remap: Uint32Array } {
  const keyed = list.map((info) => {
    const thread = `${info.pid}\u0000${info.tid}`;
    const isDevice = info.device !== undefined && Number.isFinite(info.device);
    const label = isDevice
      ? `GPU ${info.device} / stream ${Number.isFinite(info.stream) ? info.stream : info.tid}`
      : `${processNames.get(info.pid) ?? info.pid} / ${threadNames.get(thread) ?? info.tid}`;
    const sortKey = isDevice
      ? [1, info.device ?? 0, info.stream ?? 0, 0]
      : [0, processSort.get(info.pid) ?? numeric(info.pid), threadSort.get(thread) ?? numeric(info.tid), 0];
    return { info, label, sortKey };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < a.sortKey.length; i++) if (a.sortKey[i] !== b.sortKey[i]) return a.sortKey[i] - b.sortKey[i];
    return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  });
  const remap = new Uint32Array(list.length);
  const tracks = keyed.map(({ info, label }, order) => {
    remap[info.index] = order;
    return { label, pid: info.pid, tid: info.tid, maxDepth: 0, order };
  });
  return { tracks, remap };
}
