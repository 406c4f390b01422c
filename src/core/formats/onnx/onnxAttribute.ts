// AttributeProto walked field by field: scalars and lists are decoded, tensors stay lazy and
// GRAPH/GRAPHS bodies (If, Loop, Scan) recurse into the graph walker.
import type { ScopeCache } from '../../ir/scope';
import type { AttrValue, Graph } from '../../ir/graph';
import { Wire } from '../containers/protobufCursor';
import { readSparseTensor, readTensor, type TensorContext } from './onnxTensor';

/** Tensor context plus the graph walker, passed in to keep attribute and graph modules acyclic. */
export interface WalkContext extends TensorContext {
  signal?: AbortSignal;
  /** Current subgraph nesting; bounded so a malicious file cannot exhaust the stack. */
  depth: number;
  /** Node scopes from their names, one array per module. */
  scopes: ScopeCache;
  readGraph(context: WalkContext, end: number, idPrefix: string): Graph;
}

/** A decoded attribute; `graphs` lists its subgraph bodies under their names. */
export interface OnnxAttribute {
  name: string;
  value: AttrValue;
  graphs: Record<string, Graph>;
}

// AttributeProto.AttributeType values.
const TYPE_FIELD: Record<number, string> = {
  1: 'f', 2: 'i', 3: 's', 4: 't', 5: 'g', 6: 'floats', 7: 'ints', 8: 'strings', 9: 'tensors', 10: 'graphs',
  11: 'sparse_tensor', 12: 'sparse_tensors', 13: 'tp', 14: 'type_protos',
};

/** Reads one AttributeProto occupying [cursor.pos, end); `idPrefix` names the node owning subgraphs. */
export function readAttribute(context: WalkContext, end: number, idPrefix: string): OnnxAttribute {
  const { cursor } = context;
  let name = '';
  let type = 0;
  let refAttrName: string | undefined;
  const found: Record<string, AttrValue> = {};
  const list = (key: string): AttrValue[] => (found[key] ??= []) as AttrValue[];
  const graphs: Record<string, Graph> = {};
  const subgraph = (payloadEnd: number, key: string): Graph => {
    const graph = context.readGraph(context, payloadEnd, `${idPrefix}${name || key}.`);
    graphs[key] = graph;
    return graph;
  };
  while (cursor.pos < end) {
    const tag = cursor.tag(end, 'AttributeProto');
    const where = `AttributeProto '${name}' field ${tag.field}`;
    switch (tag.wire === Wire.Bytes ? tag.field : tag.wire === Wire.Varint ? -tag.field : 0) {
      case 1:
        name = cursor.string(cursor.length(end, 'AttributeProto.name'), 'AttributeProto.name');
        break;
      case 21:
        refAttrName = cursor.string(cursor.length(end, 'AttributeProto.ref_attr_name'), 'AttributeProto.ref_attr_name');
        break;
      case -20:
        type = cursor.varint32(end, 'AttributeProto.type');
        break;
      case -3:
        found.i = cursor.int64(end, where);
        break;
      case 4:
        found.s = cursor.string(cursor.length(end, where), where);
        break;
      case 5:
        found.t = readTensor(context, cursor.length(end, where)).ref;
        break;
      case 6:
        found.g = { graph: subgraph(cursor.length(end, where), name) };
        break;
      case 7: {
        const payloadEnd = cursor.length(end, where);
        const floats = list('floats');
        while (cursor.pos < payloadEnd) floats.push(cursor.float(payloadEnd, where));
        break;
      }
      case -8:
        list('ints').push(cursor.int64(end, where));
        break;
      case 8: {
        const payloadEnd = cursor.length(end, where);
        const ints = list('ints');
        while (cursor.pos < payloadEnd) ints.push(cursor.int64(payloadEnd, where));
        break;
      }
      case 9:
        list('strings').push(cursor.string(cursor.length(end, where), where));
        break;
      case 10:
        list('tensors').push(readTensor(context, cursor.length(end, where)).ref);
        break;
      case 11: {
        const graphList = (found.graphs ??= { graphs: [] }) as { graphs: Graph[] };
        graphList.graphs.push(subgraph(cursor.length(end, where), `${name}.${graphList.graphs.length}`));
        break;
      }
      case 22:
        found.sparse_tensor = readSparseTensor(context, cursor.length(end, where)).ref;
        break;
      case 23:
        list('sparse_tensors').push(readSparseTensor(context, cursor.length(end, where)).ref);
        break;
      default:
        if (tag.field === 2 && tag.wire === Wire.Fixed32) found.f = cursor.float(end, where);
        else if (tag.field === 7 && tag.wire === Wire.Fixed32) list('floats').push(cursor.float(end, where));
        else if (tag.field === 14 || tag.field === 15) {
          // TypeProto attributes are rare (Optional, SequenceEmpty); record that one exists.
          cursor.skip(tag, end, 'AttributeProto');
          if (tag.field === 14) found.tp = 'TypeProto';
          else list('type_protos').push('TypeProto');
        } else cursor.skip(tag, end, 'AttributeProto');
    }
  }
  if (refAttrName !== undefined) return { name, value: { ref: refAttrName }, graphs };
  return { name, value: pick(found, type), graphs };
}

/** The value the attribute's type names; files before IR v2 have no type, so take the field present. */
function pick(found: Record<string, AttrValue>, type: number): AttrValue {
  const key = TYPE_FIELD[type];
  if (key !== undefined) return found[key] ?? emptyOf(key);
  for (const candidate of ['f', 'i', 's', 't', 'g', 'sparse_tensor', 'tp', 'floats', 'ints', 'strings', 'tensors', 'graphs', 'sparse_tensors', 'type_protos']) {
    if (found[candidate] !== undefined) return found[candidate];
  }
  return null;
}

function emptyOf(key: string): AttrValue {
  if (key === 'graphs') return { graphs: [] };
  return ['floats', 'ints', 'strings', 'tensors', 'sparse_tensors', 'type_protos'].includes(key) ? [] : null;
}

