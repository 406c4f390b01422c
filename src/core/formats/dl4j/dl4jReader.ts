// DL4J model zips (ModelSerializer): configuration.json gives the layers and their sizes,
// coefficients.bin the flattened parameters, of which only the ND4J header is read (its length
// is checked against the count the configuration implies). updaterState.bin (or the older
// updater.bin) is noted, never read.
import { constants, inflateRawSync } from 'node:zlib';
import type { Graph, Model, Node, Value } from '../../ir/graph';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { ZipArchive, type ZipEntry } from '../containers/zipArchive';
import { paramCount, parseDl4jConfig, type Dl4jNetwork } from './dl4jConfig';
import { Nd4jHeaderError, parseNd4jHeader, type Nd4jHeader } from './nd4jHeader';

/** Compressed bytes inflated to find the coefficients header (it is well under 1 KiB). */
const HEADER_PREFIX = 16 * 1024;
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** Parses a DL4J model zip into the IR. */
export async function readDl4j(path: string, options: OpenOptions = {}): Promise<Model> {
  return ModelFile.with(path, async (file) => {
    const zip = await ZipArchive.open(file);
    const configEntry = zip.entry('configuration.json');
    if (!configEntry) throw new FormatError(path, 'not a DL4J model: the zip has no configuration.json');
    let network: Dl4jNetwork;
    try {
      network = parseDl4jConfig(JSON.parse(await zip.readText(configEntry, MAX_CONFIG_BYTES)));
    } catch (error) {
      if (error instanceof FormatError) throw error;
      throw new FormatError(path, `configuration.json: ${(error as Error).message}`, { entry: 'configuration.json' });
    }
    options.signal?.throwIfAborted();
    const warnings: string[] = [];
    const metadata: Record<string, string> = { kind: network.kind, layers: String(network.layers.length) };
    const coefficients = zip.entry('coefficients.bin');
    let header: Nd4jHeader | undefined;
    let dataOffset: number | undefined;
    if (coefficients) {
      header = await readHeader(zip, coefficients, path);
      metadata.coefficients = `${header.length} ${header.typeName} values`;
      if (header.width > 0 && coefficients.size < header.headerBytes + header.length * header.width) {
        warnings.push(`coefficients.bin holds ${coefficients.size} bytes, fewer than its header's ${header.length} ${header.typeName} values need (truncated?)`);
      } else if (coefficients.method === 0) dataOffset = (await zip.dataOffset(coefficients)) + header.headerBytes;
    } else warnings.push('no coefficients.bin: the configuration only, no weights');
    const updater = zip.entry('updaterState.bin') ?? zip.entry('updater.bin');
    if (updater) metadata.updaterState = `${updater.name} (${updater.size} bytes, not read)`;
    const unknown = network.layers.filter((layer) => layer.params === undefined);
    const expected = unknown.length === 0 ? network.layers.reduce((sum, layer) => sum + paramCount(layer)!, 0) : undefined;
    if (unknown.length > 0) warnings.push(`parameters of ${[...new Set(unknown.map((layer) => layer.type))].join(', ')} layers are not known here: the count is not checked against coefficients.bin`);
    if (expected !== undefined) metadata.configParams = String(expected);
    if (header && expected !== undefined && expected !== header.length) {
      warnings.push(`the configuration implies ${expected} parameters but coefficients.bin holds ${header.length}`);
    }
    const graph = buildGraph(network, path, header, dataOffset !== undefined && expected === header?.length ? dataOffset : undefined);
    return { format: 'dl4j', graph, metadata, path, fileBytes: file.size, warnings };
  });
}

/** Inflates only the start of coefficients.bin and parses its header. */
async function readHeader(zip: ZipArchive, entry: ZipEntry, path: string): Promise<Nd4jHeader> {
  const where = { entry: entry.name };
  const start = await zip.dataOffset(entry);
  const prefix = await zip.file.read(start, Math.min(entry.compressedSize, HEADER_PREFIX), `start of ${entry.name}`);
  let bytes: Buffer;
  if (entry.method === 0) bytes = prefix;
  else if (entry.method === 8) {
    try {
      bytes = inflateRawSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 64 * 1024 * 1024 });
    } catch (error) {
      throw new FormatError(path, `corrupt deflate data: ${(error as Error).message}`, where);
    }
  } else throw new FormatError(path, `unsupported zip compression method ${entry.method} (expected 0 stored or 8 deflate)`, where);
  try {
    return parseNd4jHeader(bytes.subarray(0, Math.min(bytes.length, entry.size)));
  } catch (error) {
    if (error instanceof Nd4jHeaderError) throw new FormatError(path, `coefficients.bin byte ${error.offset}: ${error.message}`, where);
    throw error;
  }
}

function buildGraph(network: Dl4jNetwork, path: string, header: Nd4jHeader | undefined, dataOffset: number | undefined): Graph {
  const values = new Map<string, Value>();
  const nodes: Node[] = [];
  const dtype = header?.dtype ?? 'float32';
  const width = header?.width ?? 4;
  let cursor = 0;
  for (const input of network.inputs) {
    const first = network.layers.find((layer) => layer.inputs.includes(input));
    const nIn = first ? (first.config.nIn ?? first.config.nin) : undefined;
    const flat = first && ['DenseLayer', 'OutputLayer', 'AutoEncoder'].includes(first.type) && typeof nIn === 'number';
    values.set(input, { name: input, type: { dtype, ...(flat ? { shape: ['batch', nIn as number] } : {}) } });
  }
  for (const layer of network.layers) {
    const weights = (layer.params ?? []).map((param) => {
      const name = `${layer.name}/${param.name}`;
      const elements = param.shape.reduce((a, b) => a * b, 1);
      const ref = { dtype, shape: param.shape, file: path, ...(dataOffset !== undefined ? { offset: dataOffset + cursor * width, byteLength: elements * width } : {}) };
      cursor += elements;
      values.set(name, { name, type: { dtype, shape: param.shape }, initializer: ref, ...(['mean', 'var'].includes(param.name) && layer.type === 'BatchNormalization' ? { trainable: false } : {}) });
      return name;
    });
    for (const input of layer.inputs) if (!values.has(input)) values.set(input, { name: input });
    values.set(layer.name, { name: layer.name });
    const attrs: Node['attrs'] = {};
    for (const [key, value] of Object.entries(layer.config)) {
      if (['nIn', 'nin', 'nOut', 'nout', 'kernelSize', 'stride', 'padding', 'dilation', 'convolutionMode', 'poolingType', 'hasBias', 'lockGammaBeta', 'dropOut', 'lossFunction', 'weightInit'].includes(key) && value !== null) attrs[key] = value as Node['attrs'][string];
    }
    if (layer.activation) attrs.activation = layer.activation;
    nodes.push({ id: `d${nodes.length}`, op: layer.type, domain: 'dl4j', name: layer.name, scope: [], attrs, inputs: [...layer.inputs, ...weights], outputs: [layer.name] });
  }
  return { name: network.kind, nodes, values, inputs: network.inputs, outputs: network.outputs };
}
