// Values for symbolic dims (`batch=8,sequence=512`), as `tensorsight summary --dims`, `tensorsight profile --dims`
// and Profile Model…'s input box take them.

/** A bindings text that does not parse; the message names the entry that is wrong. */
export class DimBindingsError extends Error {}

/** Parses `batch=8,sequence=512` into `{batch: 8, sequence: 512}`; empty entries are skipped. */
export function parseDims(text: string): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const part of text.split(',').filter((entry) => entry.trim() !== '')) {
    const match = /^\s*([^=]+?)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match || Number(match[2]) < 1) throw new DimBindingsError(`entries look like name=positive integer, got '${part.trim()}'`);
    dims[match[1]] = Number(match[2]);
  }
  return dims;
}
