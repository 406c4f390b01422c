// DL4J model zips (ModelSerializer): configuration.json and coefficients.bin in a zip, often
// named .zip (or .net, .dl4j). The check reads the first local header's entry name.
import type { FormatModule } from '../registry';

const DL4J_ENTRIES = ['configuration.json', 'coefficients.bin', 'updaterState.bin', 'updater.bin', 'normalizer.bin', 'preprocessor.bin'];

/** A zip whose first entry is one ModelSerializer writes. */
function looksLikeDl4j(head: Uint8Array): boolean {
  if (head.length < 30 || head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 3 || head[3] !== 4) return false;
  const nameLength = head[26] | (head[27] << 8);
  const name = String.fromCharCode(...head.subarray(30, 30 + Math.min(nameLength, 64)));
  return DL4J_ENTRIES.includes(name);
}

/** ModelSerializer's two members, wherever they sit in the zip. */
function isDl4jArchive(names: readonly string[] | undefined): boolean {
  return names !== undefined && names.includes('configuration.json') && names.includes('coefficients.bin');
}

export const dl4jFormat: FormatModule = {
  id: 'dl4j',
  displayName: 'Deeplearning4j',
  extensions: ['.zip'],
  filePatterns: { default: [], option: ['*.zip'] },
  match: (head, _path, context) => looksLikeDl4j(head) || isDl4jArchive(context.zipEntryNames()),
  open: async (path, options) => (await import('./dl4jReader.js')).readDl4j(path, options),
};
