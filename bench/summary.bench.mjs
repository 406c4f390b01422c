// Model summary of a ~100 MB ONNX file (DESIGN.md §5: under 1 s, weights never copied: heap growth
// under 0.3 x the file size). Generates torchvision's resnet50 with random weights through Debian's
// PyTorch into the git-ignored test/fixtures/generated on first use, bundles summary.bench.ts with
// esbuild (minified, as shipped) and measures in a child process started with --expose-gc.
// Override the model with TENSORSIGHT_BENCH_ONNX=<file.onnx>.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const generated = join(here, '../test/fixtures/generated');

/** The resnet50 export, made on first use; throws with the reason when PyTorch is missing. */
function resnet50() {
  const file = join(generated, 'resnet50.onnx');
  if (existsSync(file)) return file;
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import torch, torchvision, onnx'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const made = spawnSync(python, [join(here, '../scripts/fixtures/makeModels.py'), generated, '--onnx-only', 'resnet50'], { encoding: 'utf8', timeout: 600_000 });
    if (made.status !== 0) throw new Error(`makeModels.py resnet50 failed: ${made.stderr.slice(-1000)}`);
    return file;
  }
  throw new Error('resnet50.onnx is not generated and no python3 imports torch, torchvision and onnx (apt install python3-torch python3-torchvision python3-onnx)');
}

export async function run() {
  const file = process.env.TENSORSIGHT_BENCH_ONNX ?? resnet50();
  const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-bench-summary-'));
  try {
    const bundle = join(scratch, 'summary.cjs');
    await esbuild.build({ entryPoints: [join(here, 'summary.bench.ts')], bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'error' });
    const runner = join(scratch, 'run.cjs');
    writeFileSync(runner, `require(${JSON.stringify(bundle)}).measureSummary(process.argv[2]).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`);
    const child = spawnSync(process.execPath, ['--expose-gc', runner, file], { encoding: 'utf8', timeout: 300_000, maxBuffer: 16 * 2 ** 20 });
    if (child.status !== 0) throw new Error(`summary benchmark failed: ${child.stderr.slice(-2000)}`);
    return JSON.parse(child.stdout);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
