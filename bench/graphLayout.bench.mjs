// Graph view at ~1k, ~10k and ~40k nodes (DESIGN.md §5: expand under 150 ms; first paint under 1.5 s):
// payload, grouping, first layout and expand times in Node, and dagre vs elkjs on the same levels.
// Bundles graphLayout.bench.ts with esbuild (minified, as shipped) and runs it in a child process.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const block = join(here, '../test/fixtures/models/attention.onnx');

export async function run() {
  const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-bench-graph-'));
  try {
    const bundle = join(scratch, 'graph.cjs');
    await esbuild.build({ entryPoints: [join(here, 'graphLayout.bench.ts')], bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'error' });
    const runner = join(scratch, 'run.cjs');
    writeFileSync(runner, `const b = require(${JSON.stringify(bundle)});
(async () => {
  const sizes = {};
  for (const copies of [10, 100, 400]) sizes[copies] = await b.measureGraph(process.argv[2], copies);
  const flat = { n1k: await b.flatLevel(process.argv[2], 10), n2k: await b.flatLevel(process.argv[2], 20) };
  process.stdout.write(JSON.stringify({ sizes, flat }));
})().catch((e) => { console.error(e); process.exit(1); });`);
    const child = spawnSync(process.execPath, [runner, block], { encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 2 ** 20 });
    if (child.status !== 0) throw new Error(`graph layout benchmark failed: ${child.stderr.slice(-2000)}`);
    const { sizes, flat } = JSON.parse(child.stdout);
    const big = sizes[400];
    const result = {
      name: 'graphLayout',
      unit: 'ms',
      value: big.expandMs,
      target: 150,
      pass: big.expandMs < 150 && big.payloadMs + big.treeAndLevelsMs + big.firstSceneMs < 1500,
      note: `expand one block of a ${big.nodes}-node graph (Node, layout only); first scene needs payload + tree + top-level layout = ${Math.round(big.payloadMs + big.treeAndLevelsMs + big.firstSceneMs)} ms`,
      sizes: Object.fromEntries(Object.values(sizes).map((each) => [`${each.nodes} nodes`, each])),
      flatLevelDagreVsElk: flat,
    };
    return result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await run(), null, 2));
