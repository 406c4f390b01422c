// Loads a TF.js layers model (model.json + weight shards) from disk for fine-tuning, without tfjs-node (its
// file:// handler is unavailable with the pure-JS backends): the shards are read here, the topology goes through
// the same checks and fixes as a Keras config, and the weights are loaded by name. Graph models (the TF.js
// converter's output of SavedModels) are inference-only and refused.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { FormatError } from '../../../formats/formatError';
import { buildFromKerasConfig } from './buildFromKerasConfig';
import { kerasConfigForTfjs, UnsupportedLayerError } from './kerasConfigForTfjs';

/** model.json files larger than this are refused: they hold topology, not weights. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** Bytes per element of the dtypes a layers model stores (quantized weights use their quantization dtype). */
const WIDTH: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

type Json = Record<string, unknown>;

/** The TF.js layers model whose model.json is at `path`, with its weights. */
export async function loadTfjsLayersModel(path: string): Promise<tfl.LayersModel> {
  const json = readModelJson(path);
  const topology = json.modelTopology as Json | undefined;
  if (json.format === 'graph-model' || (json.format === undefined && Array.isArray(topology?.node))) {
    throw new FormatError(path, 'this is a TF.js graph model (format "graph-model"): graph models hold a frozen inference graph and cannot be trained; fine-tune the original Keras model (.h5/.keras) or a TF.js layers model instead');
  }
  if (typeof topology !== 'object' || topology === null) throw new FormatError(path, 'not a TF.js layers model: expected a modelTopology object');
  const { specs, data } = readWeights(path, json.weightsManifest);
  let model: tfl.LayersModel;
  try {
    model = await buildFromKerasConfig(kerasConfigForTfjs(topology.model_config ?? topology));
  } catch (error) {
    const cannot = error instanceof UnsupportedLayerError ? 'cannot be fine-tuned' : 'could not be built in TF.js';
    throw new FormatError(path, `modelTopology: the model ${cannot}: ${(error as Error).message}`);
  }
  const tensors = tf.io.decodeWeights(data, specs);
  try {
    // Optimizer state (a checkpoint's) is not carried into fine-tuning, which starts its own optimizer.
    const modelWeights = Object.fromEntries(specs.filter((spec) => spec.group !== 'optimizer').map((spec) => [spec.name, tensors[spec.name]]));
    model.loadWeights(modelWeights, true);
  } catch (error) {
    model.dispose();
    throw new FormatError(path, `the weights do not fit the model: ${(error as Error).message}`);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return model;
}

function readModelJson(path: string): Json {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_JSON_BYTES) throw new Error(`${size} bytes is more than the ${MAX_JSON_BYTES} a topology file can be`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FormatError(path, `cannot read the model.json: ${(error as Error).message}`);
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('expected an object');
    return json as Json;
  } catch (error) {
    throw new FormatError(path, `not valid JSON: ${(error as Error).message}`);
  }
}

/** The manifest's weight specs and its shards' bytes, concatenated in manifest order; each shard must lie beside model.json. */
function readWeights(path: string, manifest: unknown): { specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer } {
  if (manifest === undefined) return { specs: [], data: new ArrayBuffer(0) };
  if (!Array.isArray(manifest)) throw new FormatError(path, 'weightsManifest is not a list of weight groups');
  const folder = dirname(path);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  manifest.forEach((group: unknown, index) => {
    const entry = (group ?? {}) as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(entry.paths) || !Array.isArray(entry.weights)) throw new FormatError(path, `weightsManifest[${index}] needs "paths" and "weights" lists`);
    let bytes = 0;
    for (const shard of entry.paths.map(String)) {
      const file = resolve(folder, decodeURIComponent(shard));
      const inside = relative(folder, file);
      if (inside.startsWith('..') || isAbsolute(inside)) throw new FormatError(path, `weightsManifest[${index}] names shard ${JSON.stringify(shard)} outside the model's folder`);
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch (error) {
        throw new FormatError(path, `weight shard ${JSON.stringify(shard)} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      bytes += content.byteLength;
      buffers.push(content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer);
    }
    const weights = entry.weights as tf.io.WeightsManifestEntry[];
    const expected = expectedBytes(weights);
    if (expected !== undefined && expected !== bytes) {
      throw new FormatError(path, `weightsManifest[${index}]: its shards hold ${bytes} bytes where its ${weights.length} weights need ${expected}`);
    }
    specs.push(...weights);
  });
  return { specs, data: tf.io.concatenateArrayBuffers(buffers) };
}

/** Bytes the weights occupy, or undefined when a dtype's width is unknown here (TF.js then checks). */
function expectedBytes(weights: tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const weight of weights) {
    const dtype = weight.quantization?.dtype ?? weight.dtype;
    const width = WIDTH[dtype];
    if (width === undefined || !Array.isArray(weight.shape)) return undefined;
    total += width * weight.shape.reduce((product, dim) => product * dim, 1);
  }
  return total;
}
