// Cheap content check for TF.js model.json files, kept apart from the reader so that detection
// loads no parsing code.

/** True for a .json file whose first bytes name TF.js's top-level keys. */
export function looksLikeTfjs(head: Uint8Array, path: string): boolean {
  if (!path.toLowerCase().endsWith('.json')) return false;
  const text = Buffer.from(head).toString('utf8');
  return /"(modelTopology|weightsManifest)"\s*:/.test(text) || /"format"\s*:\s*"(layers|graph)-model"/.test(text);
}
