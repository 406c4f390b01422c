// The Training panel protocol: messages are built from their declared kinds and recognised only by them;
// every kind has its own method string, so no two kinds can be confused in dispatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as protocol from '../../src/core/protocol/training';

test('message() and isMessage() pair up; other kinds and non-objects are rejected', () => {
  const wire = protocol.message(protocol.ResyncCommand, { lastSeq: 4 });
  assert.deepEqual(wire, { method: 'training/resync', params: { lastSeq: 4 } });
  assert.ok(protocol.isMessage(protocol.ResyncCommand, wire));
  assert.ok(!protocol.isMessage(protocol.ReadyCommand, wire));
  assert.ok(!protocol.isMessage(protocol.ReadyCommand, null));
  assert.ok(!protocol.isMessage(protocol.ReadyCommand, 'training/ready'));
  const request = protocol.message(protocol.ExportRequest, { tag: 'loss', runs: ['a'], format: 'csv' }, 7);
  assert.equal(request.id, 7);
});

test('replies are told apart from messages by method and a numeric id', () => {
  assert.ok(protocol.isReply({ method: protocol.replyMethod, id: 3, reply: { path: null } }));
  assert.ok(!protocol.isReply({ method: protocol.replyMethod, id: '3' }));
  assert.ok(!protocol.isReply(protocol.message(protocol.ReadyCommand, {})));
});

test('every declared kind has a distinct method', () => {
  const methods = (Object.values(protocol) as unknown[])
    .filter((value): value is protocol.MessageType<unknown> => typeof value === 'object' && value !== null && 'method' in value)
    .map((kind) => kind.method);
  assert.equal(methods.length, 10);
  assert.equal(new Set([...methods, protocol.replyMethod]).size, methods.length + 1);
});
