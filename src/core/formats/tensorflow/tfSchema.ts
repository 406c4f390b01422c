// The subset of TensorFlow's protos the SavedModel and GraphDef readers decode, as a protobufjs JSON
// descriptor written for Tensorsight. Field numbers are those of tensorflow/core/framework/{graph,node_def,
// attr_value,tensor,tensor_shape,versions,function,op_def}.proto and tensorflow/core/protobuf/{saved_model,
// meta_graph,saved_object_graph,tensor_bundle}.proto; names are camelCase. Enums are read as int32.
import * as protobuf from 'protobufjs/light';

type Field = { type: string; id: number; rule?: 'repeated'; keyType?: string };
type Message = { fields: Record<string, Field>; oneofs?: Record<string, { oneof: string[] }> };

const f = (type: string, id: number, rule?: 'repeated'): Field => (rule ? { type, id, rule } : { type, id });
const map = (type: string, id: number, keyType = 'string'): Field => ({ type, id, keyType });

const messages: Record<string, Message> = {
  TensorShapeProto: { fields: { dim: f('Dim', 2, 'repeated'), unknownRank: f('bool', 3) } },
  Dim: { fields: { size: f('int64', 1), name: f('string', 2) } },
  TensorProto: {
    fields: {
      dtype: f('int32', 1), tensorShape: f('TensorShapeProto', 2), versionNumber: f('int32', 3), tensorContent: f('bytes', 4),
      floatVal: f('float', 5, 'repeated'), doubleVal: f('double', 6, 'repeated'), intVal: f('int32', 7, 'repeated'),
      stringVal: f('bytes', 8, 'repeated'), int64Val: f('int64', 10, 'repeated'), boolVal: f('bool', 11, 'repeated'),
      halfVal: f('int32', 13, 'repeated'), uint32Val: f('uint32', 16, 'repeated'), uint64Val: f('uint64', 17, 'repeated'),
    },
  },
  ListValue: {
    fields: {
      s: f('bytes', 2, 'repeated'), i: f('int64', 3, 'repeated'), f: f('float', 4, 'repeated'), b: f('bool', 5, 'repeated'),
      type: f('int32', 6, 'repeated'), shape: f('TensorShapeProto', 7, 'repeated'), tensor: f('TensorProto', 8, 'repeated'),
      func: f('NameAttrList', 9, 'repeated'),
    },
  },
  AttrValue: {
    oneofs: { value: { oneof: ['list', 's', 'i', 'f', 'b', 'type', 'shape', 'tensor', 'placeholder', 'func'] } },
    fields: {
      list: f('ListValue', 1), s: f('bytes', 2), i: f('int64', 3), f: f('float', 4), b: f('bool', 5), type: f('int32', 6),
      shape: f('TensorShapeProto', 7), tensor: f('TensorProto', 8), placeholder: f('string', 9), func: f('NameAttrList', 10),
    },
  },
  NameAttrList: { fields: { name: f('string', 1), attr: map('AttrValue', 2) } },
  NodeDef: { fields: { name: f('string', 1), op: f('string', 2), input: f('string', 3, 'repeated'), device: f('string', 4), attr: map('AttrValue', 5) } },
  VersionDef: { fields: { producer: f('int32', 1), minConsumer: f('int32', 2) } },
  ArgDef: { fields: { name: f('string', 1), type: f('int32', 3), typeAttr: f('string', 4), numberAttr: f('string', 5), typeListAttr: f('string', 6) } },
  OpDef: { fields: { name: f('string', 1), inputArg: f('ArgDef', 2, 'repeated'), outputArg: f('ArgDef', 3, 'repeated') } },
  ArgAttrs: { fields: { attr: map('AttrValue', 1) } },
  FunctionDef: {
    fields: { signature: f('OpDef', 1), nodeDef: f('NodeDef', 3, 'repeated'), ret: map('string', 4), attr: map('AttrValue', 5), argAttr: map('ArgAttrs', 7, 'uint32') },
  },
  FunctionDefLibrary: { fields: { function: f('FunctionDef', 1, 'repeated') } },
  GraphDef: { fields: { node: f('NodeDef', 1, 'repeated'), library: f('FunctionDefLibrary', 2), version: f('int32', 3), versions: f('VersionDef', 4) } },
  MetaInfoDef: { fields: { metaGraphVersion: f('string', 1), tags: f('string', 4, 'repeated'), tensorflowVersion: f('string', 5), tensorflowGitVersion: f('string', 6) } },
  TensorInfo: { fields: { name: f('string', 1), dtype: f('int32', 2), tensorShape: f('TensorShapeProto', 3) } },
  SignatureDef: { fields: { inputs: map('TensorInfo', 1), outputs: map('TensorInfo', 2), methodName: f('string', 3) } },
  ObjectReference: { fields: { nodeId: f('int32', 1), localName: f('string', 2) } },
  SavedVariable: { fields: { dtype: f('int32', 1), shape: f('TensorShapeProto', 2), trainable: f('bool', 3), name: f('string', 6) } },
  SavedObject: {
    oneofs: { kind: { oneof: ['userObject', 'asset', 'function', 'variable', 'bareConcreteFunction', 'constant', 'resource', 'capturedTensor'] } },
    fields: {
      children: f('ObjectReference', 1, 'repeated'), userObject: f('bytes', 4), asset: f('bytes', 5), function: f('bytes', 6), variable: f('SavedVariable', 7),
      bareConcreteFunction: f('bytes', 8), constant: f('bytes', 9), resource: f('bytes', 10), capturedTensor: f('bytes', 12),
    },
  },
  SavedObjectGraph: { fields: { nodes: f('SavedObject', 1, 'repeated') } },
  MetaGraphDef: { fields: { metaInfoDef: f('MetaInfoDef', 1), graphDef: f('GraphDef', 2), signatureDef: map('SignatureDef', 5), objectGraphDef: f('SavedObjectGraph', 7) } },
  SavedModel: { fields: { savedModelSchemaVersion: f('int64', 1), metaGraphs: f('MetaGraphDef', 2, 'repeated') } },
  BundleHeaderProto: { fields: { numShards: f('int32', 1), endianness: f('int32', 2), version: f('VersionDef', 3) } },
  BundleEntryProto: {
    fields: { dtype: f('int32', 1), shape: f('TensorShapeProto', 2), shardId: f('int32', 3), offset: f('int64', 4), size: f('int64', 5), crc32c: f('fixed32', 6), slices: f('bytes', 7, 'repeated') },
  },
};

/** The message types the TensorFlow readers decode. */
export interface TfTypes {
  SavedModel: protobuf.Type;
  GraphDef: protobuf.Type;
  BundleHeaderProto: protobuf.Type;
  BundleEntryProto: protobuf.Type;
}

let types: TfTypes | undefined;

/** Builds the protobufjs types on first use, then returns the same ones. */
export function tfTypes(): TfTypes {
  if (!types) {
    const root = protobuf.Root.fromJSON({ nested: { tensorflow: { nested: messages } } } as protobuf.INamespace);
    const type = (name: string) => root.lookupType(`tensorflow.${name}`);
    types = { SavedModel: type('SavedModel'), GraphDef: type('GraphDef'), BundleHeaderProto: type('BundleHeaderProto'), BundleEntryProto: type('BundleEntryProto') };
  }
  return types;
}

/** A protobufjs int64: a number, or a Long when the `long` package is present. */
export type Int64 = number | { toNumber(): number };

export const toNumber = (value: Int64 | undefined): number => (value === undefined ? 0 : typeof value === 'number' ? value : value.toNumber());

/** The decoded shapes of the messages, as protobufjs gives them (absent fields undefined, repeated ones []). */
export interface ShapeMsg { dim?: { size?: Int64; name?: string }[]; unknownRank?: boolean }
export interface TensorMsg {
  dtype?: number; tensorShape?: ShapeMsg; tensorContent?: Uint8Array; floatVal?: number[]; doubleVal?: number[]; intVal?: number[];
  stringVal?: Uint8Array[]; int64Val?: Int64[]; boolVal?: boolean[]; halfVal?: number[]; uint32Val?: number[]; uint64Val?: Int64[];
}
export interface NameAttrListMsg { name?: string; attr?: Record<string, AttrMsg> }
export interface AttrMsg {
  value?: string; list?: { s?: Uint8Array[]; i?: Int64[]; f?: number[]; b?: boolean[]; type?: number[]; shape?: ShapeMsg[]; tensor?: TensorMsg[]; func?: NameAttrListMsg[] };
  s?: Uint8Array; i?: Int64; f?: number; b?: boolean; type?: number; shape?: ShapeMsg; tensor?: TensorMsg; placeholder?: string; func?: NameAttrListMsg;
}
export interface NodeMsg { name?: string; op?: string; input?: string[]; device?: string; attr?: Record<string, AttrMsg> }
export interface ArgMsg { name?: string; type?: number; typeAttr?: string }
export interface FunctionMsg { signature?: { name?: string; inputArg?: ArgMsg[]; outputArg?: ArgMsg[] }; nodeDef?: NodeMsg[]; ret?: Record<string, string>; attr?: Record<string, AttrMsg>; argAttr?: Record<string, { attr?: Record<string, AttrMsg> }> }
export interface GraphDefMsg { node?: NodeMsg[]; library?: { function?: FunctionMsg[] }; version?: number; versions?: { producer?: number; minConsumer?: number } }
export interface TensorInfoMsg { name?: string; dtype?: number; tensorShape?: ShapeMsg }
export interface SignatureMsg { inputs?: Record<string, TensorInfoMsg>; outputs?: Record<string, TensorInfoMsg>; methodName?: string }
export interface SavedObjectMsg { children?: { nodeId?: number; localName?: string }[]; kind?: string; variable?: { dtype?: number; shape?: ShapeMsg; trainable?: boolean; name?: string } }
export interface MetaGraphMsg {
  metaInfoDef?: { metaGraphVersion?: string; tags?: string[]; tensorflowVersion?: string; tensorflowGitVersion?: string };
  graphDef?: GraphDefMsg; signatureDef?: Record<string, SignatureMsg>; objectGraphDef?: { nodes?: SavedObjectMsg[] };
}
export interface SavedModelMsg { savedModelSchemaVersion?: Int64; metaGraphs?: MetaGraphMsg[] }
export interface BundleEntryMsg { dtype?: number; shape?: ShapeMsg; shardId?: number; offset?: Int64; size?: Int64; crc32c?: number; slices?: Uint8Array[] }
