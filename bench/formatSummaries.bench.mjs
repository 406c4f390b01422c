// `tensorsight summary --json` (the shipped CLI, dist/cli.js, which parses in dist/workers/modelSummary.js) on the
// formats added in issue 15: the largest fixture of each, and two LLM files at real scale made by
// bench/sparseLlmFiles.mjs in a temp folder: a 1.9 GB GGUF shaped as Llama 3.2 3B Q4_K_M and a 4.1 GB Hugging Face
// folder of four bf16 safetensors shards (index + config.json). Their tensor data is a sparse hole, so a reader
// that touched the weights would show it in the bytes it read.
// Per file, over REPEATS runs, each its own process: wall time (spawn to exit), peak RSS of the process (main thread
// and the parse worker) and bytes read (rchar, /proc/self/io), taken at exit by a preloaded probe.
// Baselines in the same run: the same CLI on a 95-byte safetensors file (the cost of starting the CLI and its worker:
// what growth and bytes read are measured above), reading each LLM file's header alone with fs (the I/O a summary
// cannot avoid), and an ONNX model of about the same node count (attention.onnx chained twice, 146 nodes, by
// scripts/fixtures/chainOnnx.py when /usr/bin/python3 has python3-onnx).
// Pass: every median under 1 s; for the two LLM files, RSS growth under 10% of the file size and bytes read under 1%.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeShardedSafetensors, writeSparseGguf } from './sparseLlmFiles.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const upstream = join(root, 'test/fixtures/upstream');
const REPEATS = 5;
const TARGET_MS = 1000;
const MAX_GROWTH_RATIO = 0.1;
const MAX_READ_RATIO = 0.01;
const MiB = 2 ** 20;

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Files under `dir` (recursively) whose name passes `test`. */
function filesUnder(dir, test) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** The largest of `files` by `size` (a file's own size unless given). */
function largest(files, size = (file) => statSync(file).size) {
  if (files.length === 0) throw new Error('no fixture found');
  return files.map((file) => ({ file, bytes: size(file) })).sort((a, b) => b.bytes - a.bytes)[0];
}

/** The largest fixture of each new format: what the summary opens, and the bytes it stands for. */
function largestFixtures() {
  const folderBytes = (dir) => filesUnder(dir, () => true).reduce((sum, file) => sum + statSync(file).size, 0);
  const savedModel = largest(filesUnder(join(upstream, 'savedmodel'), (name) => name === 'saved_model.pb'), (file) => folderBytes(dirname(file)));
  return [
    { format: 'tflite', ...largest(filesUnder(join(upstream, 'tflite'), (name) => name.endsWith('.tflite'))) },
    // A SavedModel is its folder: saved_model.pb and variables/.
    { format: 'tensorflow (SavedModel)', ...savedModel },
    { format: 'tensorflow (GraphDef)', ...largest(filesUnder(join(upstream, 'tf-graphdef'), (name) => name.endsWith('.pb'))) },
    { format: 'caffe', ...largest(filesUnder(join(upstream, 'caffe'), (name) => name.endsWith('.caffemodel') || name.endsWith('.prototxt'))) },
    { format: 'torch7', ...largest(filesUnder(join(upstream, 'torch7'), (name) => name.endsWith('.t7'))) },
    { format: 'dl4j', ...largest(filesUnder(join(upstream, 'dl4j'), (name) => name.endsWith('.zip'))) },
    { format: 'gguf', ...largest(filesUnder(join(upstream, 'gguf'), (name) => name.endsWith('.gguf'))) },
    { format: 'safetensors', ...largest(filesUnder(join(upstream, 'safetensors'), (name) => name.endsWith('.safetensors'))) },
  ];
}

/** The preloaded probe: at exit, writes peak RSS and bytes read to the file named by TENSORSIGHT_BENCH_PROBE. */
const PROBE = `process.on('exit', () => {
  const fs = require('node:fs');
  const rchar = Number(/rchar: (\\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))[1]);
  fs.writeFileSync(process.env.TENSORSIGHT_BENCH_PROBE, JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, rchar }));
});
`;

/** One `summary --json` run in its own process: wall ms, peak RSS, bytes read, and the parsed summary. */
function summaryOnce(cli, probe, file, scratch) {
  const out = join(scratch, 'probe.json');
  rmSync(out, { force: true });
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--require', probe, cli, 'summary', '--json', file], {
    encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * MiB, env: { ...process.env, TENSORSIGHT_BENCH_PROBE: out },
  });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`summary ${file} exited ${child.status}: ${child.stderr.slice(-1500)}`);
  return { ms, ...JSON.parse(readFileSync(out, 'utf8')), summary: JSON.parse(child.stdout) };
}

/** REPEATS runs of one file: median and first wall time, the largest peak RSS and bytes read, the summary's figures. */
function measure(cli, probe, file, scratch) {
  const runs = Array.from({ length: REPEATS }, () => summaryOnce(cli, probe, file, scratch));
  const { summary } = runs[0];
  return {
    firstMs: round(runs[0].ms),
    medianMs: round(median(runs.map((run) => run.ms))),
    maxRssBytes: Math.max(...runs.map((run) => run.maxRssBytes)),
    rchar: Math.max(...runs.map((run) => run.rchar)),
    nodes: summary.nodes,
    params: summary.params,
    paramBytes: summary.paramBytes,
    warnings: summary.warnings?.length ?? 0,
  };
}

/** Reads the first `bytes` of `file` with fs and returns the ms (median of REPEATS). */
function headerReadMs(file, bytes) {
  const samples = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const fd = openSync(file, 'r');
    const buffer = Buffer.allocUnsafe(bytes);
    readSync(fd, buffer, 0, bytes, 0);
    closeSync(fd);
    samples.push(performance.now() - start);
  }
  return round(median(samples), 2);
}

/** safetensors: the 8-byte length then the JSON header. */
function safetensorsHeaderBytes(file) {
  const fd = openSync(file, 'r');
  try {
    const prefix = Buffer.alloc(8);
    readSync(fd, prefix, 0, 8, 0);
    return 8 + Number(prefix.readBigUInt64LE());
  } finally {
    closeSync(fd);
  }
}

/** attention.onnx chained twice (146 nodes as the summary counts them), or why it could not be made. */
function onnxOfSimilarSize(scratch) {
  const file = join(scratch, 'attention-x2.onnx');
  const made = spawnSync('/usr/bin/python3', [join(root, 'scripts/fixtures/chainOnnx.py'), join(root, 'test/fixtures/models/attention.onnx'), '2', file], { encoding: 'utf8', timeout: 120_000 });
  return made.status === 0 && existsSync(file) ? { file } : { skipped: `chainOnnx.py: ${(made.stderr || made.error?.message || '').trim().split('\n').pop()}` };
}

export async function run() {
  const cli = join(root, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build:prod` (scripts/bench.mjs does)');
  const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-bench-formats-'));
  try {
    const probe = join(scratch, 'probe.cjs');
    writeFileSync(probe, PROBE);

    // The floor: the CLI and its worker on a 95-byte file.
    const tiny = join(upstream, 'safetensors/hf_samples_B_u8.safetensors');
    const floor = measure(cli, probe, tiny, scratch);
    const beyondFloor = (entry, bytes) => {
      const growth = Math.max(0, entry.maxRssBytes - floor.maxRssBytes);
      const read = Math.max(0, entry.rchar - floor.rchar);
      return { rssGrowthMiB: round(growth / MiB, 2), rssGrowthRatio: round(growth / bytes, 4), bytesReadBeyondFloor: read, readRatio: round(read / bytes, 6) };
    };

    const fixtures = largestFixtures().map(({ format, file, bytes }) => {
      const entry = measure(cli, probe, file, scratch);
      return { format, file: relative(root, file), fileBytes: bytes, ...entry, ...beyondFloor(entry, bytes), pass: entry.medianMs < TARGET_MS };
    });

    const generateStart = performance.now();
    const gguf = writeSparseGguf(join(scratch, 'llama-3.2-3b-shaped.Q4_K_M.gguf'));
    const hf = writeShardedSafetensors(join(scratch, 'llama-2b-sharded'));
    const generateMs = round(performance.now() - generateStart);
    const synthetic = [
      { format: 'gguf (sparse, Llama 3.2 3B Q4_K_M shaped)', file: gguf.file, fileBytes: gguf.size, expectedParams: gguf.params, headerBytes: gguf.dataStart, headerReadMs: headerReadMs(gguf.file, gguf.dataStart) },
      {
        format: 'safetensors (4 sparse bf16 shards + index + config.json)', file: hf.index, fileBytes: hf.size, expectedParams: hf.params,
        headerBytes: hf.files.reduce((sum, file) => sum + safetensorsHeaderBytes(file), 0),
        headerReadMs: round(hf.files.reduce((sum, file) => sum + headerReadMs(file, safetensorsHeaderBytes(file)), 0), 2),
      },
    ].map((entry) => {
      const measured = measure(cli, probe, entry.file, scratch);
      const ratios = beyondFloor(measured, entry.fileBytes);
      const pass = measured.medianMs < TARGET_MS && ratios.rssGrowthRatio < MAX_GROWTH_RATIO && ratios.readRatio < MAX_READ_RATIO && measured.params === entry.expectedParams;
      return { ...entry, file: relative(scratch, entry.file), fileGiB: round(entry.fileBytes / 2 ** 30, 2), ...measured, ...ratios, pass };
    });

    const onnx = onnxOfSimilarSize(scratch);
    const onnxBaseline = onnx.file ? { file: 'attention.onnx x2 (chainOnnx.py)', fileBytes: statSync(onnx.file).size, ...measure(cli, probe, onnx.file, scratch) } : onnx;

    const all = [...fixtures, ...synthetic];
    const worst = Math.max(...all.map((entry) => entry.medianMs));
    return {
      name: 'formatSummaries',
      unit: 'ms',
      value: worst,
      target: TARGET_MS,
      pass: all.every((entry) => entry.pass),
      note: `the slowest median of ${all.length} files, ${REPEATS} runs each, spawn to exit of \`node dist/cli.js summary --json\`; growth and bytes read are beyond the floor baseline`,
      fixtures,
      synthetic,
      generateMs,
      targets: { ms: TARGET_MS, rssGrowthRatio: MAX_GROWTH_RATIO, readRatio: MAX_READ_RATIO },
      baselines: {
        floor: { file: relative(root, tiny), medianMs: floor.medianMs, maxRssMiB: round(floor.maxRssBytes / MiB, 1), rchar: floor.rchar },
        onnxOfSimilarNodeCount: onnxBaseline,
        headerReadMs: Object.fromEntries(synthetic.map((entry) => [entry.format, entry.headerReadMs])),
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
