// Zip-based PyTorch files: torch.save checkpoints (`<root>/data.pkl` + `<root>/data/<key>`) and
// TorchScript archives (the same plus `<root>/code/`, `constants.pkl`). The pickles are run by
// our restricted machine; storages are located in the zip (offset of the stored entry), never read.
import { FormatError } from '../formatError';
import type { ModelFile } from '../containers/modelFile';
import { unpickle } from '../containers/pickleMachine';
import type { PickleCall, PickleValue } from '../containers/pickleValues';
import { storageFromPid, torchCallables } from './pytorchGlobals';
import type { TorchStorage } from './pytorchTensor';
import { ZipArchive } from '../containers/zipArchive';

/** What a zip-based PyTorch file holds once its pickles have run. */
export interface TorchArchive {
  kind: 'torchscript' | 'checkpoint';
  /** Archive folder holding data.pkl, e.g. `resnet18/` or `archive/`. */
  prefix: string;
  root: PickleValue;
  /** TorchScript's constants.pkl tuple (tensors the code reads as CONSTANTS.c<i>); [] for checkpoints. */
  constants: PickleValue[];
  storages: TorchStorage[];
  refusedCalls: PickleCall[];
  /** Serialization format version from `<root>/version`. */
  version?: string;
  byteOrder?: string;
  /** TorchScript sources by path under code/ (without the .py suffix), e.g. `__torch__/torchvision/models/resnet`. */
  code: Map<string, string>;
  warnings: string[];
  zip: ZipArchive;
}

/** Entries over this size under code/ are skipped: a summary needs declarations, not huge generated code. */
const MAX_CODE_BYTES = 8 * 1024 * 1024;

/** Reads a zip-based PyTorch file; a zip without data.pkl is a FormatError naming the missing entry. */
export async function readTorchArchive(file: ModelFile, zip: ZipArchive): Promise<TorchArchive> {
  const pickleEntry = zip.entries.find((entry) => /^([^/]+\/)?data\.pkl$/.test(entry.name));
  if (!pickleEntry) {
    const names = zip.entries.slice(0, 5).map((entry) => entry.name).join(', ');
    throw new FormatError(file.path, `zip archive has no data.pkl (expected <root>/data.pkl as torch.save and TorchScript write it; found ${names || 'no entries'})`, { entry: '<root>/data.pkl' });
  }
  const prefix = pickleEntry.name.slice(0, -'data.pkl'.length);
  const warnings: string[] = [];
  const storages = new Map<string, TorchStorage>();
  const refusedCalls: PickleCall[] = [];

  const runPickle = async (entryName: string, storageDir: string): Promise<PickleValue> => {
    const entry = zip.entry(prefix + entryName);
    if (!entry) throw new FormatError(file.path, `missing archive entry ${prefix}${entryName}`, { entry: prefix + entryName });
    const bytes = await zip.read(entry);
    const fail = (message: string): never => {
      throw new FormatError(file.path, message, { entry: entry.name });
    };
    const result = unpickle(bytes, {
      file: file.path,
      entry: entry.name,
      callables: torchCallables(fail),
      persistentLoad: (pid) => {
        const { storage } = storageFromPid(pid, fail);
        const key = storageDir + storage.key;
        const known = storages.get(key);
        if (known) return known;
        storage.key = key;
        storages.set(key, storage);
        return storage;
      },
    });
    refusedCalls.push(...result.refusedCalls);
    return result.value;
  };

  const root = await runPickle('data.pkl', 'data/');
  const code = new Map<string, string>();
  const codeEntries = zip.entries.filter((entry) => entry.name.startsWith(prefix + 'code/') && entry.name.endsWith('.py'));
  for (const entry of codeEntries) {
    if (entry.size > MAX_CODE_BYTES) {
      warnings.push(`skipped ${entry.name}: ${entry.size} bytes of TorchScript code is more than a summary reads`);
      continue;
    }
    code.set(entry.name.slice(prefix.length + 'code/'.length, -'.py'.length), await zip.readText(entry));
  }
  const isTorchScript = codeEntries.length > 0 || zip.entry(prefix + 'constants.pkl') !== undefined;
  const constants = isTorchScript && zip.entry(prefix + 'constants.pkl') ? await runPickle('constants.pkl', 'constants/') : [];

  await locateStorages(zip, prefix, [...storages.values()], warnings);
  const readSmall = async (name: string): Promise<string | undefined> => {
    const entry = zip.entry(prefix + name);
    return entry && entry.size < 64 ? (await zip.readText(entry)).trim() : undefined;
  };
  return {
    kind: isTorchScript ? 'torchscript' : 'checkpoint',
    prefix,
    root,
    constants: Array.isArray(constants) ? constants : [],
    storages: [...storages.values()],
    refusedCalls,
    version: await readSmall('version'),
    byteOrder: await readSmall('byteorder'),
    code,
    warnings,
    zip,
  };
}

/** Fills each storage's file offset from its zip entry; a missing entry becomes a warning. */
async function locateStorages(zip: ZipArchive, prefix: string, storages: TorchStorage[], warnings: string[]): Promise<void> {
  const missing: string[] = [];
  for (const storage of storages) {
    const entry = zip.entry(prefix + storage.key);
    storage.file = zip.file.path;
    if (!entry) {
      storage.missing = true;
      missing.push(prefix + storage.key);
      continue;
    }
    storage.byteLength = entry.size;
    // Only a stored (uncompressed) entry has its elements at a fixed file offset; torch.save always stores.
    if (entry.method === 0) storage.offset = await zip.dataOffset(entry);
  }
  if (missing.length > 0) {
    warnings.push(`${missing.length} tensor storage entr${missing.length === 1 ? 'y is' : 'ies are'} missing from the archive: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`);
  }
}
