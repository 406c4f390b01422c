// Opens PyTorch files: TorchScript archives, torch.save zip checkpoints (state_dict, full module,
// training checkpoint) and the legacy non-zip pickle format. Pickles run in our restricted
// machine, so nothing in the file is ever executed; a file whose top-level object is a call to a
// non-whitelisted global (os.system, builtins.eval, ...) is refused with a FormatError.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Graph, Model } from '../../ir/graph';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import { PickleCall, type PickleValue } from '../containers/pickleValues';
import { readTorchArchive } from './pytorchArchive';
import { recoverTorchScriptGraph } from './pytorchCodeGraph';
import { parseTorchScriptCode } from './pytorchCodeParser';
import { modulesToGraph } from './pytorchGraph';
import { isLegacyTorch } from './pytorchDetect';
import { readTorchLegacy } from './pytorchLegacy';
import { collectModules } from './pytorchModules';
import { TorchTensor } from './pytorchTensor';
import type { OpenOptions } from '../registry';
import { ZipArchive } from '../containers/zipArchive';

/** Parses a PyTorch file into the IR. */
export async function readPyTorch(path: string, options: OpenOptions = {}): Promise<Model> {
  return ModelFile.with(path, async (file) => {
    const head = file.head(64);
    if (ZipArchive.looksLikeZip(head)) return readZipModel(file, options);
    if (isLegacyTorch(head)) return readLegacyModel(file, options);
    // TF.js shards are .bin files too; point at the model.json that lists them.
    const shardHint = existsSync(join(dirname(path), 'model.json')) ? '; a model.json lies next to it: if this is a TF.js weights shard, open model.json instead' : '';
    throw new FormatError(path, `not a PyTorch file: expected a zip archive (PK\\x03\\x04, torch.save >= 1.6 and TorchScript) or the pickled legacy magic number 0x1950a86a20f9469cfc6c${shardHint}`, { offset: 0 });
  });
}

async function readZipModel(file: ModelFile, options: OpenOptions): Promise<Model> {
  const zip = await ZipArchive.open(file);
  options.signal?.throwIfAborted();
  const archive = await readTorchArchive(file, zip);
  options.signal?.throwIfAborted();
  const dataEntry = `${archive.prefix}data.pkl`;
  const warnings = [...archive.warnings, ...refusalWarnings(file.path, dataEntry, archive.root, archive.refusedCalls)];
  const code = parseTorchScriptCode(archive.code);
  const modules = collectModules(archive.root, (className) => code.classes.get(className));
  const constants = archive.constants.flatMap((value, index) => (value instanceof TorchTensor ? [{ name: `c${index}`, tensor: value }] : []));
  if (constants.length > 0) modules.push({ path: ['CONSTANTS'], tensors: constants });
  const name = archive.prefix.replace(/\/$/, '') || 'model';
  let graph: Graph = modulesToGraph(name, modules, file.path);
  const metadata: Record<string, string> = { kind: archive.kind === 'torchscript' ? 'TorchScript archive' : describeCheckpoint(modules), archiveRoot: archive.prefix, trainableFrom: trainableSource(modules) };
  if (archive.byteOrder) metadata.byteOrder = archive.byteOrder;
  if (archive.kind === 'torchscript') {
    const recovered = recoverTorchScriptGraph(name, archive.root, code, graph);
    metadata.graphSource = recovered.source;
    warnings.push(...recovered.warnings);
    graph = recovered.graph;
  }
  return {
    format: 'pytorch',
    producer: archive.kind === 'torchscript' ? 'TorchScript' : 'torch.save',
    versions: archive.version ? { 'torch.serialization': archive.version } : undefined,
    graph,
    metadata,
    path: file.path,
    fileBytes: file.size,
    warnings,
  };
}

async function readLegacyModel(file: ModelFile, options: OpenOptions): Promise<Model> {
  const legacy = await readTorchLegacy(file);
  options.signal?.throwIfAborted();
  const warnings = [...legacy.warnings, ...refusalWarnings(file.path, undefined, legacy.root, legacy.refusedCalls)];
  const modules = collectModules(legacy.root, () => undefined);
  const metadata: Record<string, string> = { kind: `legacy torch.save (${describeCheckpoint(modules)})`, trainableFrom: trainableSource(modules), ...prefixed('sys.', legacy.sysInfo) };
  return {
    format: 'pytorch',
    producer: 'torch.save (legacy format)',
    versions: legacy.protocolVersion !== undefined ? { 'torch.serialization': legacy.protocolVersion } : undefined,
    graph: modulesToGraph('model', modules, file.path),
    metadata,
    path: file.path,
    fileBytes: file.size,
    warnings,
  };
}

/** Refused calls become warnings; a refused call as the top-level object leaves nothing to show, so it is an error. */
function refusalWarnings(path: string, entry: string | undefined, root: PickleValue, refused: PickleCall[]): string[] {
  if (root instanceof PickleCall) {
    throw new FormatError(path, `the pickle's top-level object is a call to ${root.unsupportedGlobal}, which is not a known tensor or container constructor; Tensorsight never runs code from model files, so there is nothing to show`, entry ? { entry } : { offset: 0 });
  }
  const callees = [...new Set(refused.map((call) => call.unsupportedGlobal))];
  return callees.map((callee) => `${entry ?? 'the pickle'} calls ${callee}, which is not a known tensor or container constructor; it was not run (Tensorsight never executes code from model files)`);
}

/** Where the trainable split comes from, for the Model view: the file's own flags or tensor names. */
function trainableSource(modules: ReturnType<typeof collectModules>): string {
  const flagged = modules.some((module) => module.className !== undefined);
  return flagged ? 'parameter and buffer declarations in the file' : 'tensor names (a state_dict stores no flag: running_mean, running_var, num_batches_tracked count as buffers)';
}

function describeCheckpoint(modules: ReturnType<typeof collectModules>): string {
  return modules.some((module) => module.className) ? 'full module' : 'state_dict or checkpoint';
}

function prefixed(prefix: string, record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [prefix + key, value]));
}
