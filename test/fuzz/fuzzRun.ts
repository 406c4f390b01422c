// Runs the fuzz suite: for each reader, `cases` seeded cases made from its fixtures, each written to a
// temporary file and read on the worker pool under the watchdog; returns the tally per reader and every
// case that crashed or timed out, with what is needed to make it again.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleWorker } from './bundleWorker';
import { makeCase, type FuzzCase } from './fuzzCases';
import { FuzzPool, type FuzzOutcome } from './fuzzPool';
import { fuzzReaders, FIXTURES } from './fuzzReaders';

/** Options of one run. */
export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Reader names to run (default: all). */
  readers?: readonly string[];
  /** Limit of one case, in ms. */
  timeoutMs?: number;
  workers?: number;
  /** Where to copy the file of every failing case (kept for replay). */
  keepDir?: string;
}

/** Counts of one reader. */
export interface FuzzTally {
  reader: string;
  fixtures: number;
  cases: number;
  results: number;
  formatErrors: number;
  timeouts: number;
  crashes: number;
  slowestMs: number;
}

/** A case that crashed or timed out. */
export interface FuzzFailure {
  reader: string;
  seed: number;
  index: number;
  fixture: string;
  kind: string;
  mutation: string;
  outcome: FuzzOutcome;
  kept?: string;
}

export async function runFuzz(options: FuzzOptions): Promise<{ tallies: FuzzTally[]; failures: FuzzFailure[]; ms: number }> {
  const started = performance.now();
  const readers = fuzzReaders.filter((reader) => !options.readers || options.readers.includes(reader.name));
  const unknown = (options.readers ?? []).filter((name) => !fuzzReaders.some((reader) => reader.name === name));
  if (unknown.length > 0) throw new Error(`unknown reader(s) ${unknown.join(', ')}; known: ${fuzzReaders.map((reader) => reader.name).join(', ')}`);
  const bundle = await bundleWorker(path.join(__dirname, 'fuzzWorker.ts'), 'fuzzWorker');
  const work = mkdtempSync(path.join(tmpdir(), 'tensorsight-fuzz-'));
  const pool = new FuzzPool(bundle.file, options.workers ?? Math.max(1, Math.min(2, cpus().length)), options.timeoutMs ?? 5000);
  const tallies: FuzzTally[] = [];
  const failures: FuzzFailure[] = [];
  try {
    for (const reader of readers) {
      // Plain Uint8Array copies: a Buffer's slice() is a view, and a case's flips would leak into the next case.
      const fixtures = reader.fixtures.map((file) => ({ path: path.join(FIXTURES, file), bytes: new Uint8Array(readFileSync(path.join(FIXTURES, file))) }));
      const tally: FuzzTally = { reader: reader.name, fixtures: fixtures.length, cases: 0, results: 0, formatErrors: 0, timeouts: 0, crashes: 0, slowestMs: 0 };
      tallies.push(tally);
      await Promise.all(Array.from({ length: options.cases }, async (_, index) => {
        const fuzzCase = makeCase(fixtures, options.seed, index);
        const dir = path.join(work, `${reader.name}-${index}`);
        const file = writeCase(dir, fuzzCase, reader.entry);
        const outcome = await pool.run(reader.name, file);
        tally.cases++;
        tally.slowestMs = Math.max(tally.slowestMs, outcome.ms);
        if (outcome.outcome === 'result') tally.results++;
        else if (outcome.outcome === 'formatError') tally.formatErrors++;
        else {
          if (outcome.outcome === 'timeout') tally.timeouts++;
          else tally.crashes++;
          const failure: FuzzFailure = { reader: reader.name, seed: options.seed, index, fixture: path.relative(FIXTURES, fuzzCase.fixture), kind: fuzzCase.kind, mutation: fuzzCase.detail, outcome };
          if (options.keepDir) failure.kept = keep(options.keepDir, failure, fuzzCase);
          failures.push(failure);
        }
        rmSync(dir, { recursive: true, force: true });
      }));
    }
  } finally {
    await pool.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(bundle.dir, { recursive: true, force: true });
  }
  return { tallies, failures, ms: performance.now() - started };
}

/** Writes the case's file (with the fixture's folder for multi-file readers); returns the file to open. */
function writeCase(dir: string, fuzzCase: FuzzCase, entry: ((fixture: string) => string) | undefined): string {
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, path.basename(fuzzCase.fixture));
  if (entry) {
    const folder = path.dirname(fuzzCase.fixture);
    for (const name of readdirSync(folder)) copyFileSync(path.join(folder, name), path.join(dir, name));
  }
  writeFileSync(target, fuzzCase.bytes);
  return entry ? path.join(dir, path.basename(entry(fuzzCase.fixture))) : target;
}

function keep(keepDir: string, failure: FuzzFailure, fuzzCase: FuzzCase): string {
  mkdirSync(keepDir, { recursive: true });
  const file = path.join(keepDir, `${failure.reader}-seed${failure.seed}-case${failure.index}-${path.basename(fuzzCase.fixture)}`);
  writeFileSync(file, fuzzCase.bytes);
  return file;
}

/** The tally as a table: reader, fixtures, cases, results, format errors, timeouts, crashes, slowest case. */
export function formatTally(tallies: readonly FuzzTally[]): string {
  const header = ['reader', 'fixtures', 'cases', 'results', 'format errors', 'timeouts', 'crashes', 'slowest ms'];
  const rows = tallies.map((tally) => [tally.reader, tally.fixtures, tally.cases, tally.results, tally.formatErrors, tally.timeouts, tally.crashes, Math.round(tally.slowestMs)].map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** One failure per line block: how to make it again, and what happened. */
export function formatFailure(failure: FuzzFailure): string {
  return `${failure.reader} seed ${failure.seed} case ${failure.index} (${failure.fixture}, ${failure.kind}: ${failure.mutation}): ${failure.outcome.outcome}${failure.kept ? ` [kept: ${failure.kept}]` : ''}\n  ${failure.outcome.detail.split('\n').join('\n  ')}`;
}
