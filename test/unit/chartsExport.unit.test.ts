// Exports: every point of a real run, read back by an independent parser (python3's csv and json modules),
// numbers round-tripping exactly; x axis modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { seriesToCsv, seriesToJson, type ExportSeries } from '../../src/core/charts/seriesExport';
import { formatClock, formatDuration, isAscending, sortByX, xValues } from '../../src/core/charts/xAxis';
import { LogdirReader } from '../../src/core/events/logdirReader';

const shared = path.resolve(__dirname, '../fixtures/upstream');

function laxRun(): ExportSeries[] {
  const reader = new LogdirReader(path.join(shared, 'tfevents/torch_summarywriter_tbreducer_lax/run_1'));
  reader.poll();
  const store = reader.runs.get('.')!.store;
  return store.scalarTags().map((tag) => ({ run: 'lax, "run_1"', tag, ...store.scalar(tag)!.columns() }));
}

const readBack = `
import csv, json, sys
text = sys.stdin.read()
if sys.argv[1] == 'csv':
    rows = list(csv.DictReader(text.splitlines()))
    tags = sorted(set(r['tag'] for r in rows))
    out = {t: [[float(r['step']), float(r['wall_time']), float(r['value'])] for r in rows if r['tag'] == t] for t in tags}
    print(json.dumps({'run': rows[0]['run'], 'series': out}))
else:
    data = json.loads(text)
    print(json.dumps({'run': data[0]['run'], 'series': {s['tag']: [[p['step'], p['wallTime'], float(p['value'])] for p in s['points']] for s in data}}))
`;

for (const format of ['csv', 'json'] as const) {
  test(`${format} export of a real run reads back point for point in python3 (MANIFEST: 330 values over 3 tags, last step 109)`, () => {
    const series = laxRun();
    const text = format === 'csv' ? seriesToCsv(series) : seriesToJson(series);
    const parsed = JSON.parse(execFileSync('python3', ['-c', readBack, format], { input: text, encoding: 'utf8' }));
    assert.equal(parsed.run, 'lax, "run_1"');
    let total = 0;
    for (const { tag, steps, wallTimes, values } of series) {
      const rows = parsed.series[tag] as number[][];
      assert.equal(rows.length, steps.length);
      total += rows.length;
      rows.forEach(([step, wall, value], i) => assert.deepEqual([step, wall, value], [steps[i], wallTimes[i], values[i]]));
    }
    assert.equal(total, 330);
    const allSteps = Object.values(parsed.series as Record<string, number[][]>).flat().map((row) => row[0]);
    assert.equal(Math.max(...allSteps), 109);
  });
}

test('non-finite values stay readable: CSV spells them, JSON writes strings', () => {
  const series: ExportSeries[] = [{ run: 'r', tag: 't', steps: [1, 2], wallTimes: [10, 11], values: [Number.NaN, -Infinity] }];
  assert.equal(seriesToCsv(series), 'run,tag,step,wall_time,value\nr,t,1,10,NaN\nr,t,2,11,-Infinity\n');
  assert.deepEqual(JSON.parse(seriesToJson(series))[0].points, [{ step: 1, wallTime: 10, value: 'NaN' }, { step: 2, wallTime: 11, value: '-Infinity' }]);
});

test('x axis: step, relative to the first wall time, wall time; sorting non-monotone x', () => {
  const steps = Float64Array.from([5, 10]);
  const walls = Float64Array.from([1000.5, 1003]);
  assert.equal(xValues('step', steps, walls), steps);
  assert.equal(xValues('wall', steps, walls), walls);
  assert.deepEqual([...xValues('relative', steps, walls)], [0, 2.5]);
  assert.deepEqual([...xValues('relative', steps, walls, 1000)], [0.5, 3]);
  assert.equal(isAscending([1, 2, 2, 3]), true);
  assert.equal(isAscending([1, 3, 2]), false);
  assert.deepEqual(sortByX([3, 1, 2], [30, 10, 20]), { xs: Float64Array.from([1, 2, 3]), ys: Float64Array.from([10, 20, 30]) });
  assert.deepEqual([42, 90, 5400, 172800].map(formatDuration), ['42s', '1.5m', '1.5h', '2d']);
  assert.deepEqual([0, 42.9, 125, 3725, 90061, -3].map(formatClock), ['0:00', '0:42', '2:05', '1:02:05', '25:01:01', '0:00']);
});
