// GraphProto, NodeProto and FunctionProto walked into the IR. Initializers become values with a
// lazy TensorRef; their bytes are skipped, never read.
import type { Graph, Node, TensorType, Value } from '../../ir/graph';
import { readAttribute, type WalkContext } from './onnxAttribute';
import { Wire } from '../containers/protobufCursor';
import { decodeAt, decodeStringEntry, decodeValueInfo, type OnnxValueInfo } from './onnxMessages';
import { readSparseTensor, readTensor, type OnnxTensor } from './onnxTensor';

const MAX_DEPTH = 64;

/** The parts of a GraphProto or FunctionProto before they are joined into a Graph. */
interface GraphParts {
  name: string;
  nodes: Node[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
}

/** Reads a GraphProto occupying [cursor.pos, end); node ids start with `idPrefix`. */
export function readGraph(context: WalkContext, end: number, idPrefix: string): Graph {
  const { cursor } = context;
  if (context.depth >= MAX_DEPTH) throw cursor.error(cursor.pos, `subgraphs nested deeper than ${MAX_DEPTH} levels`);
  context.depth++;
  const parts: GraphParts = { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] };
  while (cursor.pos < end) {
    const tag = cursor.tag(end, 'GraphProto');
    if (tag.wire !== Wire.Bytes) {
      cursor.skip(tag, end, 'GraphProto');
      continue;
    }
    const payloadEnd = cursor.length(end, `GraphProto field ${tag.field}`);
    switch (tag.field) {
      case 1:
        parts.nodes.push(readNode(context, payloadEnd, `${idPrefix}n${parts.nodes.length}`));
        if ((parts.nodes.length & 1023) === 0) context.signal?.throwIfAborted();
        break;
      case 2:
        parts.name = cursor.string(payloadEnd, 'GraphProto.name');
        break;
      case 5:
        parts.initializers.push(readTensor(context, payloadEnd));
        break;
      case 15:
        parts.initializers.push(readSparseTensor(context, payloadEnd));
        break;
      case 11:
      case 12:
      case 13: {
        const info = valueInfo(context, payloadEnd, tag.at);
        (tag.field === 11 ? parts.inputs : tag.field === 12 ? parts.outputs : parts.valueInfo).push(info);
        break;
      }
      default:
        cursor.pos = payloadEnd;
    }
  }
  context.depth--;
  return joinGraph(parts);
}

/** Reads a NodeProto. Its scope comes from the exporter's hierarchical name (`/layer1/0/conv1/Conv`). */
function readNode(context: WalkContext, end: number, id: string): Node {
  const { cursor } = context;
  const node: Node = { id, op: '', name: '', scope: [], attrs: {}, inputs: [], outputs: [] };
  let domain = '';
  while (cursor.pos < end) {
    const tag = cursor.tag(end, 'NodeProto');
    if (tag.wire !== Wire.Bytes) {
      cursor.skip(tag, end, 'NodeProto');
      continue;
    }
    const payloadEnd = cursor.length(end, `NodeProto field ${tag.field}`);
    switch (tag.field) {
      case 1:
        node.inputs.push(cursor.string(payloadEnd, 'NodeProto.input'));
        break;
      case 2:
        node.outputs.push(cursor.string(payloadEnd, 'NodeProto.output'));
        break;
      case 3:
        node.name = cursor.string(payloadEnd, 'NodeProto.name');
        break;
      case 4:
        node.op = cursor.string(payloadEnd, 'NodeProto.op_type');
        break;
      case 7:
        domain = cursor.string(payloadEnd, 'NodeProto.domain');
        break;
      case 5: {
        const attribute = readAttribute(context, payloadEnd, `${id}.`);
        node.attrs[attribute.name] = attribute.value;
        if (Object.keys(attribute.graphs).length > 0) node.subgraphs = { ...node.subgraphs, ...attribute.graphs };
        break;
      }
      default:
        cursor.pos = payloadEnd;
    }
  }
  if (node.op === '') throw cursor.error(end, `node '${node.name}' has no op_type`);
  if (domain !== '' && domain !== 'ai.onnx') node.domain = domain;
  node.scope = context.scopes.scopeOf(node.name);
  // Unnamed nodes (common in older exporters) are shown by their first output.
  if (node.name === '') node.name = node.outputs.find((output) => output !== '') ?? `${node.op}_${id}`;
  return node;
}

/** Reads a FunctionProto (a model-local function) as a graph named `domain::name`; its attribute parameters are not kept. */
export function readFunction(context: WalkContext, end: number, index: number): Graph {
  const { cursor } = context;
  const parts: GraphParts = { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] };
  let domain = '';
  while (cursor.pos < end) {
    const tag = cursor.tag(end, 'FunctionProto');
    if (tag.wire !== Wire.Bytes) {
      cursor.skip(tag, end, 'FunctionProto');
      continue;
    }
    const payloadEnd = cursor.length(end, `FunctionProto field ${tag.field}`);
    const text = (what: string): string => cursor.string(payloadEnd, `FunctionProto.${what}`);
    switch (tag.field) {
      case 1:
        parts.name = text('name');
        break;
      case 4:
        parts.inputs.push({ name: text('input') });
        break;
      case 5:
        parts.outputs.push({ name: text('output') });
        break;
      case 7:
        parts.nodes.push(readNode(context, payloadEnd, `f${index}.n${parts.nodes.length}`));
        break;
      case 10:
        domain = text('domain');
        break;
      case 12:
        parts.valueInfo.push(valueInfo(context, payloadEnd, tag.at));
        break;
      default:
        cursor.pos = payloadEnd;
    }
  }
  // Named the way nodes call it (ruleKey: `domain::op`), so a call finds its body.
  if (domain) parts.name = `${domain}::${parts.name}`;
  return joinGraph(parts);
}

/** Key/value entries of metadata_props. */
export function readStringEntry(context: WalkContext, end: number, at: number): { key: string; value: string } {
  return decodeAt(context.cursor, end, at, 'StringStringEntryProto', decodeStringEntry);
}

function valueInfo(context: WalkContext, end: number, at: number): OnnxValueInfo {
  return decodeAt(context.cursor, end, at, 'ValueInfoProto', decodeValueInfo);
}

/**
 * Joins the parts into a Graph: every initializer, declared value and node output gets a Value.
 * Inputs that are initializers (listed as inputs by IR v3 exporters) are not graph inputs.
 */
function joinGraph(parts: GraphParts): Graph {
  const values = new Map<string, Value>();
  for (const tensor of parts.initializers) {
    values.set(tensor.name, { name: tensor.name, type: { dtype: tensor.ref.dtype, shape: [...tensor.ref.shape] }, initializer: tensor.ref });
  }
  const declare = (info: OnnxValueInfo): void => {
    const existing = values.get(info.name);
    if (!existing) values.set(info.name, info.type ? { name: info.name, type: info.type } : { name: info.name });
    else if (!existing.initializer && info.type) existing.type = mergeType(existing.type, info.type);
  };
  [...parts.inputs, ...parts.outputs, ...parts.valueInfo].forEach(declare);
  for (const node of parts.nodes) {
    for (const output of node.outputs) if (output !== '' && !values.has(output)) values.set(output, { name: output });
  }
  return {
    name: parts.name,
    nodes: parts.nodes,
    values,
    inputs: parts.inputs.map((input) => input.name).filter((name) => !values.get(name)?.initializer),
    outputs: parts.outputs.map((output) => output.name),
  };
}

/** A later declaration refines an earlier one only where the earlier had no shape. */
function mergeType(earlier: TensorType | undefined, later: TensorType): TensorType {
  if (!earlier) return later;
  return earlier.shape ? earlier : { ...earlier, ...later };
}
