// The safetensors reader against the fixtures (figures from scripts/fixtures/ggufExpected.py, a plain json+struct
// reading) and a synthetic sharded Hugging Face checkpoint (config.json, index, two shards) written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { safetensorsFormat } from '../../src/core/formats/safetensors/format';
import { readSafetensorsFile } from '../../src/core/formats/safetensors/safetensorsReader';
import { summarizeModel } from '../../src/core/ir/summary';
import { estimatedParams } from '../../src/core/llm/llmArchitecture';
import { llmBlockCosts } from '../../src/core/llm/llmBlockCosts';
import { memoryNeed } from '../../src/core/llm/llmFit';
import { paramsByType, weightBytes } from '../../src/core/llm/llmTensors';
import { tempDirsFor } from './tempDirs';
import { matches } from './formatMatch';
import { TINY_LLAMA, TINY_LLAMA_SHARDS, writeSafetensors, writeTinyLlamaCheckpoint } from './safetensorsWriter';

const folder = path.resolve(__dirname, '../fixtures/upstream/safetensors');
const expected: Record<string, {
  headerBytes: number; fileBytes: number; metadata: Record<string, string> | null; params: number; paramBytes: number;
  tensors: Record<string, { dtype: string; shape: number[]; begin: number; end: number; elements: number }>;
}> = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8'));
const tempDir = tempDirsFor('safetensors-');

for (const [file, want] of Object.entries(expected)) {
  test(`${file}: tensors, byte ranges and __metadata__ as Python's json+struct reading has them`, async () => {
    const full = path.join(folder, file);
    const { model, tensors, architecture } = await readSafetensorsFile(full);
    assert.equal(architecture, undefined);
    assert.equal(model.fileBytes, want.fileBytes);
    const got = Object.fromEntries(tensors.map((tensor) => [tensor.name, { dtype: tensor.typeName, shape: tensor.shape, begin: tensor.ref.offset!, end: tensor.ref.offset! + tensor.ref.byteLength!, elements: tensor.elements }]));
    assert.deepEqual(got, want.tensors);
    for (const [key, value] of Object.entries(want.metadata ?? {})) assert.equal(model.metadata[key], value);
    const summary = summarizeModel(model);
    assert.equal(summary.params, want.params);
    assert.equal(summary.paramBytes, want.paramBytes);
    assert.deepEqual(model.warnings, []);
    assert.equal(matches(safetensorsFormat, fs.readFileSync(full).subarray(0, 4096), full), true);
  });
}

// A tiny llama: 3 layers, hidden 64, 4 heads of 16, 2 KV heads, intermediate 160, vocab 100, untied.
const { H, HEADS, KV, HD, FFN, VOCAB, LAYERS } = TINY_LLAMA;
const config = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: H, num_attention_heads: HEADS, num_key_value_heads: KV, num_hidden_layers: LAYERS,
  intermediate_size: FFN, vocab_size: VOCAB, max_position_embeddings: 512, rope_theta: 10000, rope_scaling: { rope_type: 'llama3', factor: 8, original_max_position_embeddings: 128 },
  rms_norm_eps: 1e-5, hidden_act: 'silu', tie_word_embeddings: false,
};
const [shard1, shard2] = TINY_LLAMA_SHARDS;
const writeCheckpoint = (dir: string): string => writeTinyLlamaCheckpoint(dir, config, { shardMetadata: { format: 'pt' }, totalSize: true });

test('a sharded Hugging Face llama: config.json architecture, params by dtype, the transformer graph per block', async () => {
  const index = writeCheckpoint(tempDir());
  const { model, architecture: arch, tensors, shards } = await readSafetensorsFile(index);
  assert.deepEqual(shards, ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
  assert.deepEqual(model.warnings, []);
  assert.equal(model.partial, undefined);
  assert.ok(arch);
  assert.deepEqual(
    { type: arch.architecture, layers: arch.layers, hidden: arch.hiddenSize, heads: arch.heads, kv: arch.kvHeads, headDim: arch.headDim, ffn: arch.feedForward, vocab: arch.vocabSize, context: arch.contextLength, rope: arch.rope, gated: arch.gatedFeedForward, tied: arch.tiedEmbeddings },
    { type: 'llama', layers: LAYERS, hidden: H, heads: HEADS, kv: KV, headDim: HD, ffn: FFN, vocab: VOCAB, context: 512, rope: { base: 10000, scalingType: 'llama3', scalingFactor: 8, originalContext: 128 }, gated: true, tied: false },
  );
  const block = H * HEADS * HD + 2 * H * KV * HD + HEADS * HD * H + 3 * H * FFN + 2 * H;
  const total = 2 * VOCAB * H + LAYERS * block + H;
  assert.equal(estimatedParams(arch), total);
  assert.equal(summarizeModel(model).params, total);
  assert.deepEqual(paramsByType(tensors), { BF16: { tensors: 2 + 9 * LAYERS, elements: total - H, bytes: (total - H) * 2 }, F32: { tensors: 1, elements: H, bytes: H * 4 } });
  const costs = llmBlockCosts(model);
  assert.deepEqual(costs.map((cost) => [cost.scope, cost.params]), [['embedding', VOCAB * H], ['blocks.0', block], ['blocks.1', block], ['blocks.2', block], ['output', H + VOCAB * H]]);
  assert.equal(costs[2].macs, H * HEADS * HD + 2 * H * KV * HD + HEADS * HD * H + HEADS * 2 * HD + 3 * H * FFN);
  const need = memoryNeed(arch, weightBytes(tensors), { context: 512, bytesPerElement: 1 });
  assert.equal(need.kvCacheBytes, 2 * LAYERS * KV * HD * 512);
  assert.equal(need.totalBytes, (total - H) * 2 + H * 4 + need.kvCacheBytes);
  assert.equal(matches(safetensorsFormat, fs.readFileSync(index).subarray(0, 4096), index), true);
});

test('a missing shard is a warning and the model is partial, with the other shard\'s tensors', async () => {
  const dir = tempDir();
  const index = writeCheckpoint(dir);
  fs.rmSync(path.join(dir, 'model-00002-of-00002.safetensors'));
  const { model, tensors } = await readSafetensorsFile(index);
  assert.equal(model.partial, true);
  assert.deepEqual(model.warnings, [`shard model-00002-of-00002.safetensors is missing: its ${shard2.length} tensors are not shown`]);
  assert.equal(tensors.length, shard1.length);
});

test('a single file without config.json is a flat graph grouped by name prefix', async () => {
  const file = path.join(tempDir(), 'model.safetensors');
  writeSafetensors(file, shard2);
  const { model } = await readSafetensorsFile(file);
  assert.deepEqual(model.graph.nodes.map((node) => node.name), ['model.layers.2.input_layernorm', 'model.layers.2.self_attn.q_proj', 'model.layers.2.self_attn.k_proj', 'model.layers.2.self_attn.v_proj', 'model.layers.2.self_attn.o_proj', 'model.layers.2.post_attention_layernorm', 'model.layers.2.mlp.gate_proj', 'model.layers.2.mlp.up_proj', 'model.layers.2.mlp.down_proj', 'model.norm', 'lm_head']);
  assert.match(summarizeModel(model).macsUnknown!.reason, /weights only/);
});

test('bad headers fail with a FormatError; data past the end of the file is a warning', async () => {
  const dir = tempDir();
  const write = (name: string, header: string | Buffer, dataBytes = 0): string => {
    const file = path.join(dir, name);
    const body = Buffer.isBuffer(header) ? header : Buffer.from(header);
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(body.length));
    fs.writeFileSync(file, Buffer.concat([length, body, Buffer.alloc(dataBytes)]));
    return file;
  };
  const fails = async (file: string, pattern: RegExp) =>
    assert.rejects(readSafetensorsFile(file), (error: unknown) => error instanceof FormatError && pattern.test(error.message) && error.where?.offset !== undefined);
  await fails(write('json.safetensors', '{"a": '), /not valid JSON/);
  await fails(write('dtype.safetensors', '{"a":{"dtype":"F17","shape":[2],"data_offsets":[0,8]}}', 8), /unknown dtype "F17"/);
  await fails(write('span.safetensors', '{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,8]}}', 8), /takes 24 bytes, but data_offsets \[0, 8\] span 8/);
  await fails(write('offsets.safetensors', '{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}', 8), /data_offsets must be/);
  const huge = path.join(dir, 'huge.safetensors');
  const length = Buffer.alloc(16);
  length.writeBigUInt64LE(1n << 40n);
  fs.writeFileSync(huge, length);
  await fails(huge, /header length is 1099511627776 bytes/);
  const truncated = await readSafetensorsFile(write('short.safetensors', '{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', 4));
  assert.equal(truncated.model.partial, true);
  assert.match(truncated.model.warnings[0], /past the end of the file/);
});
