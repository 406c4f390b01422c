// The fuzz suite at CI size: 200 seeded cases per reader, made from the real fixtures (truncations, byte
// flips, random bytes, spliced chunks, empty files), each read on a worker under the watchdog. Every case must
// end in a result or a FormatError within the limit: no other exception, no timeout. The tally is printed.
// Longer runs: npm run fuzz -- --cases N [--seed S] [--reader R].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';
import { makeCase } from '../fuzz/fuzzCases';
import { fuzzReaders } from '../fuzz/fuzzReaders';
import { formatFailure, formatTally, runFuzz } from '../fuzz/fuzzRun';

const CASES = 200;
const SEED = 1;

test('cases are deterministic by seed and differ between seeds', () => {
  const fixtures = [{ path: 'a', bytes: Uint8Array.from({ length: 300 }, (_, i) => i % 251) }];
  const one = Array.from({ length: 50 }, (_, i) => makeCase(fixtures, SEED, i));
  const again = Array.from({ length: 50 }, (_, i) => makeCase(fixtures, SEED, i));
  assert.deepEqual(again, one);
  assert.notDeepEqual(Array.from({ length: 50 }, (_, i) => makeCase(fixtures, SEED + 1, i)).map((c) => c.detail), one.map((c) => c.detail));
  assert.deepEqual(fixtures[0].bytes, Uint8Array.from({ length: 300 }, (_, i) => i % 251), 'a case must not change its fixture');
  assert.deepEqual(new Set(one.map((c) => c.kind)).size >= 5, true);
});

test('files the fuzzer found stay fixed (test/fixtures/fuzz/MANIFEST.tsv; the HDF5 ones: parseWatchdog.unit.test.ts)', () => {
  const file = path.resolve(__dirname, '../fixtures/fuzz/telegraf_a10g_unclosed_doctype.xml');
  assert.throws(() => parseGpuReport(readFileSync(file, 'utf8'), file), (error: unknown) => error instanceof FormatError && /telegraf_a10g_unclosed_doctype\.xml: malformed XML: Unclosed DOCTYPE/.test(error.message));
});

test(`every reader: ${CASES} cases end in a result or a FormatError, none hangs`, { timeout: 240_000 }, async () => {
  const { tallies, failures, ms } = await runFuzz({ cases: CASES, seed: SEED, timeoutMs: 10_000 });
  console.log(`${formatTally(tallies)}\n${tallies.length * CASES} cases in ${(ms / 1000).toFixed(1)} s (seed ${SEED})`);
  assert.deepEqual(tallies.map((tally) => tally.reader), fuzzReaders.map((reader) => reader.name));
  for (const tally of tallies) {
    assert.equal(tally.cases, CASES, tally.reader);
    assert.equal(tally.results + tally.formatErrors, CASES, `${tally.reader}: every case ends in a result or a FormatError`);
    // The cases must reach each reader's error path, or they test nothing. Event files are the exception by
    // design: a damaged record is counted as corrupt (with its offset) and reading goes on.
    if (tally.reader !== 'events') assert.ok(tally.formatErrors > 0, `${tally.reader}: no case was refused`);
  }
  assert.deepEqual(failures.map(formatFailure), []);
});
