// Turns an unpickled PyTorch object tree into module groups: nn.Module trees (full-module
// torch.save), TorchScript objects (`__torch__.*` classes) and plain containers (state_dicts,
// training checkpoints) whose tensors are grouped by their dotted key prefix.
import { PickleCall, PickleDict, PickleObject, type PickleValue } from '../containers/pickleValues';
import { TorchTensor } from './pytorchTensor';

/** One tensor found in the tree, under its module. */
export interface TorchModuleTensor {
  name: string;
  tensor: TorchTensor;
  /** True for parameters that require grad, false for frozen ones and buffers; undefined when the file does not say. */
  trainable?: boolean;
  /** A buffer (module.buffers()), not a parameter: declared so, or by torch.nn's names and integer dtypes where the file does not say. */
  buffer?: boolean;
}

/** A module (or key prefix) and the tensors directly under it. */
export interface TorchModule {
  path: string[];
  /** Fully qualified class for module objects; undefined for key-prefix groups of plain containers. */
  className?: string;
  object?: PickleObject;
  tensors: TorchModuleTensor[];
}

/** Which attributes of a TorchScript class are parameters and buffers (from its code/ declaration). */
export type TorchScriptDecl = (className: string) => { parameters: string[]; buffers: string[] } | undefined;

/** State-dict names that are buffers by torch.nn convention; a guess, used only where the file does not say (metadata.trainableFrom). */
const BUFFER_NAMES = new Set(['running_mean', 'running_var', 'num_batches_tracked']);

/** Only floating-point and complex tensors can require grad: integer, quantized and bool tensors are never parameters. */
export function canTrain(tensor: TorchTensor): boolean {
  return !/^(u?int|q|bool)/.test(tensor.dtype);
}

/** Collects modules in depth-first order (parents before children); iterative, so deep trees cannot overflow. */
export function collectModules(root: PickleValue, declarations: TorchScriptDecl): TorchModule[] {
  const modules = new Map<string, TorchModule>();
  const seen = new Set<object>();
  const moduleAt = (path: string[], className?: string, object?: PickleObject): TorchModule => {
    const key = path.join('.');
    let module = modules.get(key);
    if (!module) modules.set(key, (module = { path, tensors: [] }));
    if (className) {
      module.className = className;
      module.object = object;
    }
    return module;
  };
  const stack: { value: PickleValue; path: string[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const children: { value: PickleValue; path: string[] }[] = [];
    if (value instanceof TorchTensor) {
      const name = path[path.length - 1] ?? 'tensor';
      // A bare tensor (state_dict) carries no parameter flag: torch.nn's buffer names and integer dtypes make buffers, the rest parameters.
      const buffer = !value.isParameter && (BUFFER_NAMES.has(name) || !canTrain(value));
      const trainable = value.isParameter ? value.requiresGrad : !buffer;
      moduleAt(path.slice(0, -1)).tensors.push({ name, tensor: value, trainable, ...(buffer ? { buffer } : {}) });
      continue;
    }
    if (value === null || typeof value !== 'object' || value instanceof PickleCall || value instanceof Uint8Array) continue;
    if (seen.has(value)) continue;
    seen.add(value);
    if (value instanceof PickleObject && isTorchModule(value)) {
      const module = moduleAt(path, value.className, value);
      addNamed(value.field('_parameters'), (name, item) => item instanceof TorchTensor && module.tensors.push({ name, tensor: item, trainable: item.requiresGrad }));
      addNamed(value.field('_buffers'), (name, item) => item instanceof TorchTensor && module.tensors.push({ name, tensor: item, trainable: false, buffer: true }));
      addNamed(value.field('_modules'), (name, item) => children.push({ value: item, path: [...path, name] }));
    } else if (value instanceof PickleObject && value.className.startsWith('__torch__.')) {
      const module = moduleAt(path, value.className, value);
      const decl = declarations(value.className);
      addNamed(value.state, (name, item) => {
        if (item instanceof TorchTensor) {
          const parameter = decl?.parameters.includes(name) ?? false;
          const buffer = !parameter && (decl?.buffers.includes(name) || !canTrain(item));
          module.tensors.push({ name, tensor: item, ...(parameter ? { trainable: true } : buffer ? { trainable: false, buffer } : {}) });
        } else children.push({ value: item, path: [...path, name] });
      });
    } else if (value instanceof PickleDict) {
      // state_dict keys are dotted module paths ('layer1.0.conv1.weight'): each dot is a scope level.
      for (const [key, item] of value) children.push({ value: item, path: [...path, ...String(key).split('.')] });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => children.push({ value: item, path: [...path, String(index)] }));
    } else if (value instanceof PickleObject) {
      children.push({ value: value.state, path }, ...value.items.map((item, index) => ({ value: item, path: [...path, String(index)] })));
    }
    // Reverse so the stack pops children in file order.
    stack.push(...children.reverse());
  }
  return [...modules.values()].filter((module) => module.className !== undefined || module.tensors.length > 0);
}

/** A torch.nn.Module instance as pickled by torch.save(model): a state with _parameters/_modules. */
function isTorchModule(object: PickleObject): boolean {
  return object.field('_modules') instanceof PickleDict || object.field('_parameters') instanceof PickleDict;
}

function addNamed(container: PickleValue | undefined, add: (name: string, item: PickleValue) => unknown): void {
  if (container instanceof PickleDict) for (const [key, item] of container) add(String(key), item);
}

/** The short class name of a module: `Conv2d` for `__torch__.torch.nn.modules.conv.___torch_mangle_25.Conv2d`. */
export function shortClassName(className: string): string {
  return className.split('.').pop() ?? className;
}

/**
 * A best-effort layer type for a state_dict group from its tensor names and ranks (the file
 * stores no class): conv weights are rank 3-5, linear rank 2 with a bias, batch norm has running stats.
 */
export function guessModuleOp(tensors: TorchModuleTensor[]): string | undefined {
  const byName = new Map(tensors.map((entry) => [entry.name, entry.tensor]));
  const weight = byName.get('weight');
  if (byName.has('running_mean') && byName.has('running_var')) return 'BatchNorm';
  if (!weight) return undefined;
  const rank = weight.shape.length;
  if (rank >= 3 && rank <= 5) return `Conv${rank - 2}d`;
  if (rank === 2) return byName.has('bias') ? 'Linear' : 'Embedding';
  if (rank === 1 && byName.has('bias')) return 'LayerNorm';
  return undefined;
}
