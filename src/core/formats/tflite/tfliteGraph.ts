// One TFLite subgraph as an IR graph: its operators as nodes (op named by the builtin code or the
// custom code, builtin options as attributes), its tensors as values, and the subgraph indices of
// control flow (IF, WHILE, CALL_ONCE, StableHLO bodies) kept as attributes for the reader to wire.
import type { AttrValue, Graph, Node } from '../../ir/graph';
import { ScopeCache } from '../../ir/scope';
import { FormatError } from '../formatError';
import type { FlatTable } from '../containers/flatTable';
import { builtinOptionAttrs } from './tfliteOptions';
import { readTensors, type TensorContext, type TfliteValue } from './tfliteTensors';

/** An OperatorCode resolved: the op name, whether it is custom, its version. */
export interface OpCode {
  op: string;
  custom: boolean;
  version: number;
}

/** A built subgraph with the subgraph indices its nodes refer to, by node and attribute key. */
export interface BuiltSubgraph {
  graph: Graph;
  references: { node: Node; key: string; index: number }[];
}

/** Attributes holding a subgraph index, and the key their body gets in Node.subgraphs. */
function subgraphKey(attr: string): string | undefined {
  if (attr === 'subgraph') return 'subgraph';
  return attr.endsWith('_subgraph_index') ? attr.slice(0, -'_subgraph_index'.length) : undefined;
}

/** Builds subgraph `index`; `opCodes` are the model's resolved operator codes. */
export function buildSubgraph(subgraph: FlatTable, index: number, opCodes: readonly OpCode[], context: TensorContext): BuiltSubgraph {
  const values = readTensors(subgraph, context);
  const names = values.map((value) => value.name);
  const tensorName = (position: number, role: string, where: string): string => {
    if (position === -1) return '';
    const name = names[position];
    if (name === undefined) throw new FormatError(context.path, `${where}: ${role} tensor index ${position}, expected -1 or an index below the subgraph's ${names.length} tensors`, { offset: subgraph.pos });
    return name;
  };
  const prefix = index === 0 ? '' : `subgraph${index}/`;
  const scopes = new ScopeCache();
  const references: BuiltSubgraph['references'] = [];
  const nodes = subgraph.tables(3, (i) => `subgraph ${index} operator ${i}`).map((operator, i): Node => {
    const code = opCodes[operator.uint32(0)];
    if (!code) throw new FormatError(context.path, `${operator.what}: opcode_index ${operator.uint32(0)}, expected an index below the model's ${opCodes.length} operator codes`, { offset: operator.pos });
    const inputs = (operator.int32s(1) ?? []).map((position) => tensorName(position, 'input', operator.what));
    const outputs = (operator.int32s(2) ?? []).map((position) => tensorName(position, 'output', operator.what));
    const attrs = operatorAttrs(operator, code);
    const intermediates = operator.int32s(8);
    if (intermediates && intermediates.length > 0) attrs.intermediates = intermediates.map((position) => tensorName(position, 'intermediate', operator.what));
    const name = outputs.find((output) => output !== '') ?? `${code.op}_${i}`;
    const node: Node = { id: `${prefix}op${i}`, op: code.op, name, scope: scopes.scopeOf(name.split(';')[0]), attrs, inputs, outputs };
    if (code.custom) node.domain = 'custom';
    for (const [attr, value] of Object.entries(attrs)) {
      const key = subgraphKey(attr);
      if (key && typeof value === 'number') references.push({ node, key, index: value });
    }
    return node;
  });
  const inputs = (subgraph.int32s(1) ?? []).map((position) => tensorName(position, 'graph input', `subgraph ${index}`));
  const outputs = (subgraph.int32s(2) ?? []).map((position) => tensorName(position, 'graph output', `subgraph ${index}`));
  const graph: Graph = {
    name: subgraph.string(4) || (index === 0 ? 'main' : `subgraph_${index}`),
    nodes,
    values: new Map(values.map((value: TfliteValue) => [value.name, value])),
    inputs: inputs.filter((name) => name !== ''),
    outputs: outputs.filter((name) => name !== ''),
  };
  return { graph, references };
}

/** Builtin options, or for custom ops the size and format of their (undecoded, FlexBuffer) options. */
function operatorAttrs(operator: FlatTable, code: OpCode): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = code.custom ? {} : builtinOptionAttrs(operator);
  if (code.version !== 1) attrs.version = code.version;
  const inline = operator.length(5, 1);
  const large = operator.uint64(9) > 1 ? operator.uint64(10) : 0;
  if (inline > 0 || large > 0) {
    attrs.custom_options_bytes = inline || large;
    attrs.custom_options_format = operator.int8(6) === 0 ? 'FLEXBUFFERS' : `format ${operator.int8(6)}`;
  }
  return attrs;
}
