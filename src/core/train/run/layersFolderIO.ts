// Saves and loads a TF.js layers model as a folder (model.json + weights.bin), the format tf.loadLayersModel
// reads. tfjs-node's file:// handler is not available with the pure-JS backends, so these IOHandlers write the
// files themselves.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** An IOHandler whose save writes `dir`/model.json and `dir`/weights.bin (model.json last, by rename). */
export function folderSaveHandler(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      mkdirSync(dir, { recursive: true });
      const weights = artifacts.weightData === undefined ? new Uint8Array(0) : new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[]));
      writeFileSync(join(dir, WEIGHTS_BIN), weights);
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      const temporary = join(dir, `${MODEL_JSON}.tmp`);
      writeFileSync(temporary, JSON.stringify(json));
      renameSync(temporary, join(dir, MODEL_JSON));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** An IOHandler whose load reads a folder written by folderSaveHandler (or the TF.js converter, one weights file). */
export function folderLoadHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const file = join(dir, MODEL_JSON);
      const json = JSON.parse(readFileSync(file, 'utf8')) as tf.io.ModelJSON;
      const manifest = json.weightsManifest ?? [];
      const buffers = manifest.flatMap((group) => group.paths.map((name) => {
        const bytes = readFileSync(join(dir, name));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      }));
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        trainingConfig: json.trainingConfig,
        weightSpecs: manifest.flatMap((group) => group.weights),
        weightData: tf.io.concatenateArrayBuffers(buffers),
      };
    },
  };
}
