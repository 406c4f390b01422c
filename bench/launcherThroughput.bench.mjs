// Output throughput (issue 11): a script printing 100k metric rows a second is never blocked, loses no line,
// and the extension host stays under 10% of a core (floodHostCpu.mjs, in the real VS Code).
// The script (test/fixtures/scripts/flood_lines.py) times its own print calls. Bare, its stdout is a pipe that a
// Node process drains and discards, the least any launcher must do; launched, `node dist/cli.js run` tees every
// line to the terminal (a drained pipe here), output.log and the parsers, and writes a point per row. A launcher
// that let the pipe fill would block the script in write(): the script samples how many bytes its pipe holds
// unread (FIONREAD) every 100 prints, and the row passes while that stays under the pipe's 64 KiB with no
// line and no point lost. The print-loop times are reported beside it: on a loaded machine they also show
// the CPU the launcher takes from the script, which a blocked pipe is not.
// Env: TENSORSIGHT_BENCH_FLOOD_SECONDS (default 3), TENSORSIGHT_BENCH_FLOOD_RATE (100000 lines/s).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { repoRoot } from '../scripts/vscode/toolPaths.mjs';
import { measureHostCpuUnderFlood } from './floodHostCpu.mjs';
import { benchPython, timed } from './launcherOverhead.bench.mjs';

const seconds = process.env.TENSORSIGHT_BENCH_FLOOD_SECONDS ?? '3';
const rate = process.env.TENSORSIGHT_BENCH_FLOOD_RATE ?? '100000';
// A Linux pipe holds 64 KiB; the script blocks in write() only when that much is unread.
const pipeKiB = 64;
const hostCpuTargetPercent = 10;
const round = (value, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Bundles the event reader (the same source the extension ships) to count the run's points. */
async function loadReader(dir) {
  const outfile = join(dir, 'reader.mjs');
  await esbuild.build({
    stdin: { contents: "export { LogdirReader } from './src/core/events/logdirReader';", resolveDir: repoRoot, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent',
  });
  await esbuild.stop();
  return import(pathToFileURL(outfile).href);
}

export async function run() {
  const cli = join(repoRoot, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
  const python = benchPython();
  const script = join(repoRoot, 'test/fixtures/scripts/flood_lines.py');
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-flood-bench-'));
  try {
    const { LogdirReader } = await loadReader(dir);
    const flood = (timing) => ['--rate', rate, '--seconds', seconds, '--timing', timing];
    await timed(python, ['-u', script, ...flood(join(dir, 'bare.json'))], dir);
    const runs = join(dir, 'runs');
    await timed(process.execPath, [cli, 'run', script, '--python', python, '--runs-dir', runs, '--no-gpu', '--progress', '0', '--', ...flood(join(dir, 'launched.json'))], dir);
    const bare = JSON.parse(readFileSync(join(dir, 'bare.json'), 'utf8'));
    const launched = JSON.parse(readFileSync(join(dir, 'launched.json'), 'utf8'));
    const [runDir] = readdirSync(join(runs, 'flood_lines')).map((id) => join(runs, 'flood_lines', id));
    const logLines = readFileSync(join(runDir, 'output.log'), 'utf8').split('\n').length - 1;
    const reader = new LogdirReader(runDir);
    reader.poll();
    const points = reader.runList()[0]?.store.scalar('train/rmse')?.columns().steps.length ?? 0;
    const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    const loopRatio = launched.print_seconds / bare.print_seconds;
    const linesLost = launched.lines + 1 - logLines;
    const pointsLost = launched.lines - points;
    const backlogKiB = launched.max_pipe_backlog_bytes / 1024;
    const host = await measureHostCpuUnderFlood({ rate, seconds: Math.max(10, Number(seconds)) });
    return {
      name: 'outputThroughput',
      unit: 'KiB most unread in the script pipe',
      value: round(backlogKiB, 1),
      target: pipeKiB,
      pass: backlogKiB < pipeKiB && linesLost === 0 && pointsLost === 0 && record.status === 'finished' && host.hostCpuPercent < hostCpuTargetPercent,
      extensionHost: { ...host, targetPercent: hostCpuTargetPercent },
      printed: launched.lines,
      linesPerSecond: Number(rate),
      outputLogLines: logLines,
      linesLost,
      eventFilePoints: points,
      pointsLost,
      pipeBacklogKiB: { bare: round(bare.max_pipe_backlog_bytes / 1024, 1), launched: round(backlogKiB, 1) },
      printLoopRatio: round(loopRatio),
      printsOver10ms: { bare: bare.prints_over_10ms, launched: launched.prints_over_10ms },
      longestPrintMs: { bare: round(bare.longest_print_seconds * 1000), launched: round(launched.longest_print_seconds * 1000) },
      printLoopSeconds: { bare: round(bare.print_seconds), launched: round(launched.print_seconds) },
      slowestTickMs: { bare: round(bare.slowest_tick_seconds * 1000), launched: round(launched.slowest_tick_seconds * 1000) },
      python,
      note: 'bare = the script piped into a Node process that discards its output; extensionHost = the CPU share of code-server\'s extension host while the same flood, run from the palette, is charted live in the Training panel (the launcher runs in a terminal, so the host does no work per line, only per event-file append)',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(await run(), null, 2));
