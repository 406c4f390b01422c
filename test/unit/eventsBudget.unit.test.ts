// A byte budget splits the first read of a big run into slices that add up to the same store as one read.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { EventFileWriter } from '../../src/core/events/eventWriter';

function writeRun(dir: string, points: number): void {
  const writer = new EventFileWriter(dir);
  for (let step = 0; step < points; step++) writer.addScalar('loss', Math.sin(step) + step / points, step, 1_700_000_000 + step);
  writer.close();
}

test('a byte budget reads a big run in slices that add up to one whole read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-budget-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeRun(join(dir, 'run_a'), 20_000);
  writeRun(join(dir, 'run_b'), 5_000);

  const whole = new LogdirReader(dir);
  const once = whole.poll();
  assert.equal(once.more, false);

  const sliced = new LogdirReader(dir);
  let polls = 0;
  let result = sliced.poll({ maxBytes: 64 * 1024 });
  polls++;
  while (result.more) {
    assert.ok(polls < 1000, 'slices make progress');
    result = sliced.poll({ rescan: false, maxBytes: 64 * 1024 });
    polls++;
  }
  assert.ok(polls > 5, `the budget split the read (${polls} polls)`);
  for (const name of ['run_a', 'run_b']) {
    const a = whole.runs.get(name)!.store.scalar('loss')!.columns();
    const b = sliced.runs.get(name)!.store.scalar('loss')!.columns();
    assert.equal(b.values.length, name === 'run_a' ? 20_000 : 5_000);
    assert.deepEqual(b.steps, a.steps);
    assert.deepEqual(b.values, a.values);
  }
  assert.equal(sliced.poll({ rescan: false, maxBytes: 1 }).records, 0, 'nothing is left after the last slice');
});
