// Opens Keras files by content, whatever their extension: the HDF5 signature means a Keras 2
// HDF5 model or weights file (also when it is named .keras), a zip means a Keras 3 archive.
import type { Model } from '../../ir/graph';
import { FormatError } from '../formatError';
import { isKerasArchive, readKerasArchive } from './kerasArchive';
import { isHdf5 } from './kerasDetect';
import { readKerasHdf5 } from './kerasHdf5';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { ZipArchive } from '../containers/zipArchive';

/** Parses a Keras model file (.keras, .h5, .hdf5) into the IR. */
export async function readKeras(path: string, options: OpenOptions = {}): Promise<Model> {
  const { head, size } = await ModelFile.with(path, (file) => ({ head: file.head(8), size: file.size }));
  if (isHdf5(head)) return readKerasHdf5(path, size);
  if (ZipArchive.looksLikeZip(head)) {
    return ModelFile.with(path, async (file) => {
      const zip = await ZipArchive.open(file);
      if (!isKerasArchive(zip)) {
        throw new FormatError(path, `zip archive is not a Keras 3 model: expected config.json with metadata.json or model.weights.h5 (found ${zip.entries.slice(0, 5).map((entry) => entry.name).join(', ') || 'no entries'})`, { entry: 'config.json' });
      }
      return readKerasArchive(file, zip, options);
    });
  }
  throw new FormatError(path, 'not a Keras file: expected the HDF5 signature (\\x89HDF\\r\\n\\x1a\\n) or a zip archive (Keras 3 .keras)', { offset: 0 });
}

