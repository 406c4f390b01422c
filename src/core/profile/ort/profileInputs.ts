// The tensors a profile feeds: the user's files (.npy, .npz members, TensorProto .pb) where given, random
// tensors of each remaining input's declared dtype and shape otherwise, with symbolic dims bound by `dims`
// (the `--dims batch=8,seq=128` of `summary` and `profile`).
import * as nodePath from 'node:path';
import type { Graph } from '../../ir/graph';
import type { ProfiledInput } from '../modelProfile';
import type { HostTensor } from '../../tensors/hostTensor';
import { readNpyFile } from '../../tensors/npyReader';
import { readNpzFile } from '../../tensors/npzReader';
import { seededRandom } from '../../random/seededRandom';
import { randomTensor } from './randomTensor';
import { readTensorProtoFile } from './tensorProtoReader';

/** What the inputs come from. */
export interface InputOptions {
  /** Values of symbolic dims by name. */
  dims?: Record<string, number>;
  /** .npy, .npz and .pb files; a tensor named like an input feeds it, the others feed the remaining inputs in order. */
  inputFiles?: string[];
  /** Seed of the random inputs (default 1). */
  seed?: number;
}

/** An input the model declares (a graph input that is no initializer). */
export interface DeclaredInput {
  name: string;
  dtype: string;
  shape: (number | string | null)[];
}

/** The prepared feeds and what the profile reports about them. */
export interface PreparedInputs {
  feeds: Map<string, HostTensor>;
  inputs: ProfiledInput[];
}

/** The inputs `graph` declares, in order; initializers listed as inputs are defaults, not fed. */
export function declaredInputs(graph: Graph): DeclaredInput[] {
  return graph.inputs
    .map((name) => graph.values.get(name) ?? { name })
    .filter((value) => !('initializer' in value && value.initializer))
    .map((value) => ({ name: value.name, dtype: ('type' in value && value.type?.dtype) || 'float32', shape: ('type' in value && value.type?.shape) || [] }));
}

/** Builds every feed; throws an Error naming the model and what is missing or mismatched. */
export async function prepareInputs(modelPath: string, declared: DeclaredInput[], options: InputOptions): Promise<PreparedInputs> {
  const given = await readInputFiles(options.inputFiles ?? []);
  const feeds = new Map<string, HostTensor>();
  const inputs: ProfiledInput[] = [];
  const unnamed = given.filter((entry) => !declared.some((input) => input.name === entry.name));
  const extra = unnamed.length - declared.filter((input) => !given.some((entry) => entry.name === input.name)).length;
  if (extra > 0) throw new Error(`${modelPath}: ${given.length} input tensors given for ${declared.length} inputs (${declared.map((input) => input.name).join(', ')})`);
  const random = seededRandom(options.seed ?? 1);
  const unbound: string[] = [];
  for (const input of declared) {
    const file = given.find((entry) => entry.name === input.name) ?? unnamed.shift();
    if (file) {
      checkGiven(modelPath, input, file);
      feeds.set(input.name, file.tensor);
      inputs.push({ name: input.name, dtype: file.tensor.dtype, shape: file.tensor.shape, source: file.source });
      continue;
    }
    const shape = input.shape.map((dim, axis) => {
      if (typeof dim === 'number' && dim >= 0) return dim;
      const bound = typeof dim === 'string' ? options.dims?.[dim] : undefined;
      if (bound === undefined) unbound.push(`${typeof dim === 'string' ? dim : '?'} (input '${input.name}', axis ${axis})`);
      return bound ?? 1;
    });
    if (unbound.length > 0) continue;
    feeds.set(input.name, randomTensor(input.dtype, shape, random));
    inputs.push({ name: input.name, dtype: input.dtype, shape, source: 'random' });
  }
  if (unbound.length > 0) {
    const names = [...new Set(unbound.map((entry) => entry.split(' ')[0]).filter((name) => name !== '?'))];
    const hint = names.length > 0 ? `bind them with --dims ${names.map((name) => `${name}=N`).join(',')}` : 'give the inputs as files (--inputs)';
    throw new Error(`${modelPath}: input dims without a value: ${unbound.join(', ')}; ${hint}`);
  }
  return { feeds, inputs };
}

interface GivenTensor {
  name: string;
  source: string;
  tensor: HostTensor;
}

async function readInputFiles(files: string[]): Promise<GivenTensor[]> {
  const given: GivenTensor[] = [];
  for (const file of files) {
    const extension = nodePath.extname(file).toLowerCase();
    if (extension === '.npy') {
      given.push({ name: nodePath.basename(file, nodePath.extname(file)), source: file, tensor: readNpyFile(file) });
    } else if (extension === '.npz') {
      for (const [name, tensor] of readNpzFile(file)) given.push({ name, source: `${file}:${name}`, tensor });
    } else if (extension === '.pb') {
      const { name, tensor } = await readTensorProtoFile(file);
      given.push({ name, source: file, tensor });
    } else {
      throw new Error(`${file}: input files are .npy, .npz or ONNX TensorProto .pb`);
    }
  }
  return given;
}

function checkGiven(modelPath: string, input: DeclaredInput, given: GivenTensor): void {
  const { tensor } = given;
  const declared = `[${input.shape.map((dim) => dim ?? '?').join(', ')}]`;
  if (tensor.dtype !== input.dtype) throw new Error(`${given.source}: ${tensor.dtype} data for input '${input.name}' of ${modelPath}, which is ${input.dtype} ${declared}`);
  const fits = input.shape.length === tensor.shape.length && input.shape.every((dim, axis) => typeof dim !== 'number' || dim < 0 || dim === tensor.shape[axis]);
  if (!fits) throw new Error(`${given.source}: shape [${tensor.shape.join(', ')}] for input '${input.name}' of ${modelPath}, which is ${declared}`);
}
