// Keras models: Keras 2 HDF5 (.h5) and Keras 3 zip archives (.keras), detected by their signatures.
import type { FormatModule } from '../registry';
import { isKeras3Archive, looksLikeKeras } from './kerasDetect';

export const kerasFormat: FormatModule = {
  id: 'keras',
  displayName: 'Keras',
  extensions: ['.keras', '.h5', '.hdf5'],
  filePatterns: { default: ['*.keras', '*.h5', '*.hdf5'] },
  match: (head, _path, context) => looksLikeKeras(head) || isKeras3Archive(context.zipEntryNames()),
  open: async (path, options) => (await import('./kerasReader.js')).readKeras(path, options),
};
