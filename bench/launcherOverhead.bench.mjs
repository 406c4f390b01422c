// Launcher overhead (issue 11: wall-time ratio <= 1.02): the same CPU-bound Python script (a fixed amount of
// arithmetic on one core, printing a line now and then) run bare and through `node dist/cli.js run`, in
// alternating repetitions so drifting machine load hits both alike. The launched time counts everything the
// user waits for: Node's start, the run folder, the provenance probes, the tee, the final run.json. The two runs
// of a pair follow each other, so they share the machine's load at that moment: the value is the median of the
// pairs' ratios (the ratio of the fastest runs is reported beside it).
// The launch itself costs about 0.15 s (Node's start, the folder, the last run.json), so the script runs about
// 14 s: long enough for that to weigh as it would in a short real run, short enough to repeat.
// Env: TENSORSIGHT_BENCH_LAUNCH_ITERATIONS (default 260M, about 14 s), TENSORSIGHT_BENCH_LAUNCH_REPEATS (3),
// TENSORSIGHT_BENCH_PYTHON (default /usr/bin/python3, else python3).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../scripts/vscode/toolPaths.mjs';

const target = 1.02;
const iterations = process.env.TENSORSIGHT_BENCH_LAUNCH_ITERATIONS ?? '260000000';
const repeats = Number(process.env.TENSORSIGHT_BENCH_LAUNCH_REPEATS ?? 3);
const round = (value, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The interpreter the benchmark scripts run with (they need no packages). */
export function benchPython() {
  if (process.env.TENSORSIGHT_BENCH_PYTHON) return process.env.TENSORSIGHT_BENCH_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Runs a command with its output drained (as a terminal would read it); resolves with its wall seconds. */
export function timed(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`))));
  });
}

export async function run() {
  const cli = join(repoRoot, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
  const python = benchPython();
  const script = join(repoRoot, 'test/fixtures/scripts/cpu_bound.py');
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-launcher-bench-'));
  try {
    const bare = [];
    const launched = [];
    for (let i = 0; i < repeats; i++) {
      // Alternate which goes first, so a load change between the two halves does not favour one.
      const pair = [
        () => timed(python, [script, '--iterations', iterations], dir).then((s) => bare.push(s)),
        () => timed(process.execPath, [cli, 'run', script, '--python', python, '--runs-dir', join(dir, 'runs'), '--progress', '0', '--', '--iterations', iterations], dir).then((s) => launched.push(s)),
      ];
      if (i % 2 === 1) pair.reverse();
      for (const step of pair) await step();
    }
    const ratios = launched.map((seconds, i) => seconds / bare[i]);
    const ratio = median(ratios);
    return {
      name: 'launcherOverhead',
      unit: 'wall-time ratio launched/bare',
      value: round(ratio),
      target,
      pass: ratio <= target,
      bareSeconds: bare.map((s) => round(s)),
      launchedSeconds: launched.map((s) => round(s)),
      fastestBareSeconds: round(Math.min(...bare)),
      fastestLaunchedSeconds: round(Math.min(...launched)),
      overheadSeconds: round(Math.min(...launched) - Math.min(...bare)),
      pairRatios: ratios.map((value) => round(value)),
      fastestRatio: round(Math.min(...launched) / Math.min(...bare)),
      iterations: Number(iterations),
      repeats,
      python,
      note: 'the default launch: GPU sampling from nvidia-smi on PATH when there is one',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(await run(), null, 2));
