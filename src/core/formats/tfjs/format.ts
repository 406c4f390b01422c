// TF.js models: a model.json (layers or graph model) with its weight shards. JSON files are usually other things,
// so the graph editor is only offered for model.json.
import type { FormatModule } from '../registry';
import { looksLikeTfjs } from './tfjsDetect';

export const tfjsFormat: FormatModule = {
  id: 'tfjs',
  displayName: 'TF.js',
  extensions: ['.json'],
  filePatterns: { default: [], option: ['model.json'] },
  match: (head, path) => looksLikeTfjs(head, path),
  open: async (path, options) => (await import('./tfjsReader.js')).readTfjs(path, options),
};
