// The parts of the trace analyses: categories of the real fixtures' events (counts from their MANIFEST rows), the
// interval arithmetic against a brute-force count, memory curves against plain Python, user frames, launch metrics,
// input-shape grouping and the diff of two traces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { intersect, mergeIntervals, subtract, totalLength, clip } from '../../src/core/profile/analysis/intervals';
import { estimateOccupancy } from '../../src/core/profile/analysis/launchMetrics';
import { traceAnalysis } from '../../src/core/profile/analysis/traceAnalysis';
import { diffTraces } from '../../src/core/profile/analysis/traceDiff';
import { frameOfCallStack, userFrame } from '../../src/core/profile/analysis/userFrame';
import { usesTensorCores } from '../../src/core/profile/analysis/kernelStats';
import { categorize } from '../../src/core/profile/eventCategory';
import type { TraceCategory } from '../../src/core/profile/traceEvent';
import { readTrace } from '../../src/core/profile/traceReader';
import type { TraceSummary } from '../../src/core/profile/traceSummary';

const fixtures = path.resolve(__dirname, '../fixtures');
const python = '/usr/bin/python3';
const noPython = existsSync(python) ? false : `${python} is missing (Debian's python3 runs the independent aggregation)`;

/** Category counts per fixture, from the MANIFEST's `cats=` and `ph=` figures and the event names it lists. */
const categoryCounts: { file: string; counts: Partial<Record<TraceCategory, number>> }[] = [
  {
    // cats=ac2g:500,cuda_runtime:361,cpu_op:359,kernel:79,cuda_sync:41,None:40 (38 'M', 2 'i'),gpu_memcpy:16,user_annotation:8, Trace:1, gpu_memset:3
    file: 'upstream/traces/pytorch/hta_alexnet_a100_benchmark.pt.trace.json',
    counts: { flow: 500, cuda_runtime: 361, cpu_op: 359, kernel: 79, cuda_sync: 41, metadata: 38, other: 3, gpu_memcpy: 16, user_annotation: 8, gpu_memset: 3 },
  },
  {
    // cats=Operator:179 (one ProfilerStep#2, one enumerate(DataLoader)), async:64, Runtime:42, Kernel:30, None:22 (20 'M', 2 'i'), Memcpy:2, Trace:1
    file: 'upstream/traces/pytorch/kineto_tb_plugin_gpu_metrics_input.json',
    counts: { cpu_op: 177, user_annotation: 1, dataloader: 1, flow: 64, cuda_runtime: 42, kernel: 30, metadata: 20, gpu_memcpy: 2, other: 3 },
  },
  {
    // user_annotation:11 (10 gloo:all_reduce, ProfilerStep#551), cpu_op:4, 'M':12, 'i':2, Trace:1
    file: 'upstream/traces/pytorch/hta_cpu_only_rank-34.pt.trace.json',
    counts: { communication: 10, user_annotation: 1, cpu_op: 4, metadata: 12, other: 3 },
  },
  {
    // 338 'X' without cat (113 of them Iterator::*), 22 'M', one empty object
    file: 'upstream/traces/tensorflow/tfx_keras_profile_penguin.trace.json.gz',
    counts: { cpu_op: 225, dataloader: 113, metadata: 22, other: 1 },
  },
  {
    // 693 'X' in "CPU functions", 3 ProfilerStep#N and 3 DataLoader ranges among them
    file: 'traces/torch113_cpu_profiler_steps.trace.json',
    counts: { cpu_op: 687, user_annotation: 3, dataloader: 3 },
  },
];

for (const { file, counts } of categoryCounts) {
  test(`categories of ${file}`, async () => {
    const seen: Partial<Record<TraceCategory, number>> = {};
    const counter = { event: (e: { category: TraceCategory }) => void (seen[e.category] = (seen[e.category] ?? 0) + 1), finish: () => seen };
    await readTrace(path.join(fixtures, file), [counter] as const);
    assert.deepEqual(seen, counts);
  });
}

test('categorize: the spellings of each dialect', () => {
  const cases: [string, string, string, Parameters<typeof categorize>[3], TraceCategory, (number | string)?][] = [
    ['cpu_op', 'ProfilerStep#3', 'X', 'kineto', 'user_annotation'],
    ['user_annotation', 'nccl:all_reduce', 'X', 'kineto', 'communication'],
    ['kernel', 'ncclDevKernel_AllReduce_Sum_f32_RING_LL(ncclDevComm*, unsigned long, ncclWork*)', 'X', 'kineto', 'communication'],
    ['cpu_instant_event', '[memory]', 'i', 'kineto', 'memory'],
    ['gpu_user_annotation', 'ProfilerStep#3', 'X', 'kineto', 'other'],
    ['python_function', 'train.py(12): step', 'X', 'kineto', 'python_function'],
    ['Python', 'train.py(12): step', 'X', 'kineto-legacy', 'python_function'],
    ['Memset', 'Memset (Device)', 'X', 'kineto-legacy', 'gpu_memset'],
    ['', 'aten::addmm', 'X', 'torch-autograd', 'cpu_op'],
    ['', 'void gemv2T_kernel', 'X', 'torch-autograd', 'kernel', 'CUDA functions'],
    ['Session', 'model_run', 'X', 'onnxruntime', 'session'],
    ['Node', 'Conv_0_kernel_time', 'X', 'onnxruntime', 'cpu_op'],
    ['Node', 'Conv_0_fence_before', 'X', 'onnxruntime', 'other'],
    ['', 'Iterator::Prefetch', 'X', 'tensorflow', 'dataloader'],
    ['', 'BiasAddGrad', 'X', 'tensorflow', 'cpu_op'],
    ['', 'counter', 'C', 'chrome', 'other'],
  ];
  for (const [raw, name, ph, dialect, expected, pid] of cases) assert.equal(categorize(raw, name, ph, dialect, pid), expected, `${raw} ${name}`);
});

test('interval union, intersection and difference against a count of unit cells', () => {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const cells = (list: Float64Array) => {
    const set = new Set<number>();
    for (let i = 0; i < list.length; i += 2) for (let x = list[i]; x < list[i + 1]; x++) set.add(x);
    return set;
  };
  const randomList = () => {
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < 12; i++) {
      const s = random(200);
      starts.push(s);
      ends.push(s + random(30));
    }
    return mergeIntervals(starts, ends);
  };
  for (let round = 0; round < 200; round++) {
    const a = randomList();
    const b = randomList();
    const ca = cells(a);
    const cb = cells(b);
    assert.equal(totalLength(a), ca.size);
    assert.deepEqual(cells(intersect(a, b)), new Set([...ca].filter((x) => cb.has(x))));
    assert.deepEqual(cells(subtract(a, b)), new Set([...ca].filter((x) => !cb.has(x))));
    assert.deepEqual(cells(clip(a, 50, 120)), new Set([...ca].filter((x) => x >= 50 && x < 120)));
  }
});

test('memory curves: peak, its time and the op around it agree with plain Python', { skip: noPython }, async () => {
  // A Kineto-shaped trace (no real fixture here carries `[memory]` events: Debian's torch has no Kineto): two
  // threads, CPU deltas without totals and GPU events with the allocator's totals.
  const events: object[] = [
    { ph: 'X', cat: 'cpu_op', name: 'aten::conv2d', pid: 7, tid: 1, ts: 100, dur: 50 },
    { ph: 'X', cat: 'cpu_op', name: 'aten::empty', pid: 7, tid: 1, ts: 110, dur: 5 },
    { ph: 'X', cat: 'cpu_op', name: 'aten::relu', pid: 7, tid: 2, ts: 105, dur: 40 },
  ];
  let gpuTotal = 0;
  for (let i = 0; i < 40; i++) {
    const bytes = (i % 3 === 2 ? -1 : 1) * 1024 * (i + 1);
    gpuTotal += bytes;
    events.push({ ph: 'i', cat: 'cpu_instant_event', s: 't', name: '[memory]', pid: 7, tid: 1 + (i % 2), ts: 100 + i, args: { 'Device Type': 1, 'Device Id': 0, Addr: 4096 * i, Bytes: bytes, 'Total Allocated': gpuTotal, 'Total Reserved': 2 ** 22 } });
    events.push({ ph: 'i', cat: 'cpu_instant_event', s: 't', name: '[memory]', pid: 7, tid: 2, ts: 100.5 + i, args: { 'Device Type': 0, 'Device Id': -1, Addr: 8192 * i, Bytes: i < 25 ? 64 : -64 } });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tensorsight-memory-'));
  const file = path.join(dir, 'memory.pt.trace.json');
  writeFileSync(file, JSON.stringify({ schemaVersion: 1, deviceProperties: [], traceEvents: events }));
  const ours = (await readTrace(file, [traceAnalysis({ maxMemoryPoints: 30 })] as const)).results[0].memory;
  const theirs = JSON.parse(execFileSync(python, [path.resolve(__dirname, '../../bench/traceAggregate.py'), file], { encoding: 'utf8' })) as { memory: { device: string; peakBytes: number; peakAtUs: number; peakOperator: string | null }[] };
  assert.deepEqual(ours.devices.map((d) => d.device), ['CPU', 'GPU0']);
  assert.deepEqual(ours.devices.map(({ device, peakBytes, peakAtUs, peakOperator }) => ({ device, peakBytes, peakAtUs, peakOperator })), theirs.memory);
  const gpu = ours.devices[1];
  assert.ok(gpu.timesUs.length <= 30 && gpu.timesUs.length > 10, 'downsampled to the limit');
  assert.ok(gpu.allocatedBytes.includes(gpu.peakBytes), 'the peak survives downsampling');
  assert.ok(gpu.reservedBytes.every((r) => r === 2 ** 22));
  assert.ok(ours.devices[0].reservedBytes.every((r) => r === null), 'no totals written: reserved unknown');
});

test('user frames: library frames skipped, the first user frame kept', () => {
  assert.deepEqual(userFrame('/home/me/train.py(42): train_step'), { file: '/home/me/train.py', line: 42 });
  assert.equal(userFrame('/usr/lib/python3/dist-packages/torch/nn/modules/module.py(1194): _call_impl'), undefined);
  assert.equal(userFrame('<built-in method conv2d of type object at 0x7f>'), undefined);
  assert.equal(userFrame('nn.Module: Conv2d_0'), undefined);
  const stack = '/opt/venv/lib/python3.11/site-packages/torch/nn/functional.py(2450): batch_norm;/home/me/model.py(17): forward;/home/me/train.py(42): train_step';
  assert.deepEqual(frameOfCallStack(stack), { file: '/home/me/model.py', line: 17 });
});

test('launch metrics: occupancy bounded by threads, registers and shared memory (V100 of the tb_plugin fixture)', () => {
  const v100 = { sms: 80, warpSize: 32, maxWarps: 2048 / 32, registers: 65536, sharedMemory: 98304 };
  // 256 threads = 8 warps: 8 blocks by threads; 32 regs/thread → 65536/(32·256) = 8 blocks; plenty of blocks → 64/64 warps.
  assert.equal(estimateOccupancy(v100, 100, 256, 32, 0), 100);
  // 64 registers per thread: 4 blocks of 8 warps = 32 of 64 warps.
  assert.equal(estimateOccupancy(v100, 100, 256, 64, 0), 50);
  // 40 KB of shared memory per block: 2 blocks = 16 warps.
  assert.equal(estimateOccupancy(v100, 100, 256, 32, 40 * 1024), 25);
  // A grid of one block on 80 SMs: 1/80 of a block of 2 warps.
  assert.equal(estimateOccupancy(v100, 1 / 80, 64, 20, 0), (100 * 2) / 80 / 64);
});

test("tensor cores: torch-tb-profiler's allowlist patterns", () => {
  assert.equal(usesTensorCores('volta_fp16_s884gemm_fp16_128x128_ldg8_f2f_nn'), true);
  assert.equal(usesTensorCores('sm80_xmma_gemm_f16f16_f16f32_f32_tn_n_tilesize128x128x32'), true);
  assert.equal(usesTensorCores('ampere_sgemm_32x32_sliced1x4_tn'), false);
});

test('operators grouped by input shape add up to the rows by name (HTA trace with Input Dims)', async () => {
  const file = path.join(fixtures, 'upstream/traces/pytorch/hta_distributed_info_not_found.json.gz');
  const [byName] = (await readTrace(file, [traceAnalysis()] as const)).results;
  const [byShape] = (await readTrace(file, [traceAnalysis({ groupByShape: true })] as const)).results;
  assert.ok(byShape.ops.length > byName.ops.length);
  assert.ok(byShape.ops.some((o) => o.inputShapes !== undefined && o.inputShapes !== '[]'));
  for (const row of byName.ops) {
    const parts = byShape.ops.filter((o) => o.name === row.name);
    assert.equal(parts.reduce((n, o) => n + o.calls, 0), row.calls, row.name);
    assert.ok(Math.abs(parts.reduce((n, o) => n + o.hostSelfUs, 0) - row.hostSelfUs) < 1e-6, row.name);
  }
});

test('diff of two traces: deltas are b − a, per name, largest first', async () => {
  const summary = async (name: string): Promise<TraceSummary> => {
    const file = path.join(fixtures, 'traces', name);
    const read = await readTrace(file, [traceAnalysis()] as const);
    return { file, fileBytes: read.fileBytes, dialect: read.metadata.dialect, events: read.events, ...read.results[0], deviceProperties: [], warnings: [] };
  };
  const a = await summary('torch113_cpu_train.trace.json');
  const b = await summary('torch113_cpu_profiler_steps.trace.json');
  const diff = diffTraces(a, b);
  const conv = diff.ops.find((o) => o.name === 'aten::mkldnn_convolution')!;
  const aConv = a.ops.find((o) => o.name === 'aten::mkldnn_convolution')!;
  const bConv = b.ops.find((o) => o.name === 'aten::mkldnn_convolution')!;
  assert.deepEqual(conv, { name: conv.name, aUs: aConv.hostTotalUs, bUs: bConv.hostTotalUs, deltaUs: bConv.hostTotalUs - aConv.hostTotalUs, aCalls: aConv.calls, bCalls: bConv.calls });
  for (let i = 1; i < diff.ops.length; i++) assert.ok(Math.abs(diff.ops[i - 1].deltaUs) >= Math.abs(diff.ops[i].deltaUs));
  // The steps trace has 3 ProfilerStep ranges; the other one pseudo-step over its span.
  assert.equal(diff.stepUs.a, a.spanUs);
  assert.equal(diff.stepUs.b, b.steps.reduce((n, s) => n + s.durUs, 0) / 3);
  const self = diffTraces(a, a);
  assert.ok(self.ops.every((o) => o.deltaUs === 0) && self.stepUs.deltaUs === 0);
});

test('operator source: the Call stack arg, else the innermost enclosing python_function of user code', async () => {
  // with_stack in Kineto writes python_function ranges around the ops; PyTorch 1.8/1.9 wrote a `Call stack` arg.
  const events = [
    { ph: 'X', cat: 'python_function', name: '/home/me/train.py(30): <module>', pid: 1, tid: 1, ts: 0, dur: 1000 },
    { ph: 'X', cat: 'python_function', name: '/home/me/model.py(12): forward', pid: 1, tid: 1, ts: 20, dur: 600 },
    { ph: 'X', cat: 'python_function', name: '/usr/lib/python3/dist-packages/torch/nn/modules/linear.py(114): forward', pid: 1, tid: 1, ts: 25, dur: 500 },
    { ph: 'X', cat: 'cpu_op', name: 'aten::linear', pid: 1, tid: 1, ts: 30, dur: 100 },
    { ph: 'X', cat: 'cpu_op', name: 'aten::linear', pid: 1, tid: 1, ts: 200, dur: 150 },
    { ph: 'X', cat: 'cpu_op', name: 'aten::relu', pid: 1, tid: 1, ts: 700, dur: 10 },
    { ph: 'X', cat: 'cpu_op', name: 'aten::add', pid: 1, tid: 2, ts: 0, dur: 5, args: { 'Call stack': '/usr/lib/python3/dist-packages/torch/_tensor.py(40): wrapped;/home/me/loss.py(7): loss;/home/me/train.py(31): <module>' } },
    { ph: 'X', cat: 'cpu_op', name: 'aten::mul', pid: 1, tid: 3, ts: 0, dur: 5 },
  ];
  const dir = mkdtempSync(path.join(tmpdir(), 'tensorsight-source-'));
  const file = path.join(dir, 'stack.pt.trace.json');
  writeFileSync(file, JSON.stringify({ schemaVersion: 1, traceEvents: events }));
  const ops = (await readTrace(file, [traceAnalysis()] as const)).results[0].ops;
  const source = (name: string) => ops.find((o) => o.name === name)!.source;
  assert.deepEqual(source('aten::linear'), { file: '/home/me/model.py', line: 12 });
  assert.deepEqual(source('aten::relu'), { file: '/home/me/train.py', line: 30 });
  assert.deepEqual(source('aten::add'), { file: '/home/me/loss.py', line: 7 });
  assert.equal(source('aten::mul'), undefined);
});
