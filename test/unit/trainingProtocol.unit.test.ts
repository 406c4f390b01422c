// The Training panel protocol: messages are built from their declared kinds and recognised only by them; every
// kind has its own method string, so no two kinds can be confused in dispatch. The panel's sequence (ready ->
// snapshot -> appends numbered by seq -> resync after a gap) is played through two real MessageEndpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as protocol from '../../src/core/protocol/training';
import { isMessage, isReply, message, replyMethod, requestMessage, type MessageType } from '../../src/core/protocol/messages';
import { MessageEndpoint } from '../../src/core/protocol/messageEndpoint';
import { TrainingState } from '../../src/core/charts/trainingState';
import type { RunData } from '../../src/core/protocol/training';

test('message() and isMessage() pair up; other kinds and non-objects are rejected', () => {
  const wire = message(protocol.ResyncCommand, { lastSeq: 4 });
  assert.deepEqual(wire, { method: 'training/resync', params: { lastSeq: 4 } });
  assert.ok(isMessage(protocol.ResyncCommand, wire));
  assert.ok(!isMessage(protocol.ReadyCommand, wire));
  assert.ok(!isMessage(protocol.ReadyCommand, null));
  assert.ok(!isMessage(protocol.ReadyCommand, 'training/ready'));
  const request = requestMessage(protocol.ExportRequest, { tag: 'loss', runs: ['a'], format: 'csv' }, 7);
  assert.equal(request.id, 7);
  assert.ok(isMessage(protocol.ExportRequest, request));
});

test('replies are told apart from messages by method and a numeric id', () => {
  assert.ok(isReply({ method: replyMethod, id: 3, reply: { path: null } }));
  assert.ok(!isReply({ method: replyMethod, id: '3' }));
  assert.ok(!isReply(message(protocol.ReadyCommand, {})));
});

test('every declared kind has a distinct method', () => {
  const methods = (Object.values(protocol) as unknown[])
    .filter((value): value is MessageType<unknown> => typeof value === 'object' && value !== null && 'method' in value)
    .map((kind) => kind.method);
  assert.equal(methods.length, 13);
  assert.equal(new Set([...methods, replyMethod]).size, methods.length + 1);
});

/** One run with `count` points of train/loss from step `from` on, as the host's feed appends it. */
function lossRun(from: number, count: number): RunData {
  const steps = Float64Array.from({ length: count }, (_, i) => from + i);
  return { run: 'a', color: '#000', scalars: [{ tag: 'train/loss', from, steps, wallTimes: steps, values: steps.map((step) => 1 / (step + 1)), total: from + count }], histograms: [], media: [] };
}

test('ready -> snapshot -> sequenced appends; a lost append makes the view ask for a resync and get a new snapshot', async () => {
  const toHost: unknown[] = [];
  const toView: unknown[] = [];
  const host = new MessageEndpoint((data) => toView.push(data));
  const view = new MessageEndpoint((data) => toHost.push(data));
  const state = new TrainingState();
  let seq = 0;
  const snapshots: number[] = [];
  const sendSnapshot = () => {
    snapshots.push(++seq);
    host.send(protocol.SnapshotNotification, { seq, runs: [lossRun(0, 3)], hiddenRuns: [], root: 'w' });
  };
  host.on(protocol.ReadyCommand, sendSnapshot).on(protocol.ResyncCommand, sendSnapshot);
  view.on(protocol.SnapshotNotification, (snapshot) => state.applySnapshot(snapshot));
  view.on(protocol.AppendNotification, (append) => state.applyAppend(append) || view.send(protocol.ResyncCommand, { lastSeq: state.lastSeq }));
  // Host and view would swap these through postMessage: deliver them in order here.
  const flush = async () => {
    while (toHost.length > 0 || toView.length > 0) {
      for (const data of toHost.splice(0)) await host.receive(data);
      for (const data of toView.splice(0)) await view.receive(data);
    }
  };
  view.send(protocol.ReadyCommand, {});
  await flush();
  assert.deepEqual([snapshots, state.lastSeq, state.runs.get('a')?.scalars.get('train/loss')?.length], [[1], 1, 3]);
  host.send(protocol.AppendNotification, { seq: ++seq, runs: [lossRun(3, 2)] });
  await flush();
  assert.deepEqual([snapshots, state.lastSeq, state.runs.get('a')?.scalars.get('train/loss')?.length], [[1], 2, 5]);
  seq++; // an append the hidden webview dropped
  host.send(protocol.AppendNotification, { seq: ++seq, runs: [lossRun(6, 1)] });
  await flush();
  assert.deepEqual(snapshots, [1, 5], 'the gap (3 missing before 4) brought a resync and snapshot 5');
  assert.equal(state.lastSeq, 5);
});
