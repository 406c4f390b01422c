// What a format's `match` may look at beyond the first bytes, computed once per file and only when a format asks:
// the names in a zip's central directory (PyTorch, Keras 3, DL4J and torch.export archives are all zips, told
// apart by their members, not by which member happens to come first) and the top-level keys of a JSON object.
import { FormatError } from './formatError';
import { ModelFile } from './containers/modelFile';
import { ZipArchive } from './containers/zipArchive';

export interface MatchContext {
  /** Member names from the zip's central directory; undefined when the file is no zip or its directory is unreadable. */
  zipEntryNames(): readonly string[] | undefined;
  /** Top-level keys of the JSON object the head starts with, as far as the head reaches; undefined when it is none. */
  jsonKeys(): readonly string[] | undefined;
}

/** A context for the file at `path` whose first bytes are `head`; `file` is reused when the caller has it open. */
export function matchContext(head: Uint8Array, path: string, file?: ModelFile): MatchContext {
  let zipNames: readonly string[] | undefined | null = null;
  let keys: readonly string[] | undefined | null = null;
  return {
    zipEntryNames() {
      if (zipNames === null) zipNames = ZipArchive.looksLikeZip(head) ? readZipNames(path, file) : undefined;
      return zipNames;
    },
    jsonKeys() {
      if (keys === null) keys = topLevelJsonKeys(Buffer.from(head).toString('utf8'));
      return keys;
    },
  };
}

function readZipNames(path: string, file: ModelFile | undefined): readonly string[] | undefined {
  const opened = file ?? ModelFile.open(path);
  try {
    return ZipArchive.openSync(opened).entries.map((entry) => entry.name);
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  } finally {
    if (!file) opened.close();
  }
}

/** The keys at depth 1 of `text` when it starts with a JSON object (the object may be cut off). */
export function topLevelJsonKeys(text: string): string[] | undefined {
  let at = text.search(/\S/);
  if (at < 0 || text[at] !== '{') return undefined;
  const keys: string[] = [];
  let depth = 0;
  for (; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      const end = stringEnd(text, at);
      if (end < 0) break;
      if (depth === 1 && /^\s*:/.test(text.slice(end + 1, end + 16))) keys.push(JSON.parse(text.slice(at, end + 1)) as string);
      at = end;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  return keys;
}

/** Index of the quote closing the string that opens at `start`, or -1 when the text ends first. */
function stringEnd(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    if (text[at] === '\\') at++;
    else if (text[at] === '"') return at;
  }
  return -1;
}
