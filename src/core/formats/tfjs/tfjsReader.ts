// TF.js model.json files: layers models (modelTopology is a Keras config, read by the shared
// Keras code) and graph models (a GraphDef in JSON), with weights from the weightsManifest
// shards. A missing shard is a warning; the topology is still shown.
import type { Graph, Model } from '../../ir/graph';
import { FormatError } from '../formatError';
import { kerasGraph } from '../keras/kerasGraph';
import { asRecord, parseModelConfig } from '../keras/kerasLayers';
import { NamedKerasWeights, type NamedWeight } from '../keras/kerasWeights';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { tfjsGraph } from './tfjsGraphModel';
import { readWeightsManifest, type TfjsWeight } from './tfjsWeights';

/** model.json files larger than this are refused: they hold topology, not weights. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

/** Parses a TF.js model.json into the IR. */
export async function readTfjs(path: string, options: OpenOptions = {}): Promise<Model> {
  const { text, size } = await ModelFile.with(path, async (file) => {
    if (file.size > MAX_JSON_BYTES) throw new FormatError(path, `model.json is ${file.size} bytes, more than the ${MAX_JSON_BYTES} a topology file can be`);
    return { text: (await file.read(0, file.size, 'model.json')).toString('utf8'), size: file.size };
  });
  let json: Record<string, unknown>;
  try {
    json = asRecord(JSON.parse(text));
  } catch (error) {
    throw new FormatError(path, `not valid JSON: ${(error as Error).message}`);
  }
  const topology = asRecord(json.modelTopology);
  if (!json.modelTopology) throw new FormatError(path, 'not a TF.js model: expected a modelTopology object (and a weightsManifest)');
  options.signal?.throwIfAborted();
  const warnings: string[] = [];
  const weights = await readWeightsManifest(path, json.weightsManifest, warnings);
  const isGraph = json.format === 'graph-model' || (json.format === undefined && Array.isArray(topology.node));
  const metadata: Record<string, string> = { kind: isGraph ? 'graph model' : 'layers model' };
  for (const key of ['format', 'generatedBy', 'convertedBy'] as const) if (typeof json[key] === 'string') metadata[key] = json[key] as string;
  const versions: Record<string, string | number> = {};
  let graph: Graph;
  let functions: Graph[] | undefined;
  if (isGraph) {
    const built = tfjsGraph(topology, weights, asRecord(json.signature ?? asRecord(json.userDefinedMetadata).signature));
    graph = built.graph;
    functions = built.functions.length > 0 ? built.functions : undefined;
    const producer = asRecord(topology.versions).producer;
    if (producer !== undefined) versions['tf.graph'] = Number(producer);
  } else {
    const modelConfig = topology.model_config ?? topology;
    let config;
    try {
      config = parseModelConfig(modelConfig);
    } catch (error) {
      throw new FormatError(path, `modelTopology: ${(error as Error).message}`);
    }
    metadata.layers = String(config.layers.length);
    const kerasVersion = topology.keras_version ?? asRecord(modelConfig).keras_version;
    if (typeof kerasVersion === 'string') versions.keras = kerasVersion;
    if (typeof topology.backend === 'string') metadata.backend = topology.backend;
    graph = kerasGraph(config, new NamedKerasWeights(groupByLayer(weights)));
  }
  return {
    format: 'tfjs',
    producer: typeof json.convertedBy === 'string' ? json.convertedBy : typeof json.generatedBy === 'string' ? json.generatedBy : undefined,
    versions: Object.keys(versions).length > 0 ? versions : undefined,
    graph,
    functions,
    metadata,
    path,
    fileBytes: size,
    warnings,
  };
}

/** Layers-model weight names start with their layer's name (`dense_Dense1/kernel`). */
function groupByLayer(weights: TfjsWeight[]): Map<string, NamedWeight[]> {
  const groups = new Map<string, NamedWeight[]>();
  for (const weight of weights) {
    const layer = weight.name.split('/')[0];
    const group = groups.get(layer) ?? [];
    group.push({ name: weight.name, ref: weight.ref });
    groups.set(layer, group);
  }
  return groups;
}

