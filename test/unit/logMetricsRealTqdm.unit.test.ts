// Real tqdm output: Debian's python3-tqdm draws a training bar with a loss/lr postfix (and, every tenth step,
// a nested validation bar one row down, which tqdm draws with `\n` and `\x1b[A` cursor-up) into a pipe, as a
// script launched by `tensorsight run` would. The expected points are the postfix values tqdm itself had
// formatted at each count, which the script reports on stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TerminalLineSplitter } from '../../src/core/launch/logMetrics/terminalLines';
import { createLogMetricParser } from '../../src/core/launch/logMetrics/logMetricParser';
import type { LogMetric } from '../../src/core/launch/logMetrics/logMetric';

const python = '/usr/bin/python3';
const hasTqdm = existsSync(python) && spawnSync(python, ['-c', 'import tqdm'], { timeout: 10_000 }).status === 0;

const script = `
import json, sys
from tqdm import tqdm
seen = []
bar = tqdm(total=40, desc='Steps', file=sys.stderr, mininterval=0, miniters=1)
for i in range(40):
    bar.set_postfix(loss=1.0 / (i + 1), lr=1e-4 * (0.9 ** i), refresh=False)
    bar.update(1)
    seen.append({'n': bar.n, 'postfix': bar.postfix})
    if (i + 1) % 10 == 0:
        for _ in tqdm(range(5), desc='Validation', position=1, leave=False, file=sys.stderr, mininterval=0):
            pass
bar.close()
points = [{'step': s['n'], 'values': {k: float(v) for k, v in (p.split('=') for p in s['postfix'].split(', '))}} for s in seen]
print(json.dumps(points))
`;

test('real tqdm bars through a pipe: one point per count with the postfix tqdm formatted; the nested bar is none', { skip: !hasTqdm && "Debian's python3-tqdm is not installed (apt install python3-tqdm)" }, () => {
  const run = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.stderr.includes('\x1b[A'), 'tqdm drew the nested bar with cursor-up');
  const expected = (JSON.parse(run.stdout) as { step: number; values: Record<string, number> }[])
    .map(({ step, values }): LogMetric => ({ step, epoch: null, values, source: 'tqdm' }));
  assert.equal(expected.length, 40);

  const splitter = new TerminalLineSplitter();
  const parser = createLogMetricParser();
  const points: LogMetric[] = [];
  let lastProgress = null;
  // Fed in small pieces, as pipe reads cut it.
  for (let i = 0; i < run.stderr.length; i += 61) {
    for (const line of splitter.push(run.stderr.slice(i, i + 61))) {
      const result = parser.push(line);
      points.push(...result.metrics);
      lastProgress = result.progress ?? lastProgress;
    }
  }
  for (const line of splitter.end()) points.push(...parser.push(line).metrics);
  points.push(...parser.end().metrics);
  assert.deepEqual(points, expected);
  assert.deepEqual(lastProgress, { position: 40, total: 40 });
});
