// `npm run bench`: production build, then every benchmark in bench/benchmarks.mjs; JSON to bench/results/bench.json.
// Usage: node scripts/bench.mjs [name ...] [--no-build]   (names select rows of the table; default: all)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchmarks } from '../bench/benchmarks.mjs';
import { exitOnSignals } from './vscode/layerResult.mjs';
import { repoRoot } from './vscode/toolPaths.mjs';

const args = process.argv.slice(2);
const names = args.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}`);
  process.exit(2);
}
exitOnSignals();

if (!args.includes('--no-build')) {
  // Benchmarks measure what users get: the minified production bundle.
  const build = spawnSync('npm', ['run', '--silent', 'build:prod'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) {
    console.error('[bench] the production build failed');
    process.exit(1);
  }
}

const results = [];
let failed = false;
for (const benchmark of benchmarks.filter((entry) => names.length === 0 || names.includes(entry.name))) {
  console.log(`[bench] ${benchmark.name}`);
  const start = performance.now();
  try {
    const { run } = await benchmark.load();
    // The load average says how far other work on this small machine may have skewed the figures.
    const loadBefore = loadavg()[0];
    results.push({ ...(await run()), durationS: Math.round((performance.now() - start) / 100) / 10, loadAverage1m: { before: loadBefore, after: loadavg()[0] } });
  } catch (error) {
    // One broken benchmark is reported in the JSON and fails the run, without hiding the others.
    failed = true;
    results.push({ name: benchmark.name, error: error.message ?? String(error), durationS: Math.round((performance.now() - start) / 100) / 10 });
  }
}

const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  results,
};
const outDir = join(repoRoot, 'bench/results');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'bench.json');
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
for (const result of results) {
  const verdict = result.error ? `ERROR ${result.error}` : `${result.value} ${result.unit}${result.target === undefined ? '' : ` (target ${result.better === 'higher' ? '>=' : '<'} ${result.target} ${result.unit}: ${result.pass ? 'pass' : 'FAIL'})`}`;
  console.log(`[bench] ${result.name}: ${verdict}`);
}
console.log(`[bench] wrote ${file}`);
process.exit(failed ? 1 : 0);
