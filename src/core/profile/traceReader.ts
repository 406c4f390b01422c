// Streams a trace file of any size (plain or gzip, told apart by the magic bytes) through the scanner and hands
// every normalized event to the visitors, in one pass. The file is never one string: it flows in chunks of a few MiB,
// so traces past V8's 512 MiB string limit (and past several GB) read in bounded memory.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { EventNormalizer } from './eventNormalizer';
import type { TraceMetadata, TraceVisitor } from './traceEvent';
import { TraceCancelledError, TraceReadError } from './traceReadError';
import { TraceScanner } from './traceScanner';

const READ_CHUNK = 2 * 2 ** 20;
const GUNZIP_CHUNK = 2 * 2 ** 20;

export interface ReadTraceOptions {
  /** Called after each chunk with the bytes of the file (compressed, for gzip) read so far. */
  onProgress?(bytesRead: number, totalBytes: number): void;
  signal?: AbortSignal;
}

/** What one pass yields: each visitor's result, in the order given, and the file-level facts. */
export interface TraceReadResult<Results extends unknown[]> {
  results: Results;
  metadata: TraceMetadata;
  /** Objects in the events array (every phase, before 'B'/'E' pairing). */
  events: number;
  fileBytes: number;
  gzip: boolean;
  /** Things skipped or not understood, with where. */
  warnings: string[];
}

type ResultsOf<Visitors extends readonly TraceVisitor<unknown>[]> = { [K in keyof Visitors]: Visitors[K] extends TraceVisitor<infer R> ? R : never };

/** Whether the file starts with gzip's magic bytes. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

export async function readTrace<Visitors extends readonly TraceVisitor<unknown>[]>(file: string, visitors: Visitors, options: ReadTraceOptions = {}): Promise<TraceReadResult<ResultsOf<Visitors> & unknown[]>> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new TraceCancelledError();
  const fileBytes = (await stat(file)).size;
  const gzip = await isGzip(file);
  const fields: Record<string, unknown> = {};
  let deviceProperties: Record<string, unknown>[] = [];
  const normalizer = new EventNormalizer(() => scanner.shape ?? 'object', fields, visitors);
  const scanner = new TraceScanner(file, {
    events: (values) => normalizer.push(values),
    field: (key, value, offset) => {
      if (value === undefined) normalizer.warn(`the top-level '${key}' at byte ${offset} was skipped: larger than the reader keeps`);
      else if ((key === 'deviceProperties' || key === 'computeProperties') && Array.isArray(value)) deviceProperties = value.filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object');
      else fields[key] = value;
    },
  });

  const source = createReadStream(file, { highWaterMark: READ_CHUNK });
  const gunzip = gzip ? createGunzip({ chunkSize: GUNZIP_CHUNK }) : undefined;
  if (gunzip) {
    source.on('error', (error) => gunzip.destroy(error));
    source.pipe(gunzip);
  }
  const stream = gunzip ?? source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new TraceCancelledError();
      scanner.push(chunk);
      onProgress?.(source.bytesRead, fileBytes);
    }
  } catch (error) {
    if (error instanceof TraceReadError || error instanceof TraceCancelledError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (gunzip && (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR')) {
      const what = code === 'Z_BUF_ERROR' ? 'more gzip data: the file is truncated' : 'valid gzip data: the file is damaged';
      throw new TraceReadError(file, scanner.offset, what, `${(error as Error).message}; compressed byte ${source.bytesRead} of ${fileBytes}`);
    }
    throw error;
  } finally {
    source.destroy();
    gunzip?.destroy();
  }
  scanner.end();
  normalizer.finish();
  const metadata: TraceMetadata = { dialect: normalizer.dialectNow(), fields, deviceProperties };
  const results = visitors.map((visitor) => visitor.finish(metadata)) as ResultsOf<Visitors> & unknown[];
  return { results, metadata, events: normalizer.count, fileBytes, gzip, warnings: normalizer.warnings };
}
