// The columnar timeline of a real Kineto trace (HTA's AlexNet on an A100) against plain Python over the same JSON:
// events per thread, nesting depth per thread, flows whose both ends land inside an event, labels from the 'M'
// events; and the (track, start) order, the relative times and the event limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TimelineBuilder } from '../../src/core/profile/timelineBuilder';
import { readTrace } from '../../src/core/profile/traceReader';

const file = path.resolve(__dirname, '../fixtures/upstream/traces/pytorch/hta_alexnet_a100_benchmark.pt.trace.json');
const python = '/usr/bin/python3';
const skip = existsSync(python) ? false : `${python} is missing (Debian's python3 gives the independent figures)`;

interface PythonTimeline {
  perThread: Record<string, { events: number; maxDepth: number }>;
  flows: number;
  minTs: number;
  minX: number;
}

/** Per "pid|tid": 'X' events and nesting depth; flows with an 's' and an 'f' each inside an 'X' of its own thread. */
function pythonTimeline(): PythonTimeline {
  const script = `
import json, sys
events = json.load(open(sys.argv[1]))['traceEvents']
xs = [e for e in events if e['ph'] == 'X']
threads = {}
for e in xs: threads.setdefault(f"{e['pid']}|{e['tid']}", []).append(e)
per = {}
for key, evs in threads.items():
    evs.sort(key=lambda e: (e['ts'], -e['dur']))
    stack, deepest = [], 0
    for e in evs:
        while stack and stack[-1] <= e['ts']: stack.pop()
        deepest = max(deepest, len(stack))
        stack.append(e['ts'] + e['dur'])
    per[key] = {'events': len(evs), 'maxDepth': deepest}
def inside(end):
    return any(x['ts'] <= end['ts'] <= x['ts'] + x['dur'] for x in threads.get(f"{end['pid']}|{end['tid']}", []))
starts = {(e.get('cat'), e['id']): e for e in events if e['ph'] == 's'}
flows = sum(1 for e in events if e['ph'] == 'f' and (e.get('cat'), e['id']) in starts and inside(starts[(e.get('cat'), e['id'])]) and inside(e))
min_ts = min(e['ts'] for e in events if e['ph'] != 'M' and e.get('ts'))
print(json.dumps({'perThread': per, 'flows': flows, 'minTs': min_ts, 'minX': min(e['ts'] for e in xs)}))`;
  return JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8' })) as PythonTimeline;
}

test('the timeline of a real Kineto trace agrees with plain Python', { skip }, async () => {
  const expected = pythonTimeline();
  const timeline = (await readTrace(file, [new TimelineBuilder()] as const)).results[0];
  const n = timeline.startUs.length;
  assert.equal(n, Object.values(expected.perThread).reduce((sum, t) => sum + t.events, 0));
  assert.equal(timeline.dropped, 0);
  for (const [key, want] of Object.entries(expected.perThread)) {
    const [pid, tid] = key.split('|');
    const index = timeline.tracks.findIndex((track) => track.pid === pid && track.tid === tid);
    assert.ok(index >= 0, `a track for ${key}`);
    assert.equal(timeline.track.filter((track) => track === index).length, want.events, `${key}: events`);
    assert.equal(timeline.tracks[index].maxDepth, want.maxDepth, `${key}: depth`);
  }
  assert.equal(timeline.flowFrom.length, expected.flows);
  assert.ok(expected.flows > 100, 'the fixture has launch flows');
  for (let k = 1; k < n; k++) {
    const order = timeline.track[k - 1] - timeline.track[k] || timeline.startUs[k - 1] - timeline.startUs[k];
    assert.ok(order <= 0, `sorted by (track, start) at ${k}`);
  }
  // Times are relative to the trace's first timed event (of any phase).
  assert.equal(Math.min(...timeline.startUs), expected.minX - expected.minTs);
  const labels = timeline.tracks.map((track) => track.label);
  assert.ok(labels.includes('GPU 0 / stream 7'), labels.join(', '));
  assert.ok(labels.includes('CPU / thread 2869224 (python3.10)'), labels.join(', '));
  assert.deepEqual(timeline.tracks.map((track) => track.order), timeline.tracks.map((_, i) => i));
  // Host threads come before device streams.
  const firstGpu = labels.findIndex((label) => label.startsWith('GPU 0 / stream'));
  assert.ok(labels.slice(firstGpu).every((label) => label.startsWith('GPU')), labels.join(', '));
  for (let k = 0; k < timeline.flowFrom.length; k++) assert.notEqual(timeline.flowFrom[k], timeline.flowTo[k]);
  assert.ok(timeline.names.includes('aten::cudnn_convolution'));
});

test('the event limit keeps the first events and counts the rest', async () => {
  const all = (await readTrace(file, [new TimelineBuilder()] as const)).results[0];
  const part = (await readTrace(file, [new TimelineBuilder({ limit: 100 })] as const)).results[0];
  assert.equal(part.startUs.length, 100);
  assert.equal(part.dropped, all.startUs.length - 100);
});
