// Event-file scalar parse throughput (DESIGN.md §5: 300 MB/s or more on one core, CRC checked), as a
// ratio to a plain read plus CRC of the same bytes. The measuring code is TypeScript over src/core; it is
// bundled and minified here with esbuild, as the extension ships it, and run in this process.
// Size: TENSORSIGHT_BENCH_EVENTS_MB (default 1024, the 1 GB logdir); repeats: TENSORSIGHT_BENCH_REPEATS (3).
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function run() {
  const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-bench-bundle-'));
  try {
    const outfile = join(scratch, 'eventsParse.cjs');
    await esbuild.build({ entryPoints: [join(here, 'eventsParse.bench.ts')], bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
    const { measureEventsParse } = createRequire(import.meta.url)(outfile);
    return measureEventsParse({
      megabytes: Number(process.env.TENSORSIGHT_BENCH_EVENTS_MB ?? 1024),
      repeats: Number(process.env.TENSORSIGHT_BENCH_REPEATS ?? 3),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
