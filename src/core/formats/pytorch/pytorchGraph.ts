// PyTorch module groups to the graph IR: one node per module that holds tensors (or is a leaf
// such as ReLU), scoped by its module path, with its parameters and buffers as lazy initializers.
import type { Graph, Node, Value } from '../../ir/graph';
import { guessModuleOp, shortClassName, type TorchModule } from './pytorchModules';

/** Builds the module-level graph; `file` is the fallback location for tensors whose storage is unknown. */
export function modulesToGraph(name: string, modules: TorchModule[], file: string): Graph {
  const values = new Map<string, Value>();
  const nodes: Node[] = [];
  // A module with child modules is a group (its scope shows it); only leaves and tensor holders become nodes.
  const parents = new Set<string>();
  for (const module of modules) for (let depth = 0; depth < module.path.length; depth++) parents.add(module.path.slice(0, depth).join('.'));
  modules.forEach((module) => {
    const key = module.path.join('.');
    const isLeaf = !parents.has(key);
    if (module.tensors.length === 0 && !(module.className && isLeaf)) return;
    const inputs: string[] = [];
    for (const { name: tensorName, tensor, trainable, buffer } of module.tensors) {
      const valueName = [...module.path, tensorName].join('.');
      inputs.push(valueName);
      values.set(valueName, { name: valueName, type: { dtype: tensor.dtype, shape: tensor.shape }, initializer: tensor.toRef(file), trainable, ...(buffer ? { buffer } : {}) });
    }
    const guessed = module.className ? undefined : guessModuleOp(module.tensors);
    const attrs: Node['attrs'] = {};
    if (module.className) attrs.class = module.className;
    else if (guessed) attrs.opGuessedFromTensorNames = true;
    nodes.push({
      id: `m${nodes.length}`,
      op: module.className ? shortClassName(module.className) : (guessed ?? 'Tensors'),
      domain: module.className ? 'torch.nn' : 'torch.state_dict',
      name: key || (module.className ? shortClassName(module.className) : 'root'),
      scope: module.path,
      attrs,
      inputs,
      outputs: [],
    });
  });
  return { name, nodes, values, inputs: [], outputs: [] };
}
