// A script printing 100k metric rows a second through the launcher: output.log holds every line in order and
// the event file a point for every row, with the terminal tee writing to a real descriptor alongside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchRun } from '../../src/core/launch/launchRun';
import { tempDirsFor } from './tempDirs';
import { readScalars, scripts, torchPython } from './launchSupport';

const tempDir = tempDirsFor('tensorsight-launch-flood-');

test('100k lines a second: none lost in output.log or in the event file', { skip: torchPython.skip }, async () => {
  const dir = tempDir();
  const timing = join(dir, 'timing.json');
  const terminal = openSync('/dev/null', 'w');
  try {
    const handle = launchRun({ script: join(scripts, 'flood_lines.py'), args: ['--rate', '100000', '--seconds', '1', '--timing', timing], python: torchPython.python!, runsRoot: dir, nvidiaSmi: null, terminalFd: terminal });
    const record = await handle.done;
    assert.equal(record.status, 'finished');
    const printed = (JSON.parse(readFileSync(timing, 'utf8')) as { lines: number }).lines;
    assert.equal(printed, 100_000);
    const lines = readFileSync(join(handle.dir, 'output.log'), 'utf8').split('\n').slice(0, -1);
    assert.equal(lines.length, printed + 1);
    const points = readScalars(handle.dir).get('train/rmse')!;
    assert.equal(points.length, printed);
    for (let i = 0; i < printed; i++) {
      const text = lines[i].slice(lines[i].indexOf(' out ') + 5);
      const row = /^\[(\d+)\]\ttrain-rmse:(\d\.\d{6})$/.exec(text);
      if (!row || Number(row[1]) !== i) assert.fail(`output.log line ${i + 1}: ${lines[i]}`);
      if (points[i][0] !== i || points[i][1] !== Math.fround(Number(row[2]))) assert.fail(`point ${i}: ${points[i]} for '${text}'`);
    }
    assert.match(lines[printed], / out flood done 100000$/);
  } finally {
    closeSync(terminal);
  }
});
