// Lua Torch7 `.t7` files (torch.save, binary): an nn model becomes a graph of its modules; any
// other value (a tensor, a table of tensors, a custom class) becomes one node per tensor found,
// scoped by its key path, with the plain values shown as metadata. Nothing is executed.
import type { Graph, Model, Node, Value } from '../../ir/graph';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { isModule, T7GraphBuilder, tensorRef } from './t7Graph';
import { readT7, type T7Value } from './t7Values';

/** Plain values shown as metadata, at most. */
const MAX_METADATA = 200;
/** Tensors listed from a non-nn file, at most. */
const MAX_TENSORS = 100_000;

/** Parses a binary Torch7 file into the IR. */
export async function readTorch7(path: string, options: OpenOptions = {}): Promise<Model> {
  const { root, size } = await ModelFile.with(path, (file) => {
    if (file.size < 4) throw new FormatError(path, `a Torch7 file starts with a 4-byte type tag; this one has ${file.size} bytes`, { offset: 0 });
    return { root: readT7(file), size: file.size };
  });
  options.signal?.throwIfAborted();
  const warnings: string[] = [];
  const metadata: Record<string, string> = { root: describe(root) };
  let graph: Graph;
  if (isModule(root)) {
    graph = new T7GraphBuilder(path, warnings).graph(root);
    metadata.kind = 'nn module';
  } else {
    graph = plainTree(root, path, metadata);
    metadata.kind = 'data';
  }
  return { format: 'torch7', graph, metadata, path, fileBytes: size, warnings };
}

function describe(value: T7Value): string {
  if (value === null) return 'nil';
  if (typeof value !== 'object') return typeof value;
  if (value.kind === 'object' || value.kind === 'tensor' || value.kind === 'storage') return value.className;
  return value.kind;
}

/** One `Tensor` node per tensor reachable from the root; scalars and strings into `metadata`. */
function plainTree(root: T7Value, file: string, metadata: Record<string, string>): Graph {
  const nodes: Node[] = [];
  const values = new Map<string, Value>();
  const seen = new Set<object>();
  let shown = 0;
  const stack: { value: T7Value; path: string[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0 && nodes.length < MAX_TENSORS) {
    const { value, path } = stack.pop()!;
    const name = path.length > 0 ? path.join('.') : 'value';
    if (value === null || typeof value !== 'object') {
      if (shown++ < MAX_METADATA) metadata[`value.${name}`] = String(value);
      continue;
    }
    if (seen.has(value)) continue;
    seen.add(value);
    if (value.kind === 'tensor') {
      const ref = tensorRef(value, file);
      values.set(name, { name, type: { dtype: value.dtype, shape: value.size }, ...(ref ? { initializer: ref } : {}) });
      nodes.push({ id: `t${nodes.length}`, op: 'Tensor', domain: 'torch', name, scope: path.slice(0, -1), attrs: { className: value.className, stride: value.stride }, inputs: [name], outputs: [] });
    } else if (value.kind === 'table') {
      for (let i = value.entries.length - 1; i >= 0; i--) {
        const [key, item] = value.entries[i];
        stack.push({ value: item, path: [...path, typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean' ? String(key) : `[${describe(key)}]`] });
      }
    } else if (value.kind === 'object') {
      if (path.length > 0 && shown++ < MAX_METADATA) metadata[`class.${name}`] = value.className;
      stack.push({ value: value.state, path });
    } else if (value.kind === 'function') {
      if (shown++ < MAX_METADATA) metadata[`value.${name}`] = `function (${value.byteLength} bytes of bytecode, not run)`;
    } else if (shown++ < MAX_METADATA) metadata[`value.${name}`] = `${value.className} (${value.size} elements)`;
  }
  return { name: 'torch7', nodes, values, inputs: [], outputs: [] };
}
