// The TensorFlow formats: SavedModel folders (saved_model.pb + variables/) and frozen GraphDef .pb files.
// Readers load on demand; `match` looks only at the first bytes and the name.
import type { FormatModule } from '../registry';
import { looksLikeGraphDef, looksLikeSavedModel } from './tfDetect';

export const savedModelFormat: FormatModule = {
  id: 'savedmodel',
  displayName: 'TensorFlow SavedModel',
  // Found by content, by its folder, or by the name saved_model.pb; other .pb files fall back on GraphDef.
  extensions: [],
  filePatterns: { default: ['saved_model.pb'] },
  match: (head) => looksLikeSavedModel(head),
  open: async (path, options) => (await import('./savedModelReader.js')).readSavedModel(path, options),
};

export const graphDefFormat: FormatModule = {
  id: 'tf-graphdef',
  displayName: 'TensorFlow GraphDef',
  extensions: ['.pb'],
  filePatterns: { default: ['*.pb'] },
  match: (head) => looksLikeGraphDef(head),
  open: async (path, options) => (await import('./graphDefReader.js')).readGraphDef(path, options),
};
