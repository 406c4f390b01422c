// The Training panel's export on the host: asks where to save, then writes every point of a tag (the rows come
// from core/charts/runQueries.ts, which also answers the panel's other data requests).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportRows, type RunLookup } from '../../core/charts/runQueries';
import { seriesToCsv, seriesToJson } from '../../core/charts/seriesExport';
import type { ExportParams } from '../../core/protocol/training';

/** Asks where to save, then writes every point; resolves to the path written, or null when cancelled. */
export async function exportSeries(runs: RunLookup, params: ExportParams): Promise<string | null> {
  const rows = exportRows(runs, params.tag, params.runs);
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
