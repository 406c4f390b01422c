// One measured run of a model profile as TimelineData, so the trace timeline draws it: one track per provider
// (CPU, and the asked-for EP), nodes stacked in rows where the parallel executor overlapped them. Pure.
import type { ModelProfile } from '../../core/profile/modelProfile';
import { allocateTimeline, traceCategoryOrder, type TimelineData, type TimelineTrack } from '../../core/profile/traceTimeline';

export function modelTimeline(profile: ModelProfile): TimelineData {
  const events = [...profile.timeline].sort((a, b) => a.startUs - b.startUs);
  const providers = [...new Set(events.map((event) => profile.nodes[event.node]?.provider ?? 'unknown'))].sort((a, b) => (isCpu(a) === isCpu(b) ? a.localeCompare(b) : isCpu(a) ? 1 : -1));
  const names = profile.nodes.map((node) => `${node.name} (${node.op})`);
  const n = events.length;
  const data = allocateTimeline(n, names);
  const cpu = traceCategoryOrder.indexOf('cpu_op');
  const kernel = traceCategoryOrder.indexOf('kernel');
  const tracks: TimelineTrack[] = providers.map((provider, order) => ({ label: `run / ${provider}`, pid: 'run', tid: provider, maxDepth: 0, order }));
  // Events go in (track, start) order, each at the first depth whose last event has ended.
  let k = 0;
  providers.forEach((provider, t) => {
    const ends: number[] = [];
    for (const event of events) {
      const node = profile.nodes[event.node];
      if ((node?.provider ?? 'unknown') !== provider) continue;
      let depth = ends.findIndex((end) => end <= event.startUs);
      if (depth < 0) depth = ends.push(0) - 1;
      ends[depth] = event.startUs + event.durUs;
      data.startUs[k] = event.startUs;
      data.durUs[k] = event.durUs;
      data.track[k] = t;
      data.depth[k] = Math.min(depth, 255);
      data.nameIndex[k] = event.node;
      data.category[k] = isCpu(provider) ? cpu : kernel;
      tracks[t].maxDepth = Math.max(tracks[t].maxDepth, Math.min(depth, 255));
      k++;
    }
  });
  data.tracks = tracks;
  return data;
}

/** ORT names it `CPUExecutionProvider`; our rows may say `cpu`. */
export function isCpu(provider: string): boolean {
  return /^cpu/i.test(provider);
}
