// The measuring half of summary.bench.mjs (which bundles this file as the extension is bundled and
// runs it in a child process with --expose-gc): times the model summary of a ~100 MB ONNX file and
// the heap it takes, against two baselines on the same file in the same process:
//  - reading the whole file into memory (what any reader that loads the file pays),
//  - protobufjs decoding the whole ModelProto with the ONNX schema (a naive reader).
import * as fs from 'node:fs';
import * as protobuf from 'protobufjs/light';
import schema from '../src/core/formats/onnx/onnxSchema.json';
import { openModel } from '../src/core/formats/registry';
import { summarizeModel } from '../src/core/ir/summary';

const MiB = 2 ** 20;

interface Sample {
  ms: number;
  /** Heap + external + array buffers after minus before, with no GC in between: an upper bound of the peak. */
  growthBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
}

/** Runs `work` after a full GC and reports its time and memory growth. */
async function sample(work: () => unknown): Promise<Sample> {
  gc?.();
  const before = heap();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  const growthBytes = heap() - before;
  held.value = result;
  return { ms, growthBytes };
}
/** Keeps the last result alive until the next sample's GC, so its memory is measured, not collected. */
const held: { value?: unknown } = {};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Summary time and heap for `file`; `repeats` warm runs after the first (cold) one. */
export async function measureSummary(file: string, repeats = 5): Promise<Record<string, unknown>> {
  if (!gc) throw new Error('run with --expose-gc');
  const fileBytes = fs.statSync(file).size;
  const first = await sample(async () => summarizeModel(await openModel(file)));
  const warm: Sample[] = [];
  for (let i = 0; i < repeats; i++) warm.push(await sample(async () => summarizeModel(await openModel(file))));
  const summary = summarizeModel(await openModel(file));

  const readWhole = await sample(() => fs.readFileSync(file));
  const ModelProto = protobuf.Root.fromJSON(schema as protobuf.INamespace).lookupType('onnx.ModelProto');
  const fullDecode = await sample(() => ModelProto.decode(fs.readFileSync(file)));
  held.value = undefined;

  const growth = Math.max(first.growthBytes, ...warm.map((entry) => entry.growthBytes));
  const ms = median(warm.map((entry) => entry.ms));
  const ratio = growth / fileBytes;
  return {
    name: 'summary',
    unit: 'ms',
    value: round(first.ms),
    target: 1000,
    pass: first.ms < 1000 && ratio < 0.3,
    file,
    fileMiB: round(fileBytes / MiB),
    nodes: summary.nodes,
    params: summary.params,
    macs: summary.macs,
    firstRunMs: round(first.ms),
    warmMedianMs: round(ms),
    heapGrowthMiB: round(growth / MiB, 2),
    heapGrowthRatio: round(ratio, 4),
    heapGrowthTarget: 0.3,
    baselines: {
      readWholeFileMs: round(readWhole.ms),
      readWholeFileGrowthMiB: round(readWhole.growthBytes / MiB, 1),
      protobufjsFullDecodeMs: round(fullDecode.ms),
      protobufjsFullDecodeGrowthMiB: round(fullDecode.growthBytes / MiB, 1),
    },
    speedupVsFullDecode: round(fullDecode.ms / first.ms, 1),
  };
}
