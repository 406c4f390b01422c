// Whether a PyTorch file holds a model, from its pickle alone: the zip's data.pkl (or the legacy format's object
// pickle) is run by our restricted unpickler, as the reader runs it, and storages are never read. A TorchScript
// archive is a model from its entry names. torch.save writes any object, so a `.pt` may be a bare tensor, a list
// of tensors or a dataset dict; only what the reader can show as layers counts.
import { FormatError } from '../formatError';
import type { ModelFile } from '../containers/modelFile';
import { unpickle } from '../containers/pickleMachine';
import { PickleDict, PickleObject, type PickleValue } from '../containers/pickleValues';
import { isLegacyTorch } from './pytorchDetect';
import { storageFromPid, torchCallables } from './pytorchGlobals';
import { readTorchLegacy } from './pytorchLegacy';
import { TorchTensor } from './pytorchTensor';
import { ZipArchive } from '../containers/zipArchive';

/** What a PyTorch file was found to hold; `model` undefined: its pickle is larger than the caller's budget. */
export interface TorchSniff {
  model: boolean | undefined;
  /** What decided it, in words: 'a TorchScript archive', 'a bare tensor', ... */
  reason: string;
}

/** The most pickle bytes any caller runs (a worker thread's budget); a larger data.pkl is left to the reader. */
export const MAX_SNIFFED_PICKLE = 64 << 20;
/** Parameter and buffer names torch.nn modules give their tensors: a state_dict key ends with one of them. */
const PARAMETER_NAME = /^(weight|bias)|_(weight|bias)$|^(running_mean|running_var|num_batches_tracked)$/;
/** A damaged or hostile pickle cannot make the walk visit more values than this. */
const MAX_VISITS = 1_000_000;

/**
 * Decides whether the zip or legacy torch.save file `file` holds a model, running at most `maxPickleBytes` of
 * pickle (a legacy file's pickles come before its storages, so its whole size counts); damaged files raise a
 * FormatError.
 */
export async function sniffTorch(file: ModelFile, head: Uint8Array, maxPickleBytes = MAX_SNIFFED_PICKLE): Promise<TorchSniff> {
  const budget = Math.min(maxPickleBytes, MAX_SNIFFED_PICKLE);
  if (isLegacyTorch(head)) {
    if (file.size > budget) return { model: undefined, reason: `a ${file.size}-byte legacy torch.save file, more than ${budget} bytes of pickle to run here` };
    return judgeRoot((await readTorchLegacy(file)).root, 'a legacy torch.save file');
  }
  const zip = await ZipArchive.open(file);
  // The same entries the reader looks for (pytorchArchive.ts): `<root>/data.pkl`, and code/ or constants.pkl for TorchScript.
  const pickleEntry = zip.entries.find((entry) => /^([^/]+\/)?data\.pkl$/.test(entry.name));
  if (!pickleEntry) return { model: false, reason: 'a zip archive without the data.pkl torch.save writes' };
  const prefix = pickleEntry.name.slice(0, -'data.pkl'.length);
  if (zip.entry(`${prefix}constants.pkl`) || zip.entries.some((entry) => entry.name.startsWith(`${prefix}code/`))) {
    return { model: true, reason: 'a TorchScript archive' };
  }
  if (pickleEntry.size > budget) return { model: undefined, reason: `a ${pickleEntry.size}-byte data.pkl, more than ${budget} bytes of pickle to run here` };
  const bytes = await zip.read(pickleEntry, budget);
  const fail = (message: string): never => {
    throw new FormatError(file.path, message, { entry: pickleEntry.name });
  };
  const { value } = unpickle(bytes, {
    file: file.path,
    entry: pickleEntry.name,
    callables: torchCallables(fail),
    persistentLoad: (pid) => storageFromPid(pid, fail).storage,
  });
  return judgeRoot(value, 'a torch.save file');
}

/**
 * A model is what the reader shows as layers: an nn.Module object (torch.save(model)), a TorchScript object, or a
 * state_dict, i.e. a dict with a tensor under a parameter path (`layer1.0.conv1.weight`, `bias`), also inside a
 * training checkpoint ({'model': state_dict, 'optimizer': ...}). A bare tensor, a list of tensors, or a dict of
 * tensors under other names (`{'data': x, 'labels': y}`) is data.
 */
export function judgeRoot(root: PickleValue, container: string): TorchSniff {
  if (root instanceof TorchTensor) return { model: false, reason: `${container} holding a bare tensor` };
  const stack: PickleValue[] = [root];
  const seen = new Set<object>();
  let tensors = 0;
  for (let visits = 0; stack.length > 0 && visits < MAX_VISITS; visits++) {
    const value = stack.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof TorchTensor) {
      tensors++;
    } else if (value instanceof PickleObject) {
      if (value.className.startsWith('__torch__.')) return { model: true, reason: `${container} holding a TorchScript object` };
      if (value.field('_modules') instanceof PickleDict || value.field('_parameters') instanceof PickleDict) {
        return { model: true, reason: `${container} holding a module (${value.className})` };
      }
      // An object's attributes are not a state_dict, but may hold one (a wrapper, a training state).
      const state = value.state instanceof PickleDict ? [...value.state.values()] : [value.state];
      stack.push(...state, ...value.items);
    } else if (value instanceof PickleDict) {
      for (const [key, item] of value) {
        if (item instanceof TorchTensor && typeof key === 'string' && (key.includes('.') || PARAMETER_NAME.test(key))) {
          return { model: true, reason: `${container} holding a state_dict ('${key}' is a tensor)` };
        }
        stack.push(item);
      }
    } else if (Array.isArray(value)) {
      stack.push(...value);
    }
  }
  return { model: false, reason: tensors > 0 ? `${container} holding ${tensors} tensor${tensors === 1 ? '' : 's'} but no module or state_dict` : `${container} holding no tensors` };
}
