// A cache on disk of the graph payloads the editor built, one entry per model file, so reopening a file skips its
// parse and shape inference. An entry is keyed by the file's path, size and modification time and by the build of
// the code that made it (the worker bundle's size and time), so a changed file or a new build never reads an old one.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TensorRef } from '../ir/graph';
import type { GraphOverview } from './graphOverview';

/** What one entry holds: the inferred payload's bytes (encodeGraphPayload), where its weights are, and its overview (a graph that opens collapsed). */
export interface CachedPayload {
  payload: Uint8Array;
  weights: TensorRef[];
  overview?: GraphOverview;
}

/** Entries kept; the least recently written go first. */
const KEEP_ENTRIES = 16;

export class GraphPayloadCache {
  /** `dir`: a folder the cache owns; `build`: what identifies the code that builds payloads. */
  constructor(
    private readonly dir: string,
    private readonly build: string,
  ) {}

  /** The entry of `file` as it is now on disk, or undefined (none, stale, unreadable). */
  async read(file: string): Promise<CachedPayload | undefined> {
    try {
      const key = await this.key(file);
      const [payload, meta] = await Promise.all([fs.readFile(this.entry(key, 'payload')), fs.readFile(this.entry(key, 'json'), 'utf8')]);
      const { weights, overview } = JSON.parse(meta) as { weights: TensorRef[]; overview?: GraphOverview };
      return { payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength), weights, ...(overview ? { overview } : {}) };
    } catch {
      return undefined;
    }
  }

  /** Stores the entry of `file` under `keyBefore`, its key taken before the parse (a file changed meanwhile is not cached). */
  async write(file: string, entry: CachedPayload, keyBefore: string): Promise<void> {
    const key = await this.key(file).catch(() => undefined);
    if (key !== keyBefore) return;
    await fs.mkdir(this.dir, { recursive: true });
    // Written under temporary names and renamed, so a reader never sees half an entry; the payload goes last.
    const temporary = `.${process.pid}-${Date.now()}`;
    await fs.writeFile(this.entry(key, 'json') + temporary, JSON.stringify({ file, weights: entry.weights, overview: entry.overview }));
    await fs.writeFile(this.entry(key, 'payload') + temporary, entry.payload);
    await fs.rename(this.entry(key, 'json') + temporary, this.entry(key, 'json'));
    await fs.rename(this.entry(key, 'payload') + temporary, this.entry(key, 'payload'));
    await this.prune();
  }

  /** The key of `file` as it is now; throws when it cannot be read. */
  async key(file: string): Promise<string> {
    const stat = await fs.stat(file);
    return createHash('sha256').update([this.build, path.resolve(file), stat.size, stat.mtimeMs].join('\0')).digest('hex').slice(0, 32);
  }

  private entry(key: string, kind: 'payload' | 'json'): string {
    return path.join(this.dir, `${key}.${kind}`);
  }

  private async prune(): Promise<void> {
    const names = (await fs.readdir(this.dir)).filter((name) => name.endsWith('.payload'));
    if (names.length <= KEEP_ENTRIES) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, time: (await fs.stat(path.join(this.dir, name))).mtimeMs })));
    dated.sort((a, b) => b.time - a.time);
    for (const { name } of dated.slice(KEEP_ENTRIES)) {
      const key = name.slice(0, -'.payload'.length);
      await Promise.all([fs.rm(this.entry(key, 'payload'), { force: true }), fs.rm(this.entry(key, 'json'), { force: true })]);
    }
  }
}
