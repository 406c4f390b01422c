// What the Training panel asks of the runs beyond the feed: every point of a tag for an export, a zoomed window of
// a long series, and the text and image points of media tags decoded from their records. Pure over the runs'
// stores and readers, so the host only adds its dialogs; the host's RunsModel is one RunLookup.
import type { SummaryValue } from '../events/eventTypes';
import type { RecordRef } from '../events/pointSeries';
import type { RunReader } from '../events/runReader';
import type { ImagePoint, TextPoint, WindowParams, WindowReply } from '../protocol/training';
import type { FeedRun } from './chartFeed';
import type { ExportSeries } from './seriesExport';
import { windowSeries } from './seriesLod';

/** A run as these queries read it: its store and the reader that can decode a record again. */
export interface QueryRun extends FeedRun {
  readonly reader: Pick<RunReader, 'readEventAt'>;
}

/** Finds a run by id. */
export interface RunLookup {
  run(id: string): QueryRun | undefined;
}

/** Every point of `tag` in the given runs, as export rows; runs without the tag are left out. */
export function exportRows(runs: RunLookup, tag: string, ids: readonly string[]): ExportSeries[] {
  const rows: ExportSeries[] = [];
  for (const id of ids) {
    const series = runs.run(id)?.store.scalar(tag);
    if (series && series.length > 0) rows.push({ run: id, tag, ...series.columns() });
  }
  return rows;
}

/** The points of a zoomed window of a scalar series: exact, or reduced to between 100 and 8192 buckets when too many. */
export function scalarWindow(runs: RunLookup, { run, tag, first, last, buckets }: WindowParams): WindowReply {
  const series = runs.run(run)?.store.scalar(tag);
  if (!series) throw new Error(`No scalar series ${tag} in run ${run}`);
  return { ...windowSeries(series, first, last, Math.max(100, Math.min(buckets, 8192))), total: series.length };
}

/** The values of `tag` in the latest `limit` points of a media tag, newest first, decoded from their records. */
function latestValues(runs: RunLookup, id: string, tag: string, limit: number): { step: number; values: SummaryValue[]; error?: string }[] {
  const run = runs.run(id);
  const other = run?.store.other.get(tag);
  if (!run || !other) return [];
  const out = [];
  for (let i = other.points.length - 1; i >= Math.max(0, other.points.length - limit); i--) {
    const ref = other.points.items[i] as RecordRef;
    const step = other.points.steps[i];
    try {
      const event = run.reader.readEventAt(ref);
      out.push({ step, values: (event.values ?? []).filter((value) => value.tag === tag) });
    } catch (error) {
      // A record that no longer reads (the file was rewritten) costs its own point, not the whole list.
      out.push({ step, values: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

/** The latest text points of a text tag (at most `limit`), newest first. */
export function textPoints(runs: RunLookup, id: string, tag: string, limit = 50): TextPoint[] {
  return latestValues(runs, id, tag, limit).map(({ step, values, error }) => ({
    step,
    text: error ? [`(unreadable: ${error})`] : values.flatMap((value) => (value.kind === 'text' ? value.text : [])),
  }));
}

/** The latest image points of an image tag (at most `limit` steps), newest first, as base64 for data URLs. */
export function imagePoints(runs: RunLookup, id: string, tag: string, limit = 20): ImagePoint[] {
  return latestValues(runs, id, tag, limit).map(({ step, values }) => ({
    step,
    images: values.flatMap((value) =>
      value.kind === 'image' ? value.images.map((image) => ({ width: image.width, height: image.height, mime: imageMime(image.bytes), base64: Buffer.from(image.bytes).toString('base64') })) : [],
    ),
  }));
}

/** The MIME type from the magic bytes (JPEG, GIF, WebP), PNG otherwise: TensorBoard writers encode PNG. */
export function imageMime(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'image/gif';
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return 'image/png';
}
