// The one graph IR every model format maps into (docs/architecture.md). Summaries, the cost model,
// the Model view and the graph view read only this.

/** A dimension: a number, a symbolic name such as `batch`, or null when unknown. */
export type Dim = number | string | null;

/** Element type names, ONNX-style lower case: float32, float16, bfloat16, int64, uint8, bool, string, ... */
export type DType = string;

/** A tensor's type; `shape` is undefined when even the rank is unknown. */
export interface TensorType {
  dtype: DType;
  shape?: Dim[];
}

/** Where a tensor's bytes live, without reading them: weights are never copied to build a summary. */
export interface TensorRef {
  dtype: DType;
  shape: number[];
  /** Absolute path of the file holding the bytes (the model file, a shard or external data file). */
  file: string;
  /** Byte offset of the data in `file`, when known (zip entries: after the local header, uncompressed only). */
  offset?: number;
  /** Byte length of the data, when known. */
  byteLength?: number;
  /** Set when the data is stored in another encoding (e.g. tfjs uint8 quantization), so readers convert. */
  encoding?: string;
  /** Sparse tensors (ONNX SparseTensorProto): `shape` is the dense shape, the bytes are in these two. */
  sparse?: { values: TensorRef; indices: TensorRef };
}

/** A named value flowing between nodes: a graph input, a node output or a stored weight. */
export interface Value {
  name: string;
  type?: TensorType;
  initializer?: TensorRef;
  /** False for non-trainable weights (batch-norm statistics, Keras non_trainable_weights); undefined when the format does not say. */
  trainable?: boolean;
  /** True for framework state that is no parameter (PyTorch buffers: batch-norm running statistics, num_batches_tracked). */
  buffer?: boolean;
  /** Format facts about the value: TFLite quantization (scale, zero_point), sparsity, shape_signature. */
  attrs?: Record<string, AttrValue>;
}

/** An attribute value as the format stores it, already decoded to plain data (tensors stay lazy). */
export type AttrValue =
  | number
  | string
  | boolean
  | number[]
  | string[]
  | TensorRef
  | { graph: Graph }
  | { graphs: Graph[] }
  | AttrValue[]
  | { [key: string]: unknown }
  | null;

/** One operator application. */
export interface Node {
  id: string;
  op: string;
  /** Operator domain or framework namespace where the format has one (ONNX domain, TorchScript `aten`). */
  domain?: string;
  name: string;
  /** Module path from the outside in, e.g. ['layer1', '0', 'conv1']. */
  scope: string[];
  attrs: Record<string, AttrValue>;
  /** Names of the values this node reads; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  /** Bodies of If/Loop/Scan and other control flow, keyed by attribute name. */
  subgraphs?: Record<string, Graph>;
}

/** A graph: nodes in the file's order plus every value they name. */
export interface Graph {
  name: string;
  nodes: Node[];
  /** Every value, keyed by name: inputs, outputs, intermediates and initializers. */
  values: Map<string, Value>;
  inputs: string[];
  outputs: string[];
}

/** A parsed model file. */
export interface Model {
  format: string;
  /** Producer name and version when recorded, e.g. `pytorch 2.1.0`. */
  producer?: string;
  /** Opsets or framework versions, e.g. { 'ai.onnx': 17 } or { keras: '2.11.0' }. */
  versions?: Record<string, string | number>;
  graph: Graph;
  /**
   * Functions and other reusable graphs (ONNX local functions, TorchScript methods). A graph named
   * like a node's rule key (`domain::op`, see ir/opRules.ts ruleKey) is that op's body: shape
   * inference and the cost model go through it for each call.
   */
  functions?: Graph[];
  metadata: Record<string, string>;
  /** Path of the file that was opened. */
  path: string;
  fileBytes: number;
  /** Non-fatal problems (a missing shard, an unsupported field): the model still opens. */
  warnings: string[];
  /** Set by a reader that found the graph incomplete (a name nothing produces, a missing shard); `warnings` say what. */
  partial?: boolean;
}
