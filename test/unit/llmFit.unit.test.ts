// "What the model is, and whether it fits": the Model view's Architecture and Fits rows (the outline's llm report and
// the rows built from it) and `tensorsight summary`'s llm block, on llama.cpp's vocabulary-only GGUFs (published
// parameter counts), a synthetic sharded safetensors checkpoint with config.json (figures by hand), and the GPUs of
// real recorded nvidia-smi outputs (test/fixtures/upstream/nvidia-smi), replayed live or read as saved files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';
import { buildModelOutline } from '../../src/core/ir/modelOutline';
import { gpuFreeMemory } from '../../src/core/llm/gpuFreeMemory';
import { kvCacheBytes } from '../../src/core/llm/llmFit';
import { DEFAULT_CONTEXT_CAP, llmFit, type GpuList } from '../../src/core/llm/llmFitReport';
import { architectureRows, fitRowsOf, type LlmRow } from '../../src/core/llm/llmRows';
import { openModelWithLlm } from '../../src/core/llm/openLlmModel';
import { setUpReplay } from '../fixtures/gpu/replay';
import { bytesOf, TINY_LLAMA, TINY_LLAMA_SHARDS, writeTinyLlamaCheckpoint } from './safetensorsWriter';
import { tempDirsFor } from './tempDirs';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const gguf = path.resolve(__dirname, '../fixtures/upstream/gguf');
const smi = path.resolve(__dirname, '../fixtures/upstream/nvidia-smi');
const llama = path.join(gguf, 'ggml-vocab-llama-spm.gguf');
const phi3 = path.join(gguf, 'ggml-vocab-phi-3.gguf');
const h200Csv = path.join(smi, 'csv/h200_590.48.01_idle_query-gpu.csv');
const rtx4080Csv = path.join(smi, 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv');
const tempDir = tempDirsFor('llmfit-');

/** A column of a recorded `--format=csv` file (header with units), read here without the GPU parser. */
function csvColumn(file: string, column: string): string {
  const [header, row] = fs.readFileSync(file, 'utf8').split('\n');
  const names = header.split(', ').map((name) => name.replace(/ \[.*\]$/, ''));
  return row.split(', ')[names.indexOf(column)];
}
const mib = (file: string, column: string): number => Number(csvColumn(file, column).replace(/ MiB$/, ''));
const rowMap = (rows: readonly LlmRow[]): Record<string, string> => Object.fromEntries(rows.map((row) => [row.label, row.description]));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['summary', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

test('Llama-2-7B (vocabulary-only GGUF): the outline carries the architecture; the Architecture rows read it with the published 6.74B params', async () => {
  const { model, llm } = await openModelWithLlm(llama);
  assert.ok(llm);
  const outline = buildModelOutline(model, llm);
  // It crosses from the worker to the host as plain data.
  assert.deepEqual(structuredClone(outline.llm), llm);
  assert.deepEqual(rowMap(architectureRows(outline.llm!)), {
    Architecture: 'llama (from the GGUF metadata)',
    Layers: '32',
    'Hidden size': '4,096',
    'Heads / KV heads': '32 / 32',
    'Head size': '128',
    'Feed-forward': '11,008, gated',
    Vocabulary: '32,000 tokens',
    'Context length': '4,096 tokens',
    RoPE: '128 dims',
    Norm: 'RMSNorm',
    // Llama-2-7b-hf: 6,738,415,616 parameters (transformers' num_parameters()).
    'Parameters (from the architecture)': '6,738,415,616 (6.74 G)',
    'Parameters (stored)': 'none (a vocabulary-only file)',
  });
  assert.equal(llm.weightsEstimated, true);
  assert.equal(llm.weightBytes, 6_738_415_616 * 2);
  // No GPU: the rows say so with nvidia-smi's reason, and the total still stands.
  const fit = llmFit(llm, {}, { kind: 'unavailable', reason: 'nvidia-smi not found on PATH' });
  const kv = 2 * 32 * 32 * 128 * 4096 * 2;
  assert.equal(fit.need.kvCacheBytes, kv);
  assert.deepEqual(fitRowsOf(llm, fit).map((row) => [row.state, row.label, row.description]), [
    ['fact', 'Context × batch', '4,096 tokens × 1 (default)'],
    ['fact', 'Weights', '12.55 GiB (16-bit estimate: no weights in the file)'],
    ['fact', 'KV cache', '2.00 GiB (16-bit keys and values)'],
    ['total', 'Total needed', '14.55 GiB at 4,096 tokens × batch 1'],
    ['none', 'No GPU found', 'nvidia-smi not found on PATH'],
  ]);
  assert.equal(fit.need.totalBytes, 6_738_415_616 * 2 + kv);
});

test('phi-3: RoPE base and original context, and a context past the model\'s own taken as set', async () => {
  const { llm } = await openModelWithLlm(phi3);
  assert.ok(llm);
  const rows = rowMap(architectureRows(llm));
  assert.equal(rows.RoPE, 'base 10000, 96 dims, original context 4,096 tokens');
  // microsoft/Phi-3-mini-4k-instruct: 3,821,079,552 parameters.
  assert.equal(rows['Parameters (from the architecture)'], '3,821,079,552 (3.82 G)');
  const fit = llmFit(llm, { context: 128_000, batch: 2 }, { kind: 'gpus', gpus: [] });
  assert.equal(fit.defaultContext, false);
  assert.equal(fit.need.kvCacheBytes, 2 * 32 * 32 * 96 * 128_000 * 2 * 2);
  assert.equal(rowMap(fitRowsOf(llm, fit))['No GPU found'], 'nvidia-smi reported no GPU memory');
});

test('fit rows against recorded GPUs: an idle H200 holds Llama-2-7B, a loaded RTX 4080 SUPER does not at batch 2', async () => {
  const { llm } = await openModelWithLlm(llama);
  const h200Free = mib(h200Csv, 'memory.total') - mib(h200Csv, 'memory.used');
  const rtxFree = mib(rtx4080Csv, 'memory.total') - mib(rtx4080Csv, 'memory.used');
  const gpus: GpuList = { kind: 'gpus', gpus: [...gpuFreeMemory(parseGpuReport(fs.readFileSync(h200Csv, 'utf8'), h200Csv)), ...gpuFreeMemory(parseGpuReport(fs.readFileSync(rtx4080Csv, 'utf8'), rtx4080Csv)).map((gpu) => ({ ...gpu, index: 1 }))] };
  assert.deepEqual(gpus.gpus, [{ index: 0, name: csvColumn(h200Csv, 'name'), memoryFreeMiB: h200Free }, { index: 1, name: csvColumn(rtx4080Csv, 'name'), memoryFreeMiB: rtxFree }]);
  const fit = llmFit(llm!, { batch: 2 }, gpus);
  const need = 6_738_415_616 * 2 + 2 * (2 * 32 * 32 * 128 * 4096 * 2);
  assert.equal(fit.need.totalBytes, need);
  assert.deepEqual(fit.gpus.map((row) => [row.fits, row.marginBytes]), [[true, h200Free * MIB - need], [false, rtxFree * MIB - need]]);
  const rows = fitRowsOf(llm!, fit).slice(-2);
  assert.deepEqual(rows.map((row) => [row.state, row.label, row.description]), [
    ['fits', 'GPU 0: NVIDIA H200', `fits, ${((h200Free * MIB - need) / GIB).toFixed(2)} GiB to spare (${((h200Free * MIB) / GIB).toFixed(2)} GiB free)`],
    ['short', 'GPU 1: NVIDIA GeForce RTX 4080 SUPER', `needs ${((need - rtxFree * MIB) / GIB).toFixed(2)} GiB more (${((rtxFree * MIB) / GIB).toFixed(2)} GiB free)`],
  ]);
});

test('a GPU in MIG mode is checked per instance, each with its own memory', () => {
  const file = path.resolve(__dirname, '../fixtures/gpu/mig-a100-v12.xml');
  const snapshot = parseGpuReport(fs.readFileSync(file, 'utf8'), file);
  const instances = snapshot.gpus[0].migDevices;
  assert.equal(snapshot.gpus[0].migMode, 'Enabled');
  assert.deepEqual(gpuFreeMemory(snapshot), instances.map((mig) => ({ index: 0, name: `${snapshot.gpus[0].name} MIG ${mig.index}`, memoryFreeMiB: mig.memoryTotalMiB! - mig.memoryUsedMiB! })));
  assert.ok(instances.length >= 2);
});

// A tiny llama as a sharded Hugging Face checkpoint: 3 layers, hidden 64, 4 heads of 16, 2 KV heads, FFN 160, vocab 100.
const { H, HEADS, KV, HD, FFN, VOCAB, LAYERS } = TINY_LLAMA;
const shards = TINY_LLAMA_SHARDS;

/** Writes the checkpoint (zero-filled tensors, sparse) and returns its index file. */
function writeCheckpoint(dir: string): string {
  return writeTinyLlamaCheckpoint(dir, {
    model_type: 'llama', hidden_size: H, num_attention_heads: HEADS, num_key_value_heads: KV, num_hidden_layers: LAYERS, intermediate_size: FFN,
    vocab_size: VOCAB, max_position_embeddings: 8192, rope_theta: 500000, rope_scaling: { rope_type: 'llama3', factor: 8, original_max_position_embeddings: 1024 }, rms_norm_eps: 1e-5, tie_word_embeddings: false,
  });
}

test('a sharded safetensors checkpoint with config.json: architecture from config.json, stored weights by dtype, need at 4,096 of 8,192 tokens', async () => {
  const index = writeCheckpoint(tempDir());
  const { model, llm } = await openModelWithLlm(index);
  assert.ok(llm);
  const outline = buildModelOutline(model, llm);
  const all = shards.flat();
  const bf16 = all.filter((entry) => entry[1] === 'BF16');
  const rows = rowMap(architectureRows(outline.llm!));
  assert.equal(rows.Architecture, 'llama (from config.json)');
  assert.equal(rows['Heads / KV heads'], '4 / 2 (2 query heads per KV head)');
  assert.equal(rows.RoPE, 'base 500000, scaling llama3 ×8, original context 1,024 tokens');
  assert.equal(rows['Parameters (stored)'], `${all.reduce((sum, [, , shape]) => sum + shape.reduce((a, b) => a * b, 1), 0).toLocaleString('en-US')} in ${all.length} tensors`);
  assert.equal(rows['Weights BF16'], `${(bf16.reduce((sum, entry) => sum + bytesOf(entry) / 2, 0) / 1000).toFixed(2)} K params · ${(bf16.reduce((sum, entry) => sum + bytesOf(entry), 0) / 1024).toFixed(2)} KiB · ${bf16.length} tensors`);
  assert.equal(rows['Weights F32'], `${H} params · ${H * 4} B · 1 tensor`);
  assert.equal(llm.weightsEstimated, false);
  assert.equal(llm.weightBytes, all.reduce((sum, entry) => sum + bytesOf(entry), 0));
  const fit = llmFit(llm, {}, { kind: 'pending', reason: 'waiting for the first GPU sample' });
  assert.equal(fit.need.context, DEFAULT_CONTEXT_CAP);
  assert.equal(fit.need.kvCacheBytes, LAYERS * KV * 2 * HD * DEFAULT_CONTEXT_CAP * 2);
  assert.equal(fit.need.kvCacheBytes, kvCacheBytes(llm.architecture, { context: 4096 }));
  assert.deepEqual(fitRowsOf(llm, fit).at(-1), { label: 'GPUs not checked', description: 'waiting for the first GPU sample', tooltip: 'waiting for the first GPU sample', state: 'none' });
});

test('an ONNX model has no llm report', async () => {
  const { llm } = await openModelWithLlm(path.resolve(__dirname, '../fixtures/upstream/onnx/migraphx_mnist-8.onnx'));
  assert.equal(llm, undefined);
});

test('summary --json --context --batch --gpus <saved report>: the llm object', async () => {
  const { code, out, err } = await cli(llama, '--json', '--context', '2048', '--batch', '4', '--gpus', h200Csv);
  assert.equal(code, 0, err);
  const { llm } = JSON.parse(out);
  assert.equal(llm.architecture.architecture, 'llama');
  assert.equal(llm.architecture.layers, 32);
  assert.equal(llm.estimatedParams, 6_738_415_616);
  assert.equal(llm.weightsEstimated, true);
  const kv = 2 * 32 * 32 * 128 * 2048 * 4 * 2;
  assert.deepEqual(llm.need, { weightBytes: 6_738_415_616 * 2, kvCacheBytes: kv, overheadBytes: 0, totalBytes: 6_738_415_616 * 2 + kv, context: 2048, batch: 4 });
  const free = (mib(h200Csv, 'memory.total') - mib(h200Csv, 'memory.used')) * MIB;
  assert.deepEqual(llm.gpus, [{ index: 0, name: 'NVIDIA H200', freeBytes: free, neededBytes: llm.need.totalBytes, fits: true, marginBytes: free - llm.need.totalBytes }]);
  assert.equal(llm.noGpu, undefined);
});

test('summary text: the architecture block, the need, and a fit row per live GPU (nvidia-smi replaying an H200 and a loaded RTX 4080 SUPER)', async () => {
  const replay = setUpReplay();
  process.env.TENSORSIGHT_NVIDIA_SMI = replay.binary;
  process.env.NVIDIA_SMI_REPLAY_LOG = replay.log;
  process.env.NVIDIA_SMI_REPLAY_GPUS = ['csv/h200_590.48.01_idle_query-gpu.csv', 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv'].join(path.delimiter);
  try {
    const { code, out, err } = await cli(llama, '--batch', '2');
    assert.equal(code, 0, err);
    const block = out.slice(out.indexOf('LLM architecture:'));
    assert.match(block, /^ {2}Layers: 32$/m);
    assert.match(block, /^ {2}Parameters \(from the architecture\): 6,738,415,616 \(6\.74 G\)$/m);
    assert.match(block, /^Fits on GPU:\n {2}Context × batch: 4,096 tokens × 2 \(default\)$/m);
    assert.match(block, /^ {2}Total needed: 16\.55 GiB at 4,096 tokens × batch 2$/m);
    assert.match(block, /^ {2}GPU 0: NVIDIA H200: fits, 123\.85 GiB to spare \(140\.40 GiB free\)$/m);
    assert.match(block, /^ {2}GPU 1: NVIDIA GeForce RTX 4080 SUPER: needs 2\.00 GiB more \(14\.55 GiB free\)$/m);
    assert.ok(replay.runs().some((run) => run.query === 'gpu'), 'nvidia-smi was asked');
  } finally {
    delete process.env.TENSORSIGHT_NVIDIA_SMI;
    delete process.env.NVIDIA_SMI_REPLAY_GPUS;
    delete process.env.NVIDIA_SMI_REPLAY_LOG;
    replay.cleanup();
  }
});

test('summary without nvidia-smi says no GPU was found and why; --gpus none asks nothing', async () => {
  process.env.TENSORSIGHT_NVIDIA_SMI = path.join(tempDir(), 'missing', 'nvidia-smi');
  try {
    const text = await cli(phi3);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^ {2}No GPU found: .*nvidia-smi.*$/m);
    assert.match(text.out, /^ {2}Total needed: 8\.62 GiB at 4,096 tokens × batch 1$/m);
    const json = JSON.parse((await cli(phi3, '--json')).out);
    assert.deepEqual(json.llm.gpus, []);
    assert.match(json.llm.noGpu, /nvidia-smi/);
    const none = await cli(phi3, '--gpus', 'none');
    assert.match(none.out, /^ {2}GPUs not checked: not asked for \(--gpus none\)$/m);
  } finally {
    delete process.env.TENSORSIGHT_NVIDIA_SMI;
  }
});

test('summary flags: bad --context/--batch are usage errors, an unreadable --gpus file is bad input, and non-LLM models say the flags do not apply', async () => {
  for (const args of [['--context', '0'], ['--batch', 'x'], ['--context', '1.5'], ['--gpus']]) {
    const { code, err } = await cli(llama, ...args);
    assert.equal(code, 2, `${args.join(' ')}: ${err}`);
  }
  const missing = await cli(llama, '--gpus', path.join(tempDir(), 'nope.csv'));
  assert.equal(missing.code, 1);
  assert.match(missing.err, /cannot read .*nope\.csv/);
  const onnx = await cli(path.resolve(__dirname, '../fixtures/upstream/onnx/migraphx_mnist-8.onnx'), '--json', '--context', '512', '--gpus', 'none');
  assert.equal(onnx.code, 0);
  assert.equal(JSON.parse(onnx.out).llm, undefined);
  assert.match(onnx.err, /apply only to GGUF and safetensors/);
});
