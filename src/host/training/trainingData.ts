// Host-side data services of the Training panel: writing an export the user asked for, and decoding text
// points on request, and the zoomed windows of long scalar series. They read the runs' stores and files, never the webview.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seriesToCsv, seriesToJson, type ExportSeries } from '../../core/charts/seriesExport';
import type { SummaryValue } from '../../core/events/eventTypes';
import type { RecordRef } from '../../core/events/pointSeries';
import { windowSeries } from '../../core/charts/seriesLod';
import type { ExportParams, ImagePoint, TextPoint, WindowParams, WindowReply } from '../../core/protocol/training';
import type { RunsModel } from '../runs/runsModel';

/** Every point of `tag` in the given runs, as export rows. */
export function exportRows(model: RunsModel, { tag, runs }: Pick<ExportParams, 'tag' | 'runs'>): ExportSeries[] {
  const rows: ExportSeries[] = [];
  for (const id of runs) {
    const series = model.run(id)?.store.scalar(tag);
    if (series && series.length > 0) rows.push({ run: id, tag, ...series.columns() });
  }
  return rows;
}

/** The points of a zoomed window of a scalar series (exact, or reduced to the chart's width when too many). */
export function scalarWindow(model: RunsModel, { run, tag, first, last, buckets }: WindowParams): WindowReply {
  const series = model.run(run)?.store.scalar(tag);
  if (!series) throw new Error(`No scalar series ${tag} in run ${run}`);
  return { ...windowSeries(series, first, last, Math.max(100, Math.min(buckets, 8192))), total: series.length };
}

/** Asks where to save, then writes every point; resolves to the path written, or null when cancelled. */
export async function exportSeries(model: RunsModel, params: ExportParams): Promise<string | null> {
  const rows = exportRows(model, params);
  if (rows.length === 0) throw new Error(`No run shown has points for ${params.tag}`);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${params.tag.replace(/[^\w.-]+/g, '_')}.${params.format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: params.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
  if (!target) return null;
  const text = params.format === 'csv' ? seriesToCsv(rows) : seriesToJson(rows);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const points = rows.reduce((sum, row) => sum + row.steps.length, 0);
  void vscode.window.showInformationMessage(`Exported ${points} points of ${params.tag} to ${path.basename(target.fsPath)}.`);
  return target.fsPath;
}

/** The summary values of `tag` in the latest `limit` points of a media tag, newest first, decoded from their records. */
function latestValues(model: RunsModel, runId: string, tag: string, limit: number): { step: number; values: SummaryValue[]; error?: string }[] {
  const run = model.run(runId);
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
      out.push({ step, values: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

/** The latest text points of a text tag (at most `limit`). */
export function textPoints(model: RunsModel, runId: string, tag: string, limit = 50): TextPoint[] {
  return latestValues(model, runId, tag, limit).map(({ step, values, error }) => ({
    step,
    text: error ? [`(unreadable: ${error})`] : values.flatMap((value) => (value.kind === 'text' ? value.text : [])),
  }));
}

/** The latest image points of an image tag (at most `limit` steps), as base64 for data URLs. */
export function imagePoints(model: RunsModel, runId: string, tag: string, limit = 20): ImagePoint[] {
  return latestValues(model, runId, tag, limit).map(({ step, values }) => ({
    step,
    images: values.flatMap((value) =>
      value.kind === 'image' ? value.images.map((image) => ({ width: image.width, height: image.height, mime: imageMime(image.bytes), base64: Buffer.from(image.bytes).toString('base64') })) : [],
    ),
  }));
}

/** The MIME type from the magic bytes (PNG, JPEG, GIF, WebP); TensorBoard writers use PNG. */
function imageMime(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'image/gif';
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return 'image/png';
}
