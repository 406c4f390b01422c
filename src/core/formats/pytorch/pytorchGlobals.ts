// The only callables a PyTorch pickle may name and still get a meaningful value: tensor and
// parameter rebuilders, OrderedDict, torch.device and a few inert containers. Each maps its
// already-unpickled arguments to a descriptor; none imports or runs anything. Every other call
// (os.system, builtins.eval, ...) stays a PickleCall that the reader reports.
import { PickleDict, PickleGlobal, PickleObject, PickleSet, type PickleCallable, type PickleValue } from '../containers/pickleValues';
import { TorchTensor, storageType, torchDtype, type TorchStorage } from './pytorchTensor';

/** Builds the whitelist for one file; `fail` raises a FormatError for malformed arguments. */
export function torchCallables(fail: (message: string) => never): Map<string, PickleCallable> {
  const tensor = (args: PickleValue[], dtype?: string): TorchTensor => {
    const [storage, offset, size, stride, requiresGrad] = args;
    if (!isStorage(storage)) fail(`tensor rebuild expects a storage as its first argument, found ${typeof storage}`);
    const shape = intList(size, 'size', fail);
    return new TorchTensor(storage, toInt(offset ?? 0, 'storage offset', fail), shape, stride === undefined ? contiguousStride(shape) : intList(stride, 'stride', fail), requiresGrad === true, dtype);
  };
  const parameter = (args: PickleValue[]): PickleValue => {
    const [data, requiresGrad] = args;
    if (!(data instanceof TorchTensor)) return new PickleObject('torch.nn.parameter.Parameter', args);
    data.isParameter = true;
    data.requiresGrad = requiresGrad !== false;
    return data;
  };
  const inert = (name: string): PickleCallable => (args) => new PickleObject(name, args);
  const table = new Map<string, PickleCallable>([
    ['torch._utils._rebuild_tensor', (args) => tensor(args)],
    ['torch._utils._rebuild_tensor_v2', (args) => tensor(args)],
    ['torch._utils._rebuild_tensor_v3', (args) => tensor(args, args[6] instanceof PickleGlobal ? torchDtype(args[6].name) : undefined)],
    ['torch._utils._rebuild_qtensor', (args) => tensor([args[0], args[1], args[2], args[3], args[5]])],
    ['torch._utils._rebuild_parameter', parameter],
    ['torch._utils._rebuild_parameter_with_state', parameter],
    ['torch._utils._rebuild_meta_tensor_no_storage', ([dtype, size, stride, requiresGrad]) => {
      const shape = intList(size, 'size', fail);
      return new TorchTensor(undefined, 0, shape, intList(stride ?? contiguousStride(shape), 'stride', fail), requiresGrad === true, dtype instanceof PickleGlobal ? torchDtype(dtype.name) : 'unknown');
    }],
    ['collections.OrderedDict', (args) => dictFrom(args[0])],
    ['builtins.dict', (args) => dictFrom(args[0])],
    ['builtins.set', (args) => new PickleSet(Array.isArray(args[0]) ? args[0] : [])],
    ['builtins.frozenset', (args) => new PickleSet(Array.isArray(args[0]) ? args[0] : [])],
    ['builtins.list', (args) => (Array.isArray(args[0]) ? [...args[0]] : [])],
    ['builtins.tuple', (args) => (Array.isArray(args[0]) ? [...args[0]] : [])],
    ['builtins.bytearray', (args) => (args[0] instanceof Uint8Array ? args[0] : new Uint8Array(0))],
    ['_codecs.encode', ([text]) => Uint8Array.from(String(text ?? ''), (char) => char.charCodeAt(0) & 0xff)],
    ['torch.Size', (args) => (Array.isArray(args[0]) ? [...args[0]] : [])],
    ['torch.device', inert('torch.device')],
    ['builtins.slice', inert('builtins.slice')],
    ['builtins.complex', inert('builtins.complex')],
    ['builtins.range', inert('builtins.range')],
    ['argparse.Namespace', inert('argparse.Namespace')],
    ['numpy.core.multiarray._reconstruct', inert('numpy.ndarray')],
    ['numpy._core.multiarray._reconstruct', inert('numpy.ndarray')],
    ['numpy.core.multiarray.scalar', inert('numpy.scalar')],
    ['numpy._core.multiarray.scalar', inert('numpy.scalar')],
    ['numpy.dtype', inert('numpy.dtype')],
  ]);
  // Python 2 spells builtins `__builtin__` (protocol 2 pickles of sets use it).
  for (const name of ['set', 'frozenset', 'list', 'tuple', 'dict', 'bytearray', 'slice', 'complex']) table.set(`__builtin__.${name}`, table.get(`builtins.${name}`)!);
  // TorchScript pickles wrap typed lists; the wrapped list is the value.
  for (const name of ['build_intlist', 'build_tensorlist', 'build_doublelist', 'build_boollist', 'build_complexlist', 'restore_type_tag']) {
    table.set(`torch.jit._pickle.${name}`, (args) => args[0] ?? null);
  }
  // Subclassed tensors (torch 2.x) wrap a rebuilder: apply it only when it is itself whitelisted.
  table.set('torch._tensor._rebuild_from_type_v2', ([func, _type, args]) => {
    const inner = func instanceof PickleGlobal ? table.get(func.qualifiedName) : undefined;
    return inner && Array.isArray(args) ? inner(args) : new PickleObject('torch._tensor._rebuild_from_type_v2', [func ?? null, args ?? null]);
  });
  return table;
}

/** Parses a storage persistent id, `('storage', torch.FloatStorage, key, location, numel[, view])`. */
export function storageFromPid(pid: PickleValue, fail: (message: string) => never): { storage: TorchStorage; view?: { key: string; offset: number } } {
  if (!Array.isArray(pid) || pid[0] !== 'storage') fail(`expected a ('storage', type, key, location, size) persistent id, found ${Array.isArray(pid) ? `a tuple starting ${String(pid[0])}` : typeof pid}`);
  const [, type, key, location, numel, view] = pid as PickleValue[];
  const typeName = type instanceof PickleGlobal ? type.name : type instanceof PickleObject ? type.className.split('.').pop()! : String(type);
  const known = storageType(typeName);
  if (!known) fail(`unknown storage type ${typeName} for storage ${String(key)}`);
  const storage: TorchStorage = { key: String(key), dtype: known[0], elementSize: known[1], location: typeof location === 'string' ? location : undefined };
  if (typeof numel === 'number') storage.numel = numel;
  const viewTuple = Array.isArray(view) ? view : undefined;
  return { storage, view: viewTuple ? { key: String(viewTuple[0]), offset: toInt(viewTuple[1], 'view offset', fail) } : undefined };
}

function isStorage(value: PickleValue | undefined): value is TorchStorage & object {
  return typeof value === 'object' && value !== null && 'key' in value && 'elementSize' in value;
}

function dictFrom(items: PickleValue | undefined): PickleDict {
  const dict = new PickleDict();
  if (Array.isArray(items)) for (const pair of items) if (Array.isArray(pair) && pair.length === 2) dict.set(pair[0], pair[1]);
  return dict;
}

function contiguousStride(shape: number[]): number[] {
  const stride = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    stride[i] = step;
    step *= shape[i];
  }
  return stride;
}

function toInt(value: PickleValue, what: string, fail: (message: string) => never): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return fail(`expected a non-negative integer ${what}, found ${String(value)}`);
}

function intList(value: PickleValue | undefined, what: string, fail: (message: string) => never): number[] {
  if (!Array.isArray(value)) return fail(`expected a tuple of integers for the tensor ${what}`);
  return value.map((item) => toInt(item, what, fail));
}
