// Caffe models: a `.prototxt` net definition and the `.caffemodel` beside it (the same name), or
// a `.caffemodel` alone. The prototxt gives the deploy structure and input shapes; the caffemodel
// gives blob shapes and where their values lie (never read).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Model } from '../../ir/graph';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { decodeCaffemodel } from './caffeBinary';
import { caffeGraph } from './caffeGraph';
import { caffeNet, type CaffeBlob, type CaffeNet } from './caffeNet';
import { parseProtoText, ProtoTextError, type ProtoMessage } from './protoText';

/** Net definitions larger than this are refused: a prototxt holds structure, not weights. */
const MAX_PROTOTXT_BYTES = 64 * 1024 * 1024;

/** True when `head` is not text: a caffemodel rather than a prototxt. */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, 512).some((byte) => byte < 9);
}

/** Parses a Caffe prototxt or caffemodel (with its companion when one lies beside it) into the IR. */
export async function readCaffe(path: string, options: OpenOptions = {}): Promise<Model> {
  const { binary, size } = await ModelFile.with(path, (file) => ({ binary: looksBinary(file.head(512)) || nodePath.extname(path).toLowerCase() === '.caffemodel', size: file.size }));
  const warnings: string[] = [];
  const metadata: Record<string, string> = {};
  let structure: CaffeNet | undefined;
  let weightsPath: string | undefined;
  if (binary) weightsPath = path;
  else {
    structure = readPrototxt(path, warnings, true);
    weightsPath = companion(path, ['.caffemodel']);
    if (weightsPath) metadata.caffemodel = weightsPath;
    else warnings.push('no .caffemodel beside the prototxt: layers and shapes only, no weights');
  }
  options.signal?.throwIfAborted();
  const decoded = weightsPath ? await ModelFile.with(weightsPath, decodeCaffemodel) : undefined;
  const weights = decoded ? caffeNet(decoded, { allPhases: true }) : undefined;
  if (binary) {
    const prototxt = companion(path, ['.prototxt'], 'deploy.prototxt');
    structure = prototxt ? readPrototxt(prototxt, warnings) : undefined;
    if (structure) metadata.prototxt = prototxt!;
    structure ??= caffeNet(decoded!);
  }
  options.signal?.throwIfAborted();
  const blobs = weights ? blobsByLayer(weights) : new Map<string, CaffeBlob[]>();
  const claimed = new Set<string>();
  const graph = caffeGraph(structure!, (name) => {
    claimed.add(name);
    return blobs.get(name);
  }, weightsPath, warnings);
  const unclaimed = [...blobs.keys()].filter((name) => !claimed.has(name));
  if (unclaimed.length > 0) {
    warnings.push(`${unclaimed.length} caffemodel layer(s) with weights are not in the net: ${unclaimed.slice(0, 5).join(', ')}${unclaimed.length > 5 ? ', ...' : ''}`);
  }
  const net = structure!;
  if (net.name) metadata.name = net.name;
  metadata.layerFormat = net.layerFormat;
  metadata.layers = String(net.layers.length);
  if (net.skipped.length > 0) metadata.skippedLayers = net.skipped.join(', ');
  return { format: 'caffe', graph, metadata, path, fileBytes: size, warnings };
}

/** Every layer's blobs by name (all phases: a TRAIN-only layer's weights still name the layer). */
function blobsByLayer(net: CaffeNet): Map<string, CaffeBlob[]> {
  const byName = new Map<string, CaffeBlob[]>();
  for (const layer of net.layers) if (layer.blobs.length > 0 && !byName.has(layer.name)) byName.set(layer.name, layer.blobs);
  return byName;
}

/** Reads and normalizes a prototxt; a companion that fails to parse is a warning, the opened file an error. */
function readPrototxt(path: string, warnings: string[], required = false): CaffeNet | undefined {
  try {
    const size = fs.statSync(path).size;
    if (size > MAX_PROTOTXT_BYTES) throw new FormatError(path, `prototxt is ${size} bytes, more than the ${MAX_PROTOTXT_BYTES} a net definition can be`);
    const text = fs.readFileSync(path, 'utf8');
    let parsed: ProtoMessage;
    try {
      parsed = parseProtoText(text);
    } catch (error) {
      if (error instanceof ProtoTextError) throw new FormatError(path, `not valid protobuf text format: ${error.message}`, { offset: Buffer.byteLength(text.slice(0, error.offset)) });
      throw error;
    }
    if (!parsed.layer && !parsed.layers && !parsed.input) {
      const solver = parsed.net || parsed.train_net || parsed.net_param || parsed.base_lr;
      throw new FormatError(path, solver ? 'a Caffe solver definition, not a network (open the net prototxt it names)' : 'not a Caffe net: expected layer, layers or input fields', { offset: 0 });
    }
    return caffeNet(parsed);
  } catch (error) {
    if (required || !(error instanceof FormatError)) throw error;
    warnings.push(`companion ${nodePath.basename(path)} ignored: ${error.message}`);
    return undefined;
  }
}

/**
 * The file beside `path` with the same stem and one of `extensions`; else `fallback` (the model zoo's
 * deploy.prototxt) when given, or the only such file in the folder.
 */
function companion(path: string, extensions: string[], fallback?: string): string | undefined {
  const folder = nodePath.dirname(path);
  const stem = nodePath.basename(path, nodePath.extname(path));
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return undefined;
  }
  const matching = names.filter((name) => extensions.includes(nodePath.extname(name).toLowerCase()));
  const same = matching.find((name) => nodePath.basename(name, nodePath.extname(name)) === stem);
  const chosen = same ?? (fallback !== undefined ? matching.find((name) => name.toLowerCase() === fallback) : matching.length === 1 ? matching[0] : undefined);
  if (!chosen) return undefined;
  const full = nodePath.join(folder, chosen);
  try {
    return fs.statSync(full).isFile() ? full : undefined;
  } catch {
    return undefined;
  }
}
