// Synthetic LLM files at real scale for bench/formatSummaries.bench.mjs, made in seconds and taking no disk: the
// header (metadata and tensor table) is written by the format's spec (ggml/docs/gguf.md; the safetensors README)
// and the file is then extended to its full size with ftruncate, so the tensor data is a sparse hole.
//  - writeSparseGguf: a GGUF v3 shaped as Llama 3.2 3B Q4_K_M (28 blocks, hidden 3072, GQA 24/8 heads, vocabulary
//    128256 with its token list): Q4_K matmuls, a Q6_K embedding (tied: no output.weight), f32 norms; about 1.9 GB.
//  - writeShardedSafetensors: a Hugging Face folder (config.json, model.safetensors.index.json, four bf16 shards of
//    about 1 GB) shaped as a 2B Llama (24 layers, hidden 2560, FFN 6912, vocabulary 32000).
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';

/** ggml types used here: id, elements per block, bytes per block (ggml.c's type_traits). */
const GGML = { F32: { id: 0, block: 1, bytes: 4 }, Q4_K: { id: 12, block: 256, bytes: 144 }, Q6_K: { id: 14, block: 256, bytes: 210 } };
/** GGUF metadata value types. */
const KV = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9, uint64: 10 };

/** Appends little-endian GGUF fields to a list of buffers. */
class GgufBytes {
  parts = [];
  length = 0;
  push(buffer) {
    this.parts.push(buffer);
    this.length += buffer.length;
  }
  u32(value) {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.push(buffer);
  }
  u64(value) {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.push(buffer);
  }
  string(text) {
    const bytes = Buffer.from(text, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  kv(key, type, value) {
    this.string(key);
    this.u32(KV[type]);
    if (type === 'string') this.string(value);
    else if (type === 'uint32') this.u32(value);
    else if (type === 'uint64') this.u64(value);
    else if (type === 'bool') this.push(Buffer.from([value ? 1 : 0]));
    else if (type === 'float32' || type === 'int32') {
      const buffer = Buffer.alloc(4);
      if (type === 'float32') buffer.writeFloatLE(value);
      else buffer.writeInt32LE(value);
      this.push(buffer);
    } else throw new Error(`no scalar kv type ${type}`);
  }
  /** An array of strings or of int32. */
  array(key, itemType, items) {
    this.string(key);
    this.u32(KV.array);
    this.u32(KV[itemType]);
    this.u64(items.length);
    if (itemType === 'string') for (const item of items) this.string(item);
    else if (itemType === 'int32') this.push(Buffer.from(Int32Array.from(items).buffer));
    else throw new Error(`no array type ${itemType}`);
  }
}

/** Llama 3.2 3B's shape (its config.json on the Hugging Face hub). */
export const llama32_3b = { blocks: 28, hidden: 3072, ffn: 8192, heads: 24, kvHeads: 8, vocab: 128256, context: 131072, ropeBase: 500000 };

/**
 * Writes the sparse GGUF to `file`; returns {size, headerBytes, dataStart, tensors, params} (params counted here from
 * the shapes written, the figure a summary must report).
 */
export function writeSparseGguf(file, shape = llama32_3b) {
  const { blocks, hidden, ffn, heads, kvHeads, vocab } = shape;
  const headDim = hidden / heads;
  // ggml order: innermost (input) dimension first.
  const tensors = [{ name: 'token_embd.weight', dims: [hidden, vocab], type: GGML.Q6_K }];
  for (let block = 0; block < blocks; block++) {
    const at = (name, dims, type = GGML.Q4_K) => tensors.push({ name: `blk.${block}.${name}`, dims, type });
    at('attn_norm.weight', [hidden], GGML.F32);
    at('attn_q.weight', [hidden, hidden]);
    at('attn_k.weight', [hidden, kvHeads * headDim]);
    at('attn_v.weight', [hidden, kvHeads * headDim]);
    at('attn_output.weight', [hidden, hidden]);
    at('ffn_norm.weight', [hidden], GGML.F32);
    at('ffn_gate.weight', [hidden, ffn]);
    at('ffn_up.weight', [hidden, ffn]);
    at('ffn_down.weight', [ffn, hidden]);
  }
  tensors.push({ name: 'output_norm.weight', dims: [hidden], type: GGML.F32 });

  const out = new GgufBytes();
  out.push(Buffer.from('GGUF', 'latin1'));
  out.u32(3);
  out.u64(tensors.length);
  const tokens = Array.from({ length: vocab }, (_, index) => (index < 128000 ? `tok${index}` : `<|reserved_special_token_${index - 128000}|>`));
  const kvs = [
    ['general.architecture', 'string', 'llama'],
    ['general.name', 'string', 'Llama 3.2 3B shaped (synthetic, sparse)'],
    ['general.file_type', 'uint32', 15],
    ['general.alignment', 'uint32', 32],
    ['llama.block_count', 'uint32', blocks],
    ['llama.context_length', 'uint32', shape.context],
    ['llama.embedding_length', 'uint32', hidden],
    ['llama.feed_forward_length', 'uint32', ffn],
    ['llama.attention.head_count', 'uint32', heads],
    ['llama.attention.head_count_kv', 'uint32', kvHeads],
    ['llama.rope.freq_base', 'float32', shape.ropeBase],
    ['llama.rope.dimension_count', 'uint32', headDim],
    ['llama.attention.layer_norm_rms_epsilon', 'float32', 1e-5],
    ['llama.vocab_size', 'uint32', vocab],
    ['tokenizer.ggml.model', 'string', 'gpt2'],
    ['tokenizer.ggml.bos_token_id', 'uint32', 128000],
    ['tokenizer.ggml.eos_token_id', 'uint32', 128009],
  ];
  out.u64(kvs.length + 2);
  for (const [key, type, value] of kvs) out.kv(key, type, value);
  out.array('tokenizer.ggml.tokens', 'string', tokens);
  out.array('tokenizer.ggml.token_type', 'int32', tokens.map((_, index) => (index < 128000 ? 1 : 3)));

  let offset = 0;
  let params = 0;
  for (const tensor of tensors) {
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    if (elements % tensor.type.block !== 0) throw new Error(`${tensor.name}: ${elements} elements is not whole blocks`);
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.u64(dim);
    out.u32(tensor.type.id);
    out.u64(offset);
    offset += Math.ceil((elements / tensor.type.block) * tensor.type.bytes / 32) * 32;
    params += elements;
  }
  const headerBytes = out.length;
  const dataStart = Math.ceil(headerBytes / 32) * 32;
  const size = dataStart + offset;
  writeFileSync(file, Buffer.concat(out.parts));
  const fd = openSync(file, 'r+');
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
  return { file, size, headerBytes, dataStart, tensors: tensors.length, params };
}

/** A 2B Llama: 24 layers, hidden 2560, FFN 6912, vocabulary 32000 (about 4.1 GB in bf16). */
export const llama2b = { layers: 24, hidden: 2560, ffn: 6912, heads: 20, kvHeads: 20, vocab: 32000, context: 4096 };

/**
 * Writes a sharded Hugging Face folder into `dir`: config.json, model.safetensors.index.json and `shards` sparse bf16
 * shards. Returns {index, files, size (all shards), params, tensors}.
 */
export function writeShardedSafetensors(dir, shape = llama2b, shards = 4) {
  const { layers, hidden, ffn, vocab } = shape;
  mkdirSync(dir, { recursive: true });
  const tensors = [{ name: 'model.embed_tokens.weight', shape: [vocab, hidden] }];
  for (let layer = 0; layer < layers; layer++) {
    const at = (name, dims) => tensors.push({ name: `model.layers.${layer}.${name}`, shape: dims });
    at('input_layernorm.weight', [hidden]);
    for (const proj of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) at(`self_attn.${proj}.weight`, [hidden, hidden]);
    at('post_attention_layernorm.weight', [hidden]);
    at('mlp.gate_proj.weight', [ffn, hidden]);
    at('mlp.up_proj.weight', [ffn, hidden]);
    at('mlp.down_proj.weight', [hidden, ffn]);
  }
  tensors.push({ name: 'model.norm.weight', shape: [hidden] }, { name: 'lm_head.weight', shape: [vocab, hidden] });
  for (const tensor of tensors) tensor.bytes = tensor.shape.reduce((a, b) => a * b, 1) * 2;
  const total = tensors.reduce((sum, tensor) => sum + tensor.bytes, 0);

  // Consecutive tensors per shard, each shard about total / shards bytes, as transformers' save_pretrained splits.
  const groups = Array.from({ length: shards }, () => []);
  let filled = 0;
  for (const tensor of tensors) {
    groups[Math.min(shards - 1, Math.floor(filled / (total / shards)))].push(tensor);
    filled += tensor.bytes;
  }
  const weightMap = {};
  const files = [];
  let size = 0;
  groups.forEach((group, index) => {
    const name = `model-${String(index + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
    const header = { __metadata__: { format: 'pt' } };
    let offset = 0;
    for (const tensor of group) {
      header[tensor.name] = { dtype: 'BF16', shape: tensor.shape, data_offsets: [offset, offset + tensor.bytes] };
      offset += tensor.bytes;
      weightMap[tensor.name] = name;
    }
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (json.length % 8)) % 8);
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(json.length));
    const file = join(dir, name);
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, Buffer.concat([prefix, Buffer.from(json, 'utf8')]));
      ftruncateSync(fd, 8 + json.length + offset);
    } finally {
      closeSync(fd);
    }
    files.push(file);
    size += statSync(file).size;
  });
  const index = join(dir, 'model.safetensors.index.json');
  writeFileSync(index, `${JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2)}\n`);
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify({
    architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: hidden, intermediate_size: ffn, num_hidden_layers: layers,
    num_attention_heads: shape.heads, num_key_value_heads: shape.kvHeads, vocab_size: vocab, max_position_embeddings: shape.context,
    rms_norm_eps: 1e-5, rope_theta: 10000, hidden_act: 'silu', tie_word_embeddings: false, torch_dtype: 'bfloat16',
  }, null, 2)}\n`);
  return { index, files, size, params: total / 2, tensors: tensors.length };
}
