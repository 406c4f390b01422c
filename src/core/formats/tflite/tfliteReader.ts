// TFLite flatbuffer files (schema.fbs, file identifier TFL3): the main subgraph as the graph,
// control-flow bodies (IF, WHILE, CALL_ONCE) attached to the node that runs them, other subgraphs
// as functions, signatures and metadata entries in the model metadata. Only the pages holding
// tables, shapes and names are read; weights are located, never read.
import type { Graph, Model } from '../../ir/graph';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { FlatTable, ReadBudget } from '../containers/flatTable';
import { PagedByteBuffer } from '../containers/pagedByteBuffer';
import { buildSubgraph, type BuiltSubgraph, type OpCode } from './tfliteGraph';
import { builtinCode, builtinName, CUSTOM_CODE } from './tfliteSchema';
import type { TensorContext } from './tfliteTensors';

/** Metadata buffers read to show their text (min_runtime_version is 16 bytes). */
const MAX_TEXT_METADATA = 256;

/** Parses a .tflite file into the IR. */
export async function readTflite(path: string, options: OpenOptions = {}): Promise<Model> {
  return ModelFile.with(path, (file) => parse(file, options));
}

function parse(file: ModelFile, options: OpenOptions): Model {
  if (file.size < 8) throw new FormatError(file.path, `a ${file.size}-byte file is too short for a TFLite flatbuffer (root offset and file identifier)`, { offset: 0 });
  const bytes = new PagedByteBuffer(file);
  const budget = new ReadBudget(bytes);
  const warnings: string[] = [];
  const identifier = String.fromCharCode(...bytes.bytesAt(4, 4, 'file identifier'));
  if (identifier !== 'TFL3') warnings.push(`file identifier is '${identifier.replace(/[^\x20-\x7e]/g, '?')}', not TFL3: read as a TFLite model anyway`);
  const root = new FlatTable(budget, bytes.readUint32(0), 'model');
  bytes.check(root.pos, 4, 'model table');
  const opCodes = root.tables(1, (i) => `operator code ${i}`).map(readOpCode);
  const context: TensorContext = { path: file.path, fileBytes: file.size, buffer: (index) => root.tableAt(4, index, `buffer ${index}`), warnings };
  const subgraphTables = root.tables(2, (i) => `subgraph ${i}`);
  if (subgraphTables.length === 0) throw new FormatError(file.path, 'the model has no subgraphs: expected at least the main one', { offset: root.pos });
  const built = subgraphTables.map((table, index) => {
    options.signal?.throwIfAborted();
    return buildSubgraph(table, index, opCodes, context);
  });
  const functions = attachBodies(built, warnings);
  const description = root.string(3);
  const metadata: Record<string, string> = { subgraphs: String(built.length), operator_codes: String(opCodes.length) };
  if (description) metadata.description = description;
  const custom = [...new Set(opCodes.filter((code) => code.custom).map((code) => code.op))];
  if (custom.length > 0) metadata.custom_ops = custom.join(', ');
  Object.assign(metadata, readMetadataEntries(root, bytes), readSignatures(root, built.map((each) => each.graph)));
  return {
    format: 'tflite',
    producer: description || undefined,
    versions: { tflite: root.uint32(0) },
    graph: built[0].graph,
    ...(functions.length > 0 ? { functions } : {}),
    metadata,
    path: file.path,
    fileBytes: file.size,
    warnings,
  };
}

/** OperatorCode: deprecated_builtin_code 0 (byte), custom_code 1, version 2 (default 1), builtin_code 3. */
function readOpCode(table: FlatTable): OpCode {
  const code = builtinCode(table.int8(0), table.int32(3));
  const customCode = table.string(1);
  if (code === CUSTOM_CODE) return { op: customCode || 'CUSTOM', custom: true, version: table.int32(2, 1) };
  return { op: builtinName(code), custom: false, version: table.int32(2, 1) };
}

/**
 * Gives each subgraph a node runs (IF branches, WHILE cond and body) to the first such node reached from the main
 * graph, breadth first, so every body hangs off exactly one node and no body contains itself. Subgraphs no node
 * claims (a signature's own graph, a body of a body already claimed) are returned as functions.
 */
function attachBodies(built: BuiltSubgraph[], warnings: string[]): Graph[] {
  const claimed = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    for (const { node, key, index } of built[queue.shift()!].references) {
      if (index < 0 || index >= built.length) {
        warnings.push(`node ${node.name} (${node.op}) refers to subgraph ${index}, but the model has ${built.length}`);
        continue;
      }
      node.attrs[`${key}_subgraph`] = built[index].graph.name;
      if (claimed.has(index)) continue;
      claimed.add(index);
      queue.push(index);
      (node.subgraphs ??= {})[key] = built[index].graph;
    }
  }
  return built.filter((_, index) => !claimed.has(index)).map((each) => each.graph);
}

/** Metadata entries by name with their byte size; min_runtime_version's text is read (a short NUL-padded string). */
function readMetadataEntries(root: FlatTable, bytes: PagedByteBuffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of root.tables(6, (i) => `metadata ${i}`)) {
    const name = entry.string(0) ?? '';
    const buffer = root.tableAt(4, entry.uint32(1), `metadata ${name} buffer`);
    const data = buffer?.vector(0, 1);
    const size = data?.length || (buffer && buffer.uint64(1) > 1 ? buffer.uint64(2) : 0);
    out[`metadata.${name}`] = `${size} bytes`;
    if (name === 'min_runtime_version' && data && data.length > 0) {
      const raw = bytes.bytesAt(data.start, Math.min(data.length, MAX_TEXT_METADATA), 'min_runtime_version');
      const text = new TextDecoder().decode(raw.subarray(0, raw.indexOf(0) < 0 ? raw.length : raw.indexOf(0)));
      if (/^[\x20-\x7e]*$/.test(text)) out.min_runtime_version = text;
    }
  }
  const legacy = root.length(5, 4);
  if (legacy > 0) out.metadata_buffers = String(legacy);
  return out;
}

/** SignatureDefs: key, subgraph, and the alias -> tensor maps of inputs and outputs. */
function readSignatures(root: FlatTable, graphs: Graph[]): Record<string, string> {
  const out: Record<string, string> = {};
  const keys: string[] = [];
  for (const signature of root.tables(7, (i) => `signature ${i}`)) {
    const key = signature.string(2) ?? `signature_${keys.length}`;
    const index = signature.uint32(4);
    const graph = graphs[index];
    const tensors = (graph ? [...graph.values.keys()] : []);
    const side = (id: number) => signature.tables(id, (i) => `signature ${key} tensor ${i}`).map((map) => `${map.string(0) ?? ''}=${tensors[map.uint32(1)] ?? `#${map.uint32(1)}`}`).join(', ');
    out[`signature.${key}`] = `subgraph ${index} (${graph?.name ?? 'missing'}); inputs ${side(0) || 'none'}; outputs ${side(1) || 'none'}`;
    keys.push(key);
  }
  if (keys.length > 0) out.signatures = keys.join(', ');
  return out;
}
