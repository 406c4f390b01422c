// `tensorsight trace` on big Kineto traces (issue 13: a ~1 GB trace summarized >= 3x faster than Python's json.load
// plus the same aggregation in plain Python, bench/traceAggregate.py, measured in the same run, with peak RSS <= 0.5x
// the file; and a 2 GB trace, past any JS string, summarized too). The traces are written by
// scripts/fixtures/bigTrace.mjs (HTA's AlexNet trace repeated step by step) into os.tmpdir() on first use and kept
// there (git never sees them). The production CLI (dist/cli.js, built by scripts/bench.mjs) runs under /usr/bin/time,
// which gives wall time and peak RSS of the whole process (its worker thread included).
// Env: TENSORSIGHT_BENCH_TRACE_GB (sizes, default "1,2"; the first is the one compared with Python),
// TENSORSIGHT_BENCH_PYTHON_TIMEOUT_S (default 1800: the baseline past it counts as that long, a lower bound).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigTrace } from '../scripts/fixtures/bigTrace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const cache = join(tmpdir(), 'tensorsight-bench-traces');
const GiB = 2 ** 30;

/** The cached trace of `gb` GiB, written on first use (a finished file is renamed into place, so a cut one never counts). */
async function bigTrace(gb) {
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `kineto-${gb}g.pt.trace.json`);
  if (existsSync(file)) return file;
  const { bavail, bsize } = statfsSync(cache);
  if (bavail * bsize < gb * GiB * 1.2) throw new Error(`not enough disk in ${cache} for a ${gb} GiB trace (${((bavail * bsize) / GiB).toFixed(1)} GiB free)`);
  await writeBigTrace(`${file}.part`, gb * GiB);
  renameSync(`${file}.part`, file);
  return file;
}

/** Runs `command` under /usr/bin/time -v: wall seconds, peak RSS bytes, stdout, exit code. */
function timed(command, args, timeoutS) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', command, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const field = (name) => new RegExp(`${name}: (.+)`).exec(err)?.[1];
      const clock = (field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') ?? '0').split(':').map(Number);
      const wallS = clock.reduce((total, part) => total * 60 + part, 0);
      resolve({ code, timedOut, wallS: timedOut ? timeoutS : wallS, rssBytes: Number(field('Maximum resident set size \\(kbytes\\)') ?? 0) * 1024, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}

async function summarize(file) {
  const run = await timed(process.execPath, [join(root, 'dist/cli.js'), 'trace', file, '--json'], 1800);
  if (run.code !== 0) throw new Error(`tensorsight trace ${file} failed (${run.code}): ${run.stderr.slice(-2000)}`);
  const summary = JSON.parse(run.stdout);
  const bytes = statSync(file).size;
  return { file, bytes, wallS: run.wallS, mbPerS: bytes / 2 ** 20 / run.wallS, rssBytes: run.rssBytes, rssRatio: run.rssBytes / bytes, events: summary.events, steps: summary.steps.length, ops: summary.ops.length, kernels: summary.kernels.length };
}

export async function run() {
  if (!existsSync(join(root, 'dist/cli.js')) || !existsSync(join(root, 'dist/workers/traceSummary.js'))) throw new Error('dist/cli.js or dist/workers/traceSummary.js is missing: run the production build (scripts/bench.mjs does)');
  if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 is missing: the baseline is plain Python');
  const sizes = (process.env.TENSORSIGHT_BENCH_TRACE_GB ?? '1,2').split(',').map(Number);
  const pythonTimeoutS = Number(process.env.TENSORSIGHT_BENCH_PYTHON_TIMEOUT_S ?? 1800);
  const files = [];
  for (const gb of sizes) files.push(await bigTrace(gb));
  const ours = [];
  for (const file of files) ours.push(await summarize(file));
  const first = ours[0];
  const python = await timed('/usr/bin/python3', [join(here, 'traceAggregate.py'), first.file, '--no-json-output'], pythonTimeoutS);
  if (python.code !== 0 && !python.timedOut) throw new Error(`traceAggregate.py failed (${python.code}): ${python.stderr.slice(-2000)}`);
  const ratio = python.wallS / first.wallS;
  const rssOk = ours.every((row) => row.rssRatio <= 0.5);
  const round = (value, digits = 2) => Number(value.toFixed(digits));
  return {
    name: 'traceSummary',
    unit: 'x faster than Python',
    value: round(ratio),
    target: 3,
    better: 'higher',
    pass: ratio >= 3 && rssOk,
    details: {
      traces: ours.map((row) => ({ gib: round(row.bytes / GiB, 3), events: row.events, steps: row.steps, wallS: round(row.wallS), mbPerS: round(row.mbPerS, 1), peakRssMb: round(row.rssBytes / 2 ** 20, 1), rssToFile: round(row.rssRatio, 3) })),
      python: { gib: round(first.bytes / GiB, 3), wallS: round(python.wallS), peakRssMb: round(python.rssBytes / 2 ** 20, 1), timedOut: python.timedOut, note: python.timedOut ? `stopped at ${pythonTimeoutS} s: the ratio is a lower bound` : undefined },
      rssTarget: '<= 0.5 x file size, every trace',
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
