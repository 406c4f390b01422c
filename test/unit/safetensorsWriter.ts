// Writes safetensors files for tests: zero-filled tensors (the data is a sparse hole), and a tiny llama as a sharded
// Hugging Face checkpoint (config.json, model.safetensors.index.json, two shards).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type SafetensorsEntry = [name: string, dtype: 'BF16' | 'F32' | 'F16' | 'I64', shape: number[]];

const WIDTH: Record<SafetensorsEntry[1], number> = { F32: 4, BF16: 2, F16: 2, I64: 8 };

/** Bytes of one tensor's data. */
export const bytesOf = ([, dtype, shape]: SafetensorsEntry): number => shape.reduce((a, b) => a * b, 1) * WIDTH[dtype];

/** Writes a .safetensors file of zero-filled tensors in the given order; the header is padded to 8 bytes. */
export function writeSafetensors(file: string, entries: readonly SafetensorsEntry[], metadata?: Record<string, string>): void {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const entry of entries) {
    header[entry[0]] = { dtype: entry[1], shape: entry[2], data_offsets: [offset, offset + bytesOf(entry)] };
    offset += bytesOf(entry);
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  fs.writeFileSync(file, Buffer.concat([length, Buffer.from(json)]));
  fs.truncateSync(file, 8 + json.length + offset);
}

/** The tiny llama: 3 layers, hidden 64, 4 heads of 16, 2 KV heads, feed-forward 160, vocabulary 100, untied head. */
export const TINY_LLAMA = { H: 64, HEADS: 4, KV: 2, HD: 16, FFN: 160, VOCAB: 100, LAYERS: 3 } as const;

/** The tensors of block `i` as Hugging Face names them. */
export function tinyLlamaLayer(i: number): SafetensorsEntry[] {
  const { H, HEADS, KV, HD, FFN } = TINY_LLAMA;
  return [
    [`model.layers.${i}.input_layernorm.weight`, 'BF16', [H]],
    [`model.layers.${i}.self_attn.q_proj.weight`, 'BF16', [HEADS * HD, H]],
    [`model.layers.${i}.self_attn.k_proj.weight`, 'BF16', [KV * HD, H]],
    [`model.layers.${i}.self_attn.v_proj.weight`, 'BF16', [KV * HD, H]],
    [`model.layers.${i}.self_attn.o_proj.weight`, 'BF16', [H, HEADS * HD]],
    [`model.layers.${i}.post_attention_layernorm.weight`, 'BF16', [H]],
    [`model.layers.${i}.mlp.gate_proj.weight`, 'BF16', [FFN, H]],
    [`model.layers.${i}.mlp.up_proj.weight`, 'BF16', [FFN, H]],
    [`model.layers.${i}.mlp.down_proj.weight`, 'BF16', [H, FFN]],
  ];
}

/** The two shards: embedding and blocks 0-1, then block 2, the final norm (F32) and the head. */
export const TINY_LLAMA_SHARDS: readonly SafetensorsEntry[][] = [
  [['model.embed_tokens.weight', 'BF16', [TINY_LLAMA.VOCAB, TINY_LLAMA.H]], ...tinyLlamaLayer(0), ...tinyLlamaLayer(1)],
  [...tinyLlamaLayer(2), ['model.norm.weight', 'F32', [TINY_LLAMA.H]], ['lm_head.weight', 'BF16', [TINY_LLAMA.VOCAB, TINY_LLAMA.H]]],
];

/**
 * Writes `config` as config.json, the tiny llama's shards (each with `shardMetadata` as its __metadata__) and the
 * index (with `total_size` when `totalSize`); returns the index file.
 */
export function writeTinyLlamaCheckpoint(dir: string, config: Record<string, unknown>, { shardMetadata, totalSize = false }: { shardMetadata?: Record<string, string>; totalSize?: boolean } = {}): string {
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const weightMap: Record<string, string> = {};
  TINY_LLAMA_SHARDS.forEach((entries, index) => {
    const file = `model-0000${index + 1}-of-0000${TINY_LLAMA_SHARDS.length}.safetensors`;
    writeSafetensors(path.join(dir, file), entries, shardMetadata);
    for (const [name] of entries) weightMap[name] = file;
  });
  const index = path.join(dir, 'model.safetensors.index.json');
  const metadata = totalSize ? { total_size: TINY_LLAMA_SHARDS.flat().reduce((sum, entry) => sum + bytesOf(entry), 0) } : {};
  fs.writeFileSync(index, JSON.stringify({ metadata, weight_map: weightMap }));
  return index;
}
