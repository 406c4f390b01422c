// The GGUF reader against llama.cpp's vocabulary-only GGUFs (figures from scripts/fixtures/ggufExpected.py, a
// plain-struct reading) and a synthetic llama-like GGUF written by test/unit/ggufWriter.ts, whose figures the
// test computes from the ggml block sizes by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { ggufFormat } from '../../src/core/formats/gguf/format';
import { readGgufFile } from '../../src/core/formats/gguf/ggufReader';
import { ggmlType, ggmlTypes } from '../../src/core/formats/gguf/ggmlTypes';
import type { GgufArray } from '../../src/core/formats/gguf/ggufHeader';
import { summarizeModel } from '../../src/core/ir/summary';
import { estimatedParams } from '../../src/core/llm/llmArchitecture';
import { llmBlockCosts } from '../../src/core/llm/llmBlockCosts';
import { fitRows, kvCacheBytes, memoryNeed } from '../../src/core/llm/llmFit';
import { paramsByType, weightBytes } from '../../src/core/llm/llmTensors';
import { tempDirsFor } from './tempDirs';
import { writeGguf, type KvValue, type TensorSpec } from './ggufWriter';
import { matches } from './formatMatch';

const folder = path.resolve(__dirname, '../fixtures/upstream/gguf');
const expected: Record<string, {
  version: number; tensorCount: number; kvCount: number; headerBytes: number; dataStart: number; fileBytes: number; vocabSize: number;
  scalars: Record<string, number | string | boolean>; arrays: Record<string, { type: string; length: number }>;
  specialTokens: Record<string, { id: number; text: string }>;
}> = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8'));
const tempDir = tempDirsFor('gguf-');

for (const [file, want] of Object.entries(expected)) {
  test(`${file}: header, metadata and tokenizer as Python's struct reading has them`, async () => {
    const read = await readGgufFile(path.join(folder, file));
    const { header, model } = read;
    assert.equal(header.version, want.version);
    assert.equal(header.tensors.length, want.tensorCount);
    assert.equal(header.metadata.size, want.kvCount);
    assert.equal(header.headerBytes, want.headerBytes);
    assert.equal(header.dataStart, want.dataStart);
    assert.equal(model.fileBytes, want.fileBytes);
    assert.equal(header.tokenCount, want.vocabSize);
    assert.deepEqual(header.specialTokens, want.specialTokens);
    for (const [key, value] of Object.entries(want.scalars)) assert.deepEqual(header.metadata.get(key)?.value, value, key);
    for (const [key, array] of Object.entries(want.arrays)) {
      const value = header.metadata.get(key)?.value as GgufArray;
      assert.deepEqual({ type: value.itemType, length: value.length }, array, key);
    }
    assert.equal(model.metadata['tokenizer.vocab_size'], String(want.vocabSize));
    assert.equal(model.metadata['general.architecture'], want.scalars['general.architecture']);
    assert.equal(model.metadata['tokenizer.ggml.tokens'].startsWith(`array[string x ${want.vocabSize}]`), true);
    assert.ok(Object.values(model.metadata).every((text) => text.length < 400), 'metadata strings are truncated');
    assert.equal(matches(ggufFormat, fs.readFileSync(path.join(folder, file)).subarray(0, 4096)), true);
    assert.deepEqual(model.warnings, []);
  });
}

test('llama-spm: the architecture gives the published LLaMA-7B parameter count and a 2 GiB f16 KV cache at 4096 tokens', async () => {
  const { architecture: arch, model } = await readGgufFile(path.join(folder, 'ggml-vocab-llama-spm.gguf'));
  assert.ok(arch);
  assert.deepEqual(
    { layers: arch.layers, hidden: arch.hiddenSize, heads: arch.heads, kv: arch.kvHeads, headDim: arch.headDim, ffn: arch.feedForward, vocab: arch.vocabSize, context: arch.contextLength, norm: arch.norm, gated: arch.gatedFeedForward, rope: arch.rope },
    { layers: 32, hidden: 4096, heads: 32, kv: 32, headDim: 128, ffn: 11008, vocab: 32000, context: 4096, norm: 'rms', gated: true, rope: { dimensions: 128 } },
  );
  // Llama-2-7b-hf: 6,738,415,616 parameters (transformers' num_parameters()).
  assert.equal(estimatedParams(arch), 6_738_415_616);
  assert.equal(kvCacheBytes(arch, { context: 4096 }), 2 * 32 * 32 * 128 * 4096 * 2);
  // Vocabulary only: the graph is drawn from the metadata, 32 blocks, with MACs per token from the llm rules.
  const costs = llmBlockCosts(model);
  assert.deepEqual(costs.map((cost) => cost.scope), ['embedding', ...Array.from({ length: 32 }, (_, i) => `blocks.${i}`), 'output']);
  assert.equal(costs[1].macs, 4 * 4096 * 4096 + 32 * 256 + 3 * 4096 * 11008);
  assert.equal(costs[33].macs, 4096 * 32000);
  assert.equal(summarizeModel(model).params, 0);
});

test('phi-3: the architecture gives the published Phi-3-mini parameter count', async () => {
  const { architecture: arch, header } = await readGgufFile(path.join(folder, 'ggml-vocab-phi-3.gguf'));
  // microsoft/Phi-3-mini-4k-instruct: 3,821,079,552 parameters.
  assert.equal(estimatedParams(arch!), 3_821_079_552);
  assert.deepEqual(arch!.rope, { dimensions: 96, base: 10000, originalContext: 4096 });
  assert.equal(header.specialTokens.eos.text, '<|endoftext|>');
});

test('bert-bge: an encoder (attention.causal false, LayerNorm) has no language-model head', async () => {
  const { architecture: arch, model } = await readGgufFile(path.join(folder, 'ggml-vocab-bert-bge.gguf'));
  assert.equal(arch!.causal, false);
  assert.equal(arch!.norm, 'layer');
  assert.equal(model.graph.nodes.some((node) => node.op === 'LMHead'), false);
  assert.equal(model.graph.nodes.filter((node) => node.op === 'Attention').length, 12);
});

test('the ggml type table: block sizes and bytes per block of ggml-common.h', () => {
  const sizes = Object.fromEntries(ggmlTypes().map((type) => [type.name, [type.id, type.blockSize, type.bytesPerBlock]]));
  assert.deepEqual(sizes.Q4_0, [2, 32, 18]);
  assert.deepEqual(sizes.Q8_0, [8, 32, 34]);
  assert.deepEqual(sizes.Q2_K, [10, 256, 84]);
  assert.deepEqual(sizes.Q3_K, [11, 256, 110]);
  assert.deepEqual(sizes.Q4_K, [12, 256, 144]);
  assert.deepEqual(sizes.Q5_K, [13, 256, 176]);
  assert.deepEqual(sizes.Q6_K, [14, 256, 210]);
  assert.deepEqual(sizes.Q8_K, [15, 256, 292]);
  assert.deepEqual(sizes.IQ4_XS, [23, 256, 136]);
  assert.deepEqual(sizes.IQ1_M, [29, 256, 56]);
  assert.deepEqual(sizes.BF16, [30, 1, 2]);
  assert.deepEqual(sizes.TQ1_0, [34, 256, 54]);
  assert.deepEqual(sizes.TQ2_0, [35, 256, 66]);
  assert.equal(ggmlType(4), undefined);
  assert.equal(ggmlTypes().length, 33);
});

// The synthetic model: llama-like, 2 blocks, hidden 512, 8 heads of 64, 2 KV heads, gated FFN of 1024, vocab 1024.
const H = 512, HEADS = 8, KV = 2, HD = 64, FFN = 1024, VOCAB = 1024, LAYERS = 2;
const [F32, F16, Q8_0, Q4_K] = [0, 1, 8, 12];
const bytesOf = (type: number, elements: number): number => ({ [F32]: elements * 4, [F16]: elements * 2, [Q8_0]: (elements / 32) * 34, [Q4_K]: (elements / 256) * 144 })[type]!;
const tensor = (name: string, dims: number[], type: number): TensorSpec => ({ name, dims, type, bytes: bytesOf(type, dims.reduce((a, b) => a * b, 1)) });
const tensors: TensorSpec[] = [
  tensor('token_embd.weight', [H, VOCAB], Q8_0),
  ...Array.from({ length: LAYERS }, (_, i) => [
    tensor(`blk.${i}.attn_norm.weight`, [H], F32),
    tensor(`blk.${i}.attn_q.weight`, [H, HEADS * HD], Q4_K),
    tensor(`blk.${i}.attn_k.weight`, [H, KV * HD], Q4_K),
    tensor(`blk.${i}.attn_v.weight`, [H, KV * HD], Q8_0),
    tensor(`blk.${i}.attn_output.weight`, [HEADS * HD, H], Q4_K),
    tensor(`blk.${i}.ffn_norm.weight`, [H], F32),
    tensor(`blk.${i}.ffn_gate.weight`, [H, FFN], Q4_K),
    tensor(`blk.${i}.ffn_up.weight`, [H, FFN], Q4_K),
    tensor(`blk.${i}.ffn_down.weight`, [FFN, H], Q8_0),
  ]).flat(),
  tensor('output_norm.weight', [H], F32),
  tensor('output.weight', [H, VOCAB], F16),
];
const kv: [string, KvValue][] = [
  ['general.architecture', { type: 'string', value: 'llama' }],
  ['general.name', { type: 'string', value: 'synthetic-llama' }],
  ['general.alignment', { type: 'uint32', value: 64 }],
  ['llama.block_count', { type: 'uint32', value: LAYERS }],
  ['llama.embedding_length', { type: 'uint32', value: H }],
  ['llama.attention.head_count', { type: 'uint32', value: HEADS }],
  ['llama.attention.head_count_kv', { type: 'uint32', value: KV }],
  ['llama.context_length', { type: 'uint64', value: 2048 }],
  ['llama.feed_forward_length', { type: 'int32', value: FFN }],
  ['llama.rope.freq_base', { type: 'float32', value: 500000 }],
  ['llama.rope.dimension_count', { type: 'uint32', value: HD }],
  ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 }],
  ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
  ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', items: Array.from({ length: VOCAB }, (_, i) => (i === 7 ? '<|eot|>' : `tok${i}`)) }],
  ['tokenizer.ggml.scores', { type: 'array', itemType: 'float32', items: Array.from({ length: VOCAB }, (_, i) => -i) }],
  ['tokenizer.ggml.bos_token_id', { type: 'uint32', value: 1 }],
  ['tokenizer.ggml.eos_token_id', { type: 'uint32', value: 7 }],
  ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
  ['test.int8', { type: 'int8', value: -5 }],
  ['test.int16', { type: 'int16', value: -300 }],
  ['test.uint16', { type: 'uint16', value: 60000 }],
  ['test.uint8', { type: 'uint8', value: 200 }],
  ['test.int64', { type: 'int64', value: -1234567890123 }],
  ['test.float64', { type: 'float64', value: 0.1 }],
  ['test.bools', { type: 'array', itemType: 'bool', items: [true, false, true] }],
];

for (const version of [1, 2, 3]) {
  test(`synthetic llama GGUF v${version}: architecture, params per ggml type, fit rows and per-block params and MACs`, async () => {
    const file = path.join(tempDir(), 'synthetic.gguf');
    const written = writeGguf(file, { version, kv, tensors, alignment: 64 });
    const { header, architecture: arch, tensors: read, model } = await readGgufFile(file);
    assert.equal(header.version, version);
    assert.equal(header.headerBytes, written.headerBytes);
    assert.equal(header.dataStart, written.dataStart);
    assert.deepEqual(header.specialTokens, { bos: { id: 1, text: 'tok1' }, eos: { id: 7, text: '<|eot|>' } });
    assert.deepEqual(['test.int8', 'test.int16', 'test.uint16', 'test.uint8', 'test.int64', 'test.float64'].map((key) => header.metadata.get(key)?.value), [-5, -300, 60000, 200, -1234567890123, 0.1]);
    assert.equal(model.metadata['test.bools'], '[true, false, true]');
    assert.equal(model.metadata['llama.rope.freq_base'], '500000');
    assert.deepEqual(model.warnings, []);
    assert.ok(arch);
    assert.deepEqual(
      { layers: arch.layers, hidden: arch.hiddenSize, heads: arch.heads, kv: arch.kvHeads, headDim: arch.headDim, ffn: arch.feedForward, vocab: arch.vocabSize, context: arch.contextLength, gated: arch.gatedFeedForward, tied: arch.tiedEmbeddings },
      { layers: LAYERS, hidden: H, heads: HEADS, kv: KV, headDim: HD, ffn: FFN, vocab: VOCAB, context: 2048, gated: true, tied: false },
    );
    // Tensors: reversed dims, absolute data offsets at the 64-byte alignment.
    const q = read.find((each) => each.name === 'blk.0.attn_k.weight')!;
    assert.deepEqual(q.shape, [KV * HD, H]);
    assert.equal(q.ref.offset! % 64, 0);
    assert.ok(read.every((each) => each.ref.offset! + each.bytes! <= written.size));
    // Params by type, from the block sizes by hand.
    const perBlockQ4K = H * HEADS * HD + H * KV * HD + HEADS * HD * H + 2 * H * FFN;
    const perBlockQ80 = H * KV * HD + FFN * H;
    assert.deepEqual(paramsByType(read), {
      Q4_K: { tensors: 5 * LAYERS, elements: LAYERS * perBlockQ4K, bytes: (LAYERS * perBlockQ4K * 144) / 256 },
      Q8_0: { tensors: 1 + 2 * LAYERS, elements: H * VOCAB + LAYERS * perBlockQ80, bytes: ((H * VOCAB + LAYERS * perBlockQ80) * 34) / 32 },
      F16: { tensors: 1, elements: H * VOCAB, bytes: H * VOCAB * 2 },
      F32: { tensors: 2 * LAYERS + 1, elements: (2 * LAYERS + 1) * H, bytes: (2 * LAYERS + 1) * H * 4 },
    });
    const totalElements = tensors.reduce((sum, each) => sum + each.dims.reduce((a, b) => a * b, 1), 0);
    assert.equal(estimatedParams(arch), totalElements);
    assert.equal(summarizeModel(model).params, totalElements);
    // Fit: weights plus an f16 KV cache of 2 layers x 2 KV heads x (64 + 64) x 2048 tokens x 2 sequences.
    const weights = weightBytes(read);
    assert.equal(weights, tensors.reduce((sum, each) => sum + each.bytes, 0));
    const need = memoryNeed(arch, weights, { batch: 2 });
    assert.equal(need.kvCacheBytes, 2 * LAYERS * KV * HD * 2048 * 2 * 2);
    const rows = fitRows(need.totalBytes, [{ index: 0, name: 'small', memoryFreeMiB: 4 }, { index: 1, name: 'big', memoryFreeMiB: 80 * 1024 }]);
    assert.deepEqual(rows.map((row) => [row.index, row.fits, row.marginBytes]), [[0, false, 4 * 1048576 - need.totalBytes], [1, true, 80 * 1024 * 1048576 - need.totalBytes]]);
    // The graph: per-block params and MACs per token through the cost model.
    const costs = llmBlockCosts(model);
    const blockParams = perBlockQ4K + perBlockQ80 + 2 * H;
    assert.deepEqual(costs.map((cost) => [cost.scope, cost.params]), [['embedding', H * VOCAB], ['blocks.0', blockParams], ['blocks.1', blockParams], ['output', H + H * VOCAB]]);
    const attentionMacs = H * HEADS * HD + 2 * H * KV * HD + HEADS * HD * H + HEADS * 2 * HD;
    assert.equal(costs[1].macs, attentionMacs + 3 * H * FFN);
    assert.equal(costs[3].macs, H * VOCAB);
    // Bound to a sequence of 16 tokens the scores grow with its square, the projections linearly.
    assert.equal(llmBlockCosts(model, { sequence: 16 })[1].macs, 16 * (attentionMacs - HEADS * 2 * HD + 3 * H * FFN) + 16 * 16 * HEADS * 2 * HD);
  });
}

test('a tied head reads the token embedding: counted once, shared by the embedding and the head', async () => {
  const file = path.join(tempDir(), 'tied.gguf');
  writeGguf(file, { kv, tensors: tensors.filter((each) => each.name !== 'output.weight') });
  const { architecture, model } = await readGgufFile(file);
  assert.equal(architecture!.tiedEmbeddings, true);
  const head = summarizeModel(model).layers.find((layer) => layer.op === 'LMHead')!;
  assert.equal(head.sharedParams, H * VOCAB);
});

test('unknown architecture: a flat graph of the tensors grouped by name prefix', async () => {
  const file = path.join(tempDir(), 'flat.gguf');
  writeGguf(file, { kv: [['general.architecture', { type: 'string', value: 'mystery' }]], tensors: tensors.slice(0, 4) });
  const { architecture, model } = await readGgufFile(file);
  assert.equal(architecture, undefined);
  assert.deepEqual(model.graph.nodes.map((node) => [node.op, node.name]), [['Tensors', 'token_embd'], ['Tensors', 'blk.0.attn_norm'], ['Tensors', 'blk.0.attn_q'], ['Tensors', 'blk.0.attn_k']]);
});

test('bad files fail with a FormatError naming the offset; a truncated data section is a warning', async () => {
  const dir = tempDir();
  const good = path.join(dir, 'good.gguf');
  const { headerBytes, dataStart } = writeGguf(good, { kv, tensors });
  const bytes = fs.readFileSync(good);
  const variant = (name: string, edit: (copy: Buffer) => Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, edit(Buffer.from(bytes)));
    return file;
  };
  const fails = async (file: string, pattern: RegExp, offset?: number) => {
    await assert.rejects(readGgufFile(file), (error: unknown) => {
      assert.ok(error instanceof FormatError, String(error));
      assert.match(error.message, pattern);
      if (offset !== undefined) assert.equal(error.where?.offset, offset);
      return true;
    });
  };
  await fails(variant('magic.gguf', (copy) => (copy.write('GGUX', 0, 'latin1'), copy)), /expected the magic 'GGUF'/, 0);
  await fails(variant('v9.gguf', (copy) => (copy.writeUInt32LE(9, 4), copy)), /unsupported GGUF version 9/, 4);
  await fails(variant('be.gguf', (copy) => (copy.writeUInt32BE(3, 4), copy)), /big-endian/, 4);
  await fails(variant('count.gguf', (copy) => (copy.writeBigUInt64LE(1n << 40n, 16), copy)), /metadata key-value count is 1099511627776/, 16);
  await fails(variant('header.gguf', (copy) => copy.subarray(0, headerBytes - 3)), /unexpected end of file/);
  await fails(variant('type.gguf', (copy) => (copy.writeUInt32LE(77, 24 + 8 + 'general.architecture'.length), copy)), /unknown value type 77/, 24 + 8 + 20);
  const truncated = await readGgufFile(variant('data.gguf', (copy) => copy.subarray(0, dataStart + 100)));
  assert.equal(truncated.model.partial, true);
  assert.match(truncated.model.warnings[0], /past the end of the file/);
});
