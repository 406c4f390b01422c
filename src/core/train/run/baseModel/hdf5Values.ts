// Reads weight values out of a Keras HDF5 file. The repository's Hdf5File (core/formats/containers/hdf5File.ts) reads
// structure only (groups, attributes, dataset headers) because the model viewer never needs weights; fine-tuning
// does. Hdf5File.with opens the file first (loading h5wasm with its throwing error handler, checking global heaps),
// then a second read-only h5wasm handle on the same file reads the element values of the datasets asked for.
import { FormatError } from '../../../formats/formatError';
import { Hdf5File, hdf5Reason } from '../../../formats/containers/hdf5File';

/** Reads one dataset's elements as float32 (Keras stores float32; float64 is converted; h5wasm cannot read float16). */
export type ReadValues = (datasetPath: string) => Float32Array;

/** Runs `body` with the file open for structure (`h5`) and values (`values`), closing both afterwards. */
export async function withHdf5Values<T>(path: string, body: (h5: Hdf5File, values: ReadValues) => T | Promise<T>): Promise<T> {
  return Hdf5File.with(path, async (h5) => {
    const module = await import('h5wasm/node');
    await module.ready;
    let file: InstanceType<typeof module.File>;
    try {
      file = new module.File(path, 'r');
    } catch (error) {
      throw new FormatError(path, `HDF5 file could not be opened: ${hdf5Reason(error)}`, { offset: 0 });
    }
    const values: ReadValues = (datasetPath) => {
      const header = h5.dataset(datasetPath);
      if (!/^float(32|64)$/.test(header.dtype)) throw new FormatError(path, `HDF5 dataset ${datasetPath}: weights of type ${header.dtype} cannot be read for training (expected float32; re-save a float16 model in float32)`);
      let data: unknown;
      try {
        const dataset = file.get(datasetPath);
        if (!(dataset instanceof module.Dataset)) throw new Error('not a dataset');
        data = dataset.value;
      } catch (error) {
        throw new FormatError(path, `HDF5 dataset ${datasetPath}: ${hdf5Reason(error)}`);
      }
      const count = header.shape.reduce((product, dim) => product * dim, 1);
      if (typeof data === 'number') return Float32Array.of(data);
      if (!(data instanceof Float32Array || data instanceof Float64Array) || data.length !== count) {
        throw new FormatError(path, `HDF5 dataset ${datasetPath}: expected ${count} ${header.dtype} values`);
      }
      return data instanceof Float32Array ? data : Float32Array.from(data);
    };
    try {
      return await body(h5, values);
    } finally {
      try {
        file.close();
      } catch {
        // Nothing left to release when the handle is already gone.
      }
    }
  });
}

