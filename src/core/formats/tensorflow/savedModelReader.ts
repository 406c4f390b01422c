// TensorFlow SavedModel folders: saved_model.pb (MetaGraphDefs: tags, signatures, a GraphDef and its
// function library, the SavedObjectGraph) and variables/variables.index (the checkpoint's names, dtypes,
// shapes and byte ranges; variables.data-* is never read). TF2 models keep the computation in library
// functions that the main graph calls through StatefulPartitionedCall.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Graph, Model, TensorRef, Value } from '../../ir/graph';
import type { OpenOptions } from '../registry';
import { FormatError } from '../formatError';
import { readBundleIndex, type Bundle } from './tensorBundle';
import { buildFunction, buildGraph, inputType, type GraphContext } from './tfGraph';
import { decodeFile } from './tfProto';
import { tfTypes, toNumber, type MetaGraphMsg, type NodeMsg, type SavedModelMsg, type SignatureMsg } from './tfSchema';
import { tfDtype, tfShape } from './tfValues';

/** The files of a SavedModel given its folder or one of its files. */
export function savedModelPaths(path: string): { dir: string; pb: string } {
  const isDir = fs.existsSync(path) && fs.statSync(path).isDirectory();
  const dir = isDir ? path : nodePath.dirname(path);
  const pb = isDir ? nodePath.join(dir, 'saved_model.pb') : path;
  if (pb.toLowerCase().endsWith('.pbtxt') || (isDir && !fs.existsSync(pb) && fs.existsSync(nodePath.join(dir, 'saved_model.pbtxt')))) {
    throw new FormatError(pb, 'text-format SavedModels (saved_model.pbtxt) are not supported yet: save with as_text=False');
  }
  return { dir, pb };
}

/** Parses a SavedModel (folder or saved_model.pb) into the IR. */
export async function readSavedModel(path: string, options: OpenOptions = {}): Promise<Model> {
  const { dir, pb } = savedModelPaths(path);
  const { message, buffer, size } = await decodeFile<SavedModelMsg>(pb, tfTypes().SavedModel, 'TensorFlow SavedModel');
  options.signal?.throwIfAborted();
  const metas = message.metaGraphs ?? [];
  if (metas.length === 0) throw new FormatError(pb, 'no meta graphs: a SavedModel needs field 2 (meta_graphs); this is not a SavedModel or it is empty', { offset: 0 });
  const warnings: string[] = [];
  const meta = metas.find((each) => each.metaInfoDef?.tags?.includes('serve')) ?? metas[0];
  const tagsOf = (each: MetaGraphMsg) => (each.metaInfoDef?.tags ?? []).join(',') || '(none)';
  if (metas.length > 1) warnings.push(`${metas.length} meta graphs (tags ${metas.map(tagsOf).join('; ')}); showing the one tagged ${tagsOf(meta)}`);
  const bundle = await readVariables(dir, warnings);
  const graphDef = meta.graphDef ?? {};
  const library = graphDef.library?.function ?? [];
  const variables = new Map(bundle?.variables.map((variable) => [variable.name, variable]) ?? []);
  const names = objectVariableNames(meta);
  const context: GraphContext = {
    source: { file: pb, buffer },
    functionNames: new Set(library.map((fn) => fn.signature?.name ?? '')),
    variable: (node) => variableOf(node, variables, names),
  };
  const graph = buildGraph('main', graphDef.node ?? [], context);
  const functions = library.map((fn) => buildFunction(fn, context));
  applySignatures(graph, meta.signatureDef ?? {});
  addBundleValues(graph, bundle, names.trainable);
  const info = meta.metaInfoDef ?? {};
  const producer = graphDef.versions?.producer;
  const metadata: Record<string, string> = {
    kind: 'SavedModel',
    tags: tagsOf(meta),
    metaGraphs: String(metas.length),
    schemaVersion: String(toNumber(message.savedModelSchemaVersion)),
    signatures: Object.keys(meta.signatureDef ?? {}).sort().join(', '),
    signatureDefs: JSON.stringify(signatureSummary(meta.signatureDef ?? {})),
  };
  if (bundle) metadata.variables = String(bundle.variables.length);
  if (meta.objectGraphDef) metadata.objectGraphNodes = String(meta.objectGraphDef.nodes?.length ?? 0);
  const versions: Record<string, string | number> = {};
  if (info.tensorflowVersion) versions.tensorflow = info.tensorflowVersion;
  if (producer) versions['tf.graph'] = producer;
  return {
    format: 'tensorflow',
    producer: info.tensorflowVersion ? `TensorFlow ${info.tensorflowVersion}` : undefined,
    versions,
    graph,
    ...(functions.length > 0 ? { functions } : {}),
    metadata,
    path: pb,
    fileBytes: size,
    warnings,
  };
}

async function readVariables(dir: string, warnings: string[]): Promise<Bundle | undefined> {
  const index = nodePath.join(dir, 'variables', 'variables.index');
  if (!fs.existsSync(index)) {
    warnings.push('variables/variables.index is missing: variables are shown without shapes or sizes');
    return undefined;
  }
  const bundle = await readBundleIndex(index);
  for (let shard = 0; shard < bundle.numShards; shard++) {
    const file = `${index.replace(/\.index$/, '')}.data-${String(shard).padStart(5, '0')}-of-${String(bundle.numShards).padStart(5, '0')}`;
    if (!fs.existsSync(file)) warnings.push(`variable shard ${nodePath.basename(file)} is missing`);
  }
  return bundle;
}

/** Checkpoint keys of the SavedObjectGraph's variables (`child/path/.ATTRIBUTES/VARIABLE_VALUE`), by variable name. */
function objectVariableNames(meta: MetaGraphMsg): { byName: Map<string, string>; trainable: Map<string, boolean> } {
  const byName = new Map<string, string>();
  const trainable = new Map<string, boolean>();
  const nodes = meta.objectGraphDef?.nodes ?? [];
  const seen = new Set<number>();
  const walk = (id: number, path: string[]): void => {
    if (seen.has(id) || !nodes[id]) return;
    seen.add(id);
    const node = nodes[id];
    if (node.kind === 'variable' && node.variable) {
      const key = `${path.join('/')}/.ATTRIBUTES/VARIABLE_VALUE`;
      trainable.set(key, node.variable.trainable ?? false);
      // Eager variables need not have unique names ("Variable" twice): an ambiguous name maps to nothing.
      const name = (node.variable.name ?? '').replace(/:0$/, '');
      if (name) byName.set(name, byName.has(name) ? '' : key);
    }
    for (const child of node.children ?? []) walk(child.nodeId ?? 0, [...path, child.localName ?? '']);
  };
  walk(0, []);
  return { byName, trainable };
}

const VARIABLE_OPS = new Set(['VariableV2', 'Variable', 'VarHandleOp']);

/** The checkpoint entry of a variable node: by node name (TF1), shared_name, or the object graph's variable name (TF2). */
function variableOf(node: NodeMsg, variables: Map<string, { ref?: TensorRef }>, names: { byName: Map<string, string> }): TensorRef | undefined {
  if (!VARIABLE_OPS.has(node.op ?? '')) return undefined;
  const shared = node.attr?.shared_name?.s ? Buffer.from(node.attr.shared_name.s).toString('utf8') : '';
  for (const candidate of [node.name ?? '', shared]) {
    if (!candidate) continue;
    const found = variables.get(candidate) ?? variables.get(names.byName.get(candidate) ?? '');
    if (found?.ref) return found.ref;
  }
  return undefined;
}

/** Graph inputs and outputs from the signatures (all but __saved_model_init_op), typed by them. */
function applySignatures(graph: Graph, signatures: Record<string, SignatureMsg>): void {
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const [key, signature] of Object.entries(signatures)) {
    if (key.startsWith('__saved_model')) continue;
    for (const [list, entries] of [[inputs, signature.inputs], [outputs, signature.outputs]] as const) {
      for (const info of Object.values(entries ?? {})) {
        const name = (info.name ?? '').replace(/:0$/, '');
        if (!name || list.includes(name)) continue;
        list.push(name);
        const value: Value = graph.values.get(name) ?? { name };
        const shape = tfShape(info.tensorShape);
        if (!value.type?.shape || value.type.dtype === 'undefined') value.type = { dtype: tfDtype(info.dtype ?? 0), ...(shape ? { shape } : (value.type?.shape ? { shape: value.type.shape } : {})) };
        if (list === inputs && !graph.nodes.some((node) => node.outputs.includes(name))) value.type = inputType(name, value.type);
        graph.values.set(name, value);
      }
    }
  }
  if (inputs.length > 0) graph.inputs = [...new Set([...inputs, ...graph.inputs.filter((name) => !inputs.includes(name))])];
  if (outputs.length > 0) graph.outputs = outputs;
}

/** Checkpoint entries no node took (TF2 variables live behind captures) are still stored tensors of the model. */
function addBundleValues(graph: Graph, bundle: Bundle | undefined, trainable: Map<string, boolean>): void {
  const taken = new Set([...graph.values.values()].map((value) => value.initializer).filter(Boolean));
  for (const variable of bundle?.variables ?? []) {
    const flag = trainable.get(variable.name);
    if (variable.ref && taken.has(variable.ref)) {
      const value = [...graph.values.values()].find((each) => each.initializer === variable.ref);
      if (value && flag !== undefined) value.trainable = flag;
      continue;
    }
    const ref = variable.ref ?? { dtype: variable.dtype, shape: variable.shape ?? [], file: '' };
    const state = ['string', 'resource', 'variant'].includes(variable.dtype);
    graph.values.set(variable.name, {
      name: variable.name,
      type: { dtype: variable.dtype, ...(variable.shape ? { shape: variable.shape } : {}) },
      initializer: ref,
      ...(flag !== undefined ? { trainable: flag } : {}),
      // The object graph and other non-numeric state is stored but is no parameter.
      ...(state ? { buffer: true } : {}),
    });
  }
}

/** Signatures as compact JSON for the Model view: inputs and outputs with tensor name, dtype and shape. */
function signatureSummary(signatures: Record<string, SignatureMsg>): Record<string, unknown> {
  const tensor = (info: { name?: string; dtype?: number; tensorShape?: never }) => ({ name: info.name ?? '', dtype: tfDtype(info.dtype ?? 0), shape: tfShape(info.tensorShape) ?? null });
  return Object.fromEntries(
    Object.entries(signatures).sort(([a], [b]) => a.localeCompare(b)).map(([key, signature]) => [
      key,
      {
        method: signature.methodName ?? '',
        inputs: Object.fromEntries(Object.entries(signature.inputs ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, tensor(v as never)])),
        outputs: Object.fromEntries(Object.entries(signature.outputs ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, tensor(v as never)])),
      },
    ]),
  );
}
