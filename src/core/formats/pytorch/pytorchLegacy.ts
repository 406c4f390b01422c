// The legacy (pre-1.6, `_use_new_zipfile_serialization=False`) torch.save format: five pickles
// (magic number, protocol version, sys info, the object, the storage keys) followed by each
// storage as an int64 element count and its raw bytes. Only the pickles are read; storages are
// located by walking their 8-byte headers.
import { FormatError } from '../formatError';
import type { ModelFile } from '../containers/modelFile';
import { isLegacyTorch } from './pytorchDetect';
import { PickleTruncatedError, unpickle, type UnpickleResult } from '../containers/pickleMachine';
import type { PickleCall, PickleValue } from '../containers/pickleValues';
import { storageFromPid, torchCallables } from './pytorchGlobals';
import type { TorchStorage } from './pytorchTensor';

const FIRST_READ = 1024 * 1024;

/** What a legacy file holds once its pickles have run. */
export interface TorchLegacyFile {
  root: PickleValue;
  storages: TorchStorage[];
  refusedCalls: PickleCall[];
  protocolVersion?: number;
  sysInfo: Record<string, string>;
  warnings: string[];
}

/** Reads the legacy format's pickles and locates its storages. */
export async function readTorchLegacy(file: ModelFile): Promise<TorchLegacyFile> {
  if (!isLegacyTorch(file.head(14))) {
    throw new FormatError(file.path, 'expected the legacy torch.save magic number 0x1950a86a20f9469cfc6c pickled at the start of the file', { offset: 0 });
  }
  const storages = new Map<string, TorchStorage>();
  const views: { storage: TorchStorage; root: string; offset: number }[] = [];
  const fail = (offset: number) => (message: string): never => {
    throw new FormatError(file.path, message, { offset });
  };
  let length = Math.min(file.size, FIRST_READ);
  let bytes = await file.read(0, length, 'pickles');
  const run = async (start: number, withStorages: boolean): Promise<UnpickleResult> => {
    for (;;) {
      try {
        return unpickle(bytes, {
          file: file.path,
          callables: torchCallables(fail(start)),
          persistentLoad: withStorages ? (pid) => loadStorage(pid, storages, views, fail(start)) : undefined,
        }, start);
      } catch (error) {
        // The pickles precede the storages, so a short first read only means reading further.
        if (!(error instanceof PickleTruncatedError) || length >= file.size) throw error;
        length = Math.min(file.size, length * 4);
        bytes = await file.read(0, length, 'pickles');
      }
    }
  };
  const magic = await run(0, false);
  const protocol = await run(magic.end, false);
  const sysInfo = await run(protocol.end, false);
  const main = await run(sysInfo.end, true);
  const keys = await run(main.end, false);
  if (!Array.isArray(keys.value)) throw new FormatError(file.path, 'expected the list of storage keys after the pickled object', { offset: main.end });
  const warnings: string[] = [];
  await locateStorages(file, keys.value.map(String), keys.end, storages, warnings);
  for (const view of views) {
    const root = storages.get(view.root);
    view.storage.file = file.path;
    if (root?.offset !== undefined) view.storage.offset = root.offset + view.offset * root.elementSize;
    else view.storage.missing = true;
  }
  return {
    root: main.value,
    storages: [...storages.values()],
    refusedCalls: [...magic.refusedCalls, ...sysInfo.refusedCalls, ...main.refusedCalls, ...keys.refusedCalls],
    protocolVersion: typeof protocol.value === 'number' ? protocol.value : undefined,
    sysInfo: plainInfo(sysInfo.value),
    warnings,
  };
}

function loadStorage(pid: PickleValue, storages: Map<string, TorchStorage>, views: { storage: TorchStorage; root: string; offset: number }[], fail: (message: string) => never): PickleValue {
  const { storage, view } = storageFromPid(pid, fail);
  const root = storages.get(storage.key) ?? storage;
  storages.set(root.key, root);
  if (!view) return root;
  const viewStorage: TorchStorage = { ...root, key: view.key, numel: undefined };
  views.push({ storage: viewStorage, root: root.key, offset: view.offset });
  return viewStorage;
}

/** Walks the storages that follow the pickles: int64 element count, then the raw elements. */
async function locateStorages(file: ModelFile, keys: string[], start: number, storages: Map<string, TorchStorage>, warnings: string[]): Promise<void> {
  let at = start;
  for (const key of keys) {
    const storage = storages.get(key);
    if (storage) storage.file = file.path;
    if (at + 8 > file.size) {
      const rest = keys.slice(keys.indexOf(key));
      warnings.push(`file ends before storage ${key} (truncated?): ${rest.length} storages have no data`);
      for (const missing of rest) {
        const entry = storages.get(missing);
        if (entry) entry.missing = true;
      }
      return;
    }
    const count = Number((await file.read(at, 8, `size of storage ${key}`)).readBigInt64LE(0));
    if (!storage) {
      warnings.push(`storage ${key} is listed but never referenced; stopped locating storages`);
      return;
    }
    const byteLength = count * storage.elementSize;
    if (count < 0 || at + 8 + byteLength > file.size) {
      warnings.push(`storage ${key} claims ${count} elements at offset ${at + 8}, past the end of the ${file.size}-byte file (truncated?)`);
      storage.missing = true;
      return;
    }
    storage.offset = at + 8;
    storage.byteLength = byteLength;
    at += 8 + byteLength;
  }
}

function plainInfo(value: PickleValue): Record<string, string> {
  const info: Record<string, string> = {};
  if (value instanceof Map) for (const [key, item] of value) info[String(key)] = typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item);
  return info;
}
