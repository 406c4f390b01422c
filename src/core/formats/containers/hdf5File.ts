// HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly). Its Node build mounts the
// host file system (NODERAWFS), so HDF5 reads the file by random access: opening a 1 GB weights
// file touches only the superblock, object headers and attributes we ask for, never the weights.
// h5wasm exposes no dataset file offsets (no H5Dget_offset), so weights are described by
// dataset path, dtype, shape and byte size rather than by offset.
import type { DType } from '../../ir/graph';
import { describeWasmFailure, isWasmFailure, loadCapturingOutput } from './emscriptenOutput';
import { FormatError } from '../formatError';
import { checkGlobalHeaps } from './hdf5GlobalHeapCheck';

type H5Module = typeof import('h5wasm/node');
type H5Group = InstanceType<H5Module['Group']>;

/** A dataset's description, read from its header only. */
export interface Hdf5Dataset {
  path: string;
  dtype: DType;
  shape: number[];
  /** Uncompressed size of the elements. */
  byteLength?: number;
  /** Chunked layout or filters (gzip, shuffle): the bytes are not one contiguous run. */
  chunked: boolean;
}

let loading: Promise<H5Module> | undefined;
/** Set once HDF5 aborted or trapped: its memory may be inconsistent, so this process reads no more HDF5. */
let stopped = false;

/**
 * Loads h5wasm once per process and makes HDF5 errors throw instead of printing to stderr. What it still prints
 * (an abort's text) is dropped: the failing call throws too, and that error becomes the FormatError.
 */
async function h5wasm(): Promise<H5Module> {
  loading ??= loadCapturingOutput(async () => {
    const module = await import('h5wasm/node');
    const runtime = await module.ready;
    runtime.activate_throwing_error_handler();
    return module;
  }, () => undefined);
  return loading;
}

/** True once HDF5 failed inside its WebAssembly code; a worker that sees it should be replaced. */
export function hdf5Stopped(): boolean {
  return stopped;
}

/** An open HDF5 file, read-only; every failure becomes a FormatError naming the file and object. */
export class Hdf5File {
  private constructor(
    private readonly module: H5Module,
    private readonly file: InstanceType<H5Module['File']>,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<Hdf5File> {
    const module = await h5wasm();
    if (stopped) throw new FormatError(path, 'HDF5 file not read: the HDF5 library stopped on an earlier damaged file in this process', { offset: 0 });
    checkGlobalHeaps(path);
    try {
      return new Hdf5File(module, new module.File(path, 'r'), path);
    } catch (error) {
      throw new FormatError(path, `HDF5 file could not be opened: ${hdf5Reason(error)}`, { offset: 0 });
    }
  }

  /** Runs `body` with the file open and closes it afterwards. */
  static async with<T>(path: string, body: (file: Hdf5File) => T | Promise<T>): Promise<T> {
    const file = await Hdf5File.open(path);
    try {
      return await body(file);
    } finally {
      file.close();
    }
  }

  /** 'group', 'dataset', or undefined when nothing is at `objectPath`. */
  kind(objectPath: string): 'group' | 'dataset' | undefined {
    let entity;
    try {
      entity = this.file.get(objectPath);
    } catch (error) {
      if (isWasmFailure(error)) throw new FormatError(this.path, `HDF5 object ${objectPath}: ${hdf5Reason(error)}`);
      return undefined; // HDF5 reports a missing parent group as an error
    }
    if (entity instanceof this.module.Group) return 'group';
    if (entity instanceof this.module.Dataset) return 'dataset';
    return undefined;
  }

  /** Names of a group's members in HDF5's order (alphabetical unless the file tracks creation order). */
  children(groupPath: string): string[] {
    return this.guard(groupPath, () => this.group(groupPath).keys());
  }

  /** Attribute names of an object. */
  attrNames(objectPath: string): string[] {
    return this.guard(objectPath, () => Object.keys(this.entity(objectPath).attrs));
  }

  /** An attribute as JSON-compatible data (strings, numbers, arrays); undefined when it or its object is absent. */
  attr(objectPath: string, name: string): unknown {
    if (objectPath !== '/' && this.kind(objectPath) === undefined) return undefined;
    return this.guard(`${objectPath} attribute ${name}`, () => {
      const attrs = this.entity(objectPath).attrs;
      return name in attrs ? attrs[name].json_value : undefined;
    });
  }

  /** A string attribute (Keras stores JSON configs and versions this way). */
  stringAttr(objectPath: string, name: string): string | undefined {
    const value = this.attr(objectPath, name);
    if (typeof value === 'string') return value;
    return value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : undefined;
  }

  /** A string-list attribute such as `weight_names` or `layer_names`; [] when absent or empty. */
  stringsAttr(objectPath: string, name: string): string[] {
    const value = this.attr(objectPath, name);
    if (Array.isArray(value)) return value.map(String);
    return typeof value === 'string' ? [value] : [];
  }

  /** A dataset's header: dtype, shape, layout. */
  dataset(datasetPath: string): Hdf5Dataset {
    return this.guard(datasetPath, () => {
      const dataset = this.file.get(datasetPath);
      if (!(dataset instanceof this.module.Dataset)) throw new Error('not a dataset');
      const metadata = dataset.metadata;
      const shape = (metadata.shape ?? []).map(Number);
      const elements = shape.reduce((product, dim) => product * dim, 1);
      return {
        path: datasetPath,
        dtype: hdf5Dtype(metadata),
        shape,
        byteLength: metadata.vlen ? undefined : elements * metadata.size,
        chunked: metadata.chunks !== null || dataset.filters.length > 0,
      };
    });
  }

  /** Every dataset under `groupPath`, depth first in HDF5's member order. */
  datasets(groupPath: string): Hdf5Dataset[] {
    const found: Hdf5Dataset[] = [];
    const stack = [groupPath];
    while (stack.length > 0) {
      const path = stack.pop()!;
      const kind = this.kind(path);
      if (kind === 'dataset') found.push(this.dataset(path));
      else if (kind === 'group') stack.push(...this.children(path).reverse().map((name) => `${path.replace(/\/$/, '')}/${name}`));
    }
    return found;
  }

  close(): void {
    try {
      this.file.close();
    } catch {
      // Closing a file whose open failed half-way has nothing left to release.
    }
  }

  private group(groupPath: string): H5Group {
    const entity = this.file.get(groupPath);
    if (!(entity instanceof this.module.Group)) throw new Error('not a group');
    return entity;
  }

  private entity(objectPath: string): H5Group | InstanceType<H5Module['Dataset']> {
    const entity = objectPath === '/' ? this.file : this.file.get(objectPath);
    if (!(entity instanceof this.module.Group) && !(entity instanceof this.module.Dataset)) throw new Error('no such group or dataset');
    return entity;
  }

  private guard<T>(what: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      throw new FormatError(this.path, `HDF5 object ${what}: ${hdf5Reason(error)}`);
    }
  }
}

/** HDF5's error stack, reduced to its innermost line: `H5F__super_read(): truncated file: eof = 5000, ...`. An abort or trap is said in words, and marks the library stopped for this process. */
export function hdf5Reason(error: unknown): string {
  if (isWasmFailure(error)) {
    stopped = true;
    return `the HDF5 library stopped on damaged data (${describeWasmFailure(error)})`;
  }
  const text = error instanceof Error ? error.message : String(error);
  const frames = [...text.matchAll(/#\d+: .*? in (\w+\(\)): (.*)/g)];
  const last = frames[frames.length - 1];
  const reason = last ? `${last[2].trim()} (${last[1]})` : text.split('\n')[0];
  // The most common damage, said without HDF5's internal field names.
  const cut = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(reason);
  return cut ? `truncated file: ${cut[1]} bytes where the HDF5 superblock says ${cut[2]}` : reason;
}

function hdf5Dtype(metadata: { type: number; size: number; signed: boolean }): DType {
  const FLOAT = 1;
  const INTEGER = 0;
  if (metadata.type === FLOAT) return ({ 2: 'float16', 4: 'float32', 8: 'float64' } as Record<number, string>)[metadata.size] ?? `float${metadata.size * 8}`;
  if (metadata.type === INTEGER) return `${metadata.signed ? 'int' : 'uint'}${metadata.size * 8}`;
  return 'unknown';
}
