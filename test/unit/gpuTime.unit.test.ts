// nvidia-smi times: kept as the source wrote them (no offset for saved XML and CSV), with the offset only
// where it is known: a live sample, or a capture whose header gives the UTC time it was collected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvLocalTime, liveTime, offsetFromReference, withOffset, xmlLocalTime } from '../../src/core/gpu/nvidiaSmiTime';

test('XML and CSV clock readings become ISO 8601 local times, without an offset', () => {
  assert.equal(xmlLocalTime('Mon Jun  2 10:00:00 2025'), '2025-06-02T10:00:00');
  assert.equal(xmlLocalTime('Thu Sep 23 17:44:07 2021'), '2021-09-23T17:44:07');
  assert.equal(xmlLocalTime('2025-06-02 10:00'), null);
  assert.equal(xmlLocalTime('Mon Foo  2 10:00:00 2025'), null);
  assert.equal(csvLocalTime('2026/06/26 11:59:58.909'), '2026-06-26T11:59:58.909');
  assert.equal(csvLocalTime(' 2026/06/26 11:59:58 '), '2026-06-26T11:59:58');
  assert.equal(csvLocalTime('[N/A]'), null);
});

test('an offset makes an instant; a capture\'s offset is its local clock minus the UTC collection time, to the quarter hour', () => {
  assert.deepEqual(withOffset('2026-06-24T10:26:49.788', 120), { time: '2026-06-24T10:26:49.788+02:00', timestamp: Date.parse('2026-06-24T08:26:49.788Z') });
  assert.equal(withOffset('2025-01-01T00:00:00', -210).time, '2025-01-01T00:00:00-03:30');
  assert.equal(offsetFromReference('2026-06-24T10:26:49.788', '2026-06-24T08:26:34Z'), 120);
  assert.equal(offsetFromReference('2026-06-24T14:00:10', '2026-06-24T08:29:58Z'), 330);
  assert.equal(offsetFromReference('2026-06-24T08:40:00', '2026-06-24T08:26:34Z'), null, 'a 13-minute gap is no time zone');
  assert.equal(offsetFromReference('2026-06-24T08:26:40', 'not a time'), null);
});

test('a live sample carries this machine\'s offset, and its time names the same instant', () => {
  const now = Date.UTC(2026, 11, 3, 13, 20, 0, 123);
  const live = liveTime(now);
  assert.equal(live.timestamp, now);
  assert.match(live.time, /^2026-12-03T\d\d:\d\d:00\.123[+-]\d\d:\d\d$/);
  assert.equal(Date.parse(live.time), now);
});
