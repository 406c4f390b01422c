// Keras models: Keras 2 HDF5 (.h5) and Keras 3 zip archives (.keras), detected by their signatures.
import type { FormatModule } from '../registry';
import { looksLikeKeras } from './kerasDetect';

export const kerasFormat: FormatModule = {
  id: 'keras',
  displayName: 'Keras',
  extensions: ['.keras', '.h5', '.hdf5'],
  filePatterns: { default: ['*.keras', '*.h5', '*.hdf5'] },
  match: (head) => looksLikeKeras(head),
  open: async (path, options) => (await import('./kerasReader.js')).readKeras(path, options),
};
