// Frozen GraphDef `.pb` files: one GraphDef at the top level, weights in Const nodes.
import type { Model } from '../../ir/graph';
import type { OpenOptions } from '../registry';
import { FormatError } from '../formatError';
import { buildFunction, buildGraph, type GraphContext } from './tfGraph';
import { decodeFile } from './tfProto';
import { tfTypes, type GraphDefMsg } from './tfSchema';

/** Parses a binary GraphDef into the IR. */
export async function readGraphDef(path: string, options: OpenOptions = {}): Promise<Model> {
  const { message, buffer, size } = await decodeFile<GraphDefMsg>(path, tfTypes().GraphDef, 'TensorFlow GraphDef');
  options.signal?.throwIfAborted();
  const nodes = message.node ?? [];
  if (nodes.length === 0) throw new FormatError(path, 'no nodes: a GraphDef needs field 1 (node); this is not a TensorFlow graph or it is empty', { offset: 0 });
  const library = message.library?.function ?? [];
  const context: GraphContext = { source: { file: path, buffer }, functionNames: new Set(library.map((fn) => fn.signature?.name ?? '')) };
  const graph = buildGraph('main', nodes, context);
  const functions = library.map((fn) => buildFunction(fn, context));
  const producer = message.versions?.producer;
  return {
    format: 'tensorflow',
    producer: producer ? `TensorFlow GraphDef producer ${producer}` : undefined,
    versions: producer ? { 'tf.graph': producer } : undefined,
    graph,
    ...(functions.length > 0 ? { functions } : {}),
    metadata: { kind: 'frozen GraphDef', nodes: String(nodes.length) },
    path,
    fileBytes: size,
    warnings: [],
  };
}
