// Run ids and the Runs view's one-line facts (core/charts/runLabels.ts), over real event files: the figures come
// from test/fixtures/upstream/MANIFEST.tsv (tags, steps, values) and from the Python writer's own record
// (python_sample.expected.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { ago, runDescription, runDetails, runFacts, runId, runRoots } from '../../src/core/charts/runLabels';

const fixtures = join(import.meta.dirname, '../fixtures');

function onlyRun(dir: string) {
  const reader = new LogdirReader(dir);
  reader.poll();
  const [run] = reader.runList();
  return run;
}

test('facts of real runs: tags of every kind, the last step over scalars and histograms, scalar points', () => {
  // MANIFEST: torch SummaryWriter, tags=1, steps 5..495, simple_value:100.
  assert.deepEqual(runFacts(onlyRun(join(fixtures, 'upstream/tfevents/torch_summarywriter_tbreducer_strict/run_1')).store), { tags: 1, lastStep: 495, points: 100 });
  // MANIFEST: Keras callback validation, tags=2, steps 1..19, simple_value:40.
  assert.deepEqual(runFacts(onlyRun(join(fixtures, 'upstream/tfevents/keras_callback_tfx_iris/validation')).store), { tags: 2, lastStep: 19, points: 40 });
  // The Python sample: its scalar, histogram and other tags; histograms run to step 7, past every scalar.
  const expected = JSON.parse(readFileSync(join(fixtures, 'events/python_sample.expected.json'), 'utf8')) as {
    scalars: Record<string, unknown[]>;
    histograms: Record<string, { step: number }[]>;
    other: Record<string, number>;
  };
  const tags = Object.keys(expected.scalars).length + Object.keys(expected.histograms).length + Object.keys(expected.other).length;
  const points = Object.values(expected.scalars).reduce((sum, series) => sum + series.length, 0);
  const lastStep = Math.max(...Object.values(expected.histograms).flatMap((series) => series.map((entry) => entry.step)));
  assert.deepEqual(runFacts(onlyRun(join(fixtures, 'events/python_sample')).store), { tags, lastStep, points });
  assert.deepEqual([tags, lastStep, points], [17, 7, 11]);
});

test('the Runs view line and tooltip text', () => {
  assert.equal(runDescription({ tags: 1, lastStep: 495, points: 100 }, 4_600), '1 tags · step 495 · updated 5 s ago');
  assert.equal(runDescription({ tags: 0, lastStep: undefined, points: 0 }, 0), '0 tags · no steps · updated 0 s ago');
  const none = { stepBack: 0, rewritten: 0, sessionStart: 0 };
  assert.equal(runDetails('/w/runs/a', 2, 101, 0, { tags: 1, lastStep: 495, points: 100 }, none), '/w/runs/a\n2 event file(s), 101 records, 100 scalar points\n');
  assert.equal(runDetails('/w/runs/a', 1, 7, 3, { tags: 1, lastStep: 5, points: 6 }, none), '/w/runs/a\n1 event file(s), 7 records, 6 scalar points, 3 corrupt region(s) skipped\n');
  // What restarts orphaned reads as `tensorsight events` says it.
  assert.equal(
    runDetails('/w/runs/a', 2, 30, 0, { tags: 2, lastStep: 9, points: 18 }, { stepBack: 10, rewritten: 1, sessionStart: 0 }),
    "/w/runs/a\n2 event file(s), 30 records, 18 scalar points\n11 points dropped as orphaned by restarts (10: a tag's step went back; 1: a new writer session wrote the same step again)\n",
  );
});

test('ago: seconds, minutes, hours, days, at their boundaries', () => {
  const cases: [number, string][] = [
    [-5_000, '0 s ago'],
    [59_400, '59 s ago'],
    [60_000, '1 min ago'],
    [3_599_000, '59 min ago'],
    [3_600_000, '1 h ago'],
    [86_399_000, '23 h ago'],
    [86_400_000, '1 d ago'],
    [10 * 86_400_000, '10 d ago'],
  ];
  for (const [ms, text] of cases) assert.equal(ago(ms), text, String(ms));
});

test('run ids: plain with one workspace folder, prefixed by folder name with several, by base name for added logdirs', () => {
  assert.deepEqual(runRoots([{ path: '/w', name: 'w' }], ['/tmp/logs/exp1/']), [
    { path: '/w', label: '' },
    { path: '/tmp/logs/exp1/', label: 'exp1' },
  ]);
  assert.deepEqual(runRoots([{ path: '/a', name: 'alpha' }, { path: '/b', name: 'beta' }], []).map((root) => root.label), ['alpha', 'beta']);
  assert.equal(runRoots([], ['C:\\logs\\exp2'])[0].label, 'exp2');
  assert.equal(runId('', 'runs/torch-strict/run_1'), 'runs/torch-strict/run_1');
  assert.equal(runId('alpha', 'run_1'), 'alpha/run_1');
});
