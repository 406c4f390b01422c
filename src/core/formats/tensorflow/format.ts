// The TensorFlow formats: SavedModel folders (saved_model.pb + variables/) and frozen GraphDef .pb files.
// Readers load on demand; `match` looks only at the first bytes and the name.
import type { Model } from '../../ir/graph';
import type { OpenOptions } from '../registry';
import { looksLikeGraphDef, looksLikeSavedModel } from './tfDetect';

export const savedModelFormat = {
  id: 'savedmodel',
  displayName: 'TensorFlow SavedModel',
  // Found by content, by its folder, or by the name saved_model.pb; other .pb files fall back on GraphDef.
  extensions: [] as readonly string[],
  filePatterns: { default: ['saved_model.pb'] },
  match: (head: Uint8Array): boolean => looksLikeSavedModel(head),
  open: async (path: string, options?: OpenOptions): Promise<Model> => (await import('./savedModelReader.js')).readSavedModel(path, options),
};

export const graphDefFormat = {
  id: 'tf-graphdef',
  displayName: 'TensorFlow GraphDef',
  extensions: ['.pb'] as readonly string[],
  filePatterns: { default: ['*.pb'] },
  match: (head: Uint8Array): boolean => looksLikeGraphDef(head),
  open: async (path: string, options?: OpenOptions): Promise<Model> => (await import('./graphDefReader.js')).readGraphDef(path, options),
};
