// The profile webview's pure parts: the timeline index (rows, binary search of the visible window, hit testing,
// search), its levels of detail, the axis ticks, a model run as timeline data, and operator rows merged by name.
// Expected figures come from brute force over the same events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticTimeline } from '../../bench/timelineFps.data';
import { formatDeltaMicros, formatMicros } from '../../src/core/display/durations';
import type { ModelProfile } from '../../src/core/profile/modelProfile';
import type { OperatorRow } from '../../src/core/profile/traceSummary';
import { modelTimeline } from '../../src/webview/profile/modelTimeline';
import { groupByName } from '../../src/webview/profile/operatorGroups';
import { tickLabel, tickStep } from '../../src/webview/profile/timelineTicks';
import { TimelineIndex } from '../../src/webview/profile/timelineIndex';
import { firstReaching, levelFor } from '../../src/webview/profile/timelineLod';

const data = syntheticTimeline(60_000, 6, 10);
const index = new TimelineIndex(data);
const end = (i: number) => data.startUs[i] + data.durUs[i];
let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

test('rows: one per track and depth, tracks in their order, every event in its row', () => {
  const expectedRows = data.tracks.reduce((sum, track) => sum + track.maxDepth + 1, 0);
  assert.equal(index.rowCount, expectedRows);
  for (let i = 0; i < data.startUs.length; i += 97) {
    const row = index.eventRow[i];
    assert.equal(index.rowTrack[row], data.track[i]);
    assert.equal(index.rowDepth[row], data.depth[i]);
  }
  const orders = index.trackOrder.map((t) => data.tracks[t].order);
  assert.deepEqual(orders, [...orders].sort((a, b) => a - b));
});

test('the visible window found by binary search holds exactly the events overlapping it', () => {
  const raw = index.levels[0];
  for (let trial = 0; trial < 60; trial++) {
    const row = Math.floor(random() * index.rowCount);
    const t0 = random() * index.spanUs;
    const t1 = t0 + random() * index.spanUs * 0.05;
    const found = new Set<number>();
    for (let k = firstReaching(raw, row, t0); k < raw.rowOffset[row + 1] && raw.start[k] <= t1; k++) if (raw.end[k] >= t0) found.add(raw.event[k]);
    const expected = new Set<number>();
    for (let i = 0; i < data.startUs.length; i++) if (index.eventRow[i] === row && end(i) >= t0 && data.startUs[i] <= t1) expected.add(i);
    assert.deepEqual([...found].sort((a, b) => a - b), [...expected].sort((a, b) => a - b), `row ${row} [${t0}, ${t1}]`);
  }
});

test('levels of detail: every event inside one span of its row, gaps merged only under the threshold, wide events kept whole', () => {
  assert.ok(index.levels.length >= 3, `${index.levels.length} levels`);
  for (let l = 1; l < index.levels.length; l++) {
    const level = index.levels[l];
    assert.ok(level.start.length < index.levels[l - 1].start.length);
    let merged = 0;
    for (let r = 0; r < index.rowCount; r++) {
      for (let k = level.rowOffset[r]; k < level.rowOffset[r + 1]; k++) {
        if (k > level.rowOffset[r]) assert.ok(level.start[k] >= level.start[k - 1]);
        if (level.count[k] > 1) merged += level.count[k];
      }
    }
    let counted = 0;
    for (let k = 0; k < level.count.length; k++) counted += level.count[k];
    assert.equal(counted, data.startUs.length, 'each event counted once');
    assert.ok(merged > 0);
    // Every 50th event lies inside a span of its row; an event wider than the threshold is a span of its own.
    for (let i = 0; i < data.startUs.length; i += 50) {
      const row = index.eventRow[i];
      let inside = -1;
      for (let k = level.rowOffset[row]; k < level.rowOffset[row + 1]; k++) if (level.start[k] <= data.startUs[i] && level.end[k] >= end(i)) inside = k;
      assert.ok(inside >= 0, `event ${i} at level ${l}`);
      if (data.durUs[i] > level.thresholdUs * 1.001 && index.levels[l - 1].count[index.eventSlot[i]] === 1 && l === 1) assert.equal(level.count[inside], 1, `wide event ${i} kept whole`);
    }
  }
  assert.equal(levelFor(index.levels, 0.001), index.levels[0]);
  assert.equal(levelFor(index.levels, index.spanUs), index.levels[index.levels.length - 1]);
});

test('hit testing finds the event under the pointer, the shortest of nested ones', () => {
  for (let trial = 0; trial < 200; trial++) {
    const i = Math.floor(random() * data.startUs.length);
    const time = data.startUs[i] + data.durUs[i] / 2;
    const row = index.eventRow[i];
    const hit = index.eventAt(row, time, 0);
    assert.ok(hit >= 0);
    assert.ok(data.startUs[hit] <= time && end(hit) >= time);
    assert.equal(index.eventRow[hit], row);
  }
  assert.equal(index.eventAt(0, -1e9, 1), -1);
});

test('search returns every event whose name contains the text, by start', () => {
  const matches = index.search('CUDNN');
  const expected = [...data.nameIndex.keys()].filter((i) => data.names[data.nameIndex[i]].toLowerCase().includes('cudnn'));
  assert.equal(matches.length, expected.length);
  assert.ok(matches.length > 0);
  for (let m = 1; m < matches.length; m++) assert.ok(data.startUs[matches[m]] >= data.startUs[matches[m - 1]]);
  assert.equal(index.search('  ').length, 0);
});

test('flows: the partners of a launch are the kernels it started', () => {
  const f = 5;
  const pairs = index.flowPartners(data.flowFrom[f]);
  assert.ok(pairs.some((pair) => pair.to === data.flowTo[f]));
  assert.ok(data.tracks[data.track[data.flowTo[f]]].label.startsWith('GPU'));
});

test('axis ticks step 1-2-5 at least 90 px apart and read in the unit of the value', () => {
  assert.equal(tickStep(1), 100);
  assert.equal(tickStep(2441), 500_000);
  assert.equal(tickStep(0.19), 20);
  assert.equal(tickLabel(30_542_380, 20), '30.54238 s');
  assert.equal(tickLabel(1500, 500), '1.5 ms');
  assert.equal(tickLabel(250, 50), '250 µs');
  assert.equal(tickLabel(0, 50), '0');
  assert.equal(formatMicros(1234.5), '1.23 ms');
  assert.equal(formatMicros(null), '—');
  assert.equal(formatDeltaMicros(-35), '−35.0 µs');
});

test('a model run becomes one track per provider, overlapping nodes on separate rows', () => {
  const node = (name: string, provider: string) => ({ name, op: 'MatMul', provider, calls: 1, totalUs: 1, meanUs: 1, p90Us: 1, pct: 1, inputShapes: [], outputShapes: [], activationBytes: null, parameterBytes: null, fellBack: false, graphNodes: [name] });
  const profile = {
    ep: 'webgpu',
    nodes: [node('a', 'WebGpuExecutionProvider'), node('b', 'WebGpuExecutionProvider'), node('c', 'CPUExecutionProvider')],
    timeline: [
      { startUs: 10, durUs: 5, node: 1 },
      { startUs: 0, durUs: 20, node: 0 },
      { startUs: 30, durUs: 4, node: 2 },
    ],
  } as unknown as ModelProfile;
  const timeline = modelTimeline(profile);
  assert.deepEqual(timeline.tracks.map((track) => track.tid), ['WebGpuExecutionProvider', 'CPUExecutionProvider']);
  assert.deepEqual([...timeline.startUs], [0, 10, 30]);
  assert.deepEqual([...timeline.depth], [0, 1, 0]);
  assert.deepEqual([...timeline.track], [0, 0, 1]);
  assert.equal(timeline.tracks[0].maxDepth, 1);
  assert.equal(timeline.names[timeline.nameIndex[1]], 'b (MatMul)');
});

test('operator rows grouped by input shape merge back by name', () => {
  const row = (name: string, shapes: string, calls: number, us: number, device: number | null, line?: number): OperatorRow => ({ name, inputShapes: shapes, calls, hostTotalUs: us, hostSelfUs: us / 2, deviceTotalUs: device, deviceSelfUs: device, source: line ? { file: 'train.py', line } : undefined });
  const merged = groupByName([row('aten::mm', '[[2,3]]', 2, 10, 4, 7), row('aten::mm', '[[4,3]]', 3, 30, null, 9), row('aten::add', '[]', 1, 1, null)]);
  const mm = merged.find((r) => r.name === 'aten::mm')!;
  assert.deepEqual({ calls: mm.calls, total: mm.hostTotalUs, self: mm.hostSelfUs, device: mm.deviceTotalUs, shapes: mm.inputShapes, line: mm.source?.line }, { calls: 5, total: 40, self: 20, device: 4, shapes: undefined, line: 9 });
  assert.equal(merged.find((r) => r.name === 'aten::add')!.deviceTotalUs, null);
});
