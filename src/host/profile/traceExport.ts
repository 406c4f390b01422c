// The trace editor's export: asks where to save (beside the trace by default), then writes the table as CSV or JSON.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TraceSummary } from '../../core/profile/traceSummary';
import { traceTableCsv, traceTableJson, type TraceTable } from './traceTables';

const traceTables: readonly string[] = ['operators', 'kernels', 'steps'];

/** Saves `table` of the trace `uri`'s summary; resolves to the path written, or null when the dialog was cancelled. */
export async function exportTrace(uri: vscode.Uri, summary: TraceSummary, params: { table: string; format: 'json' | 'csv' }): Promise<string | null> {
  const { table, format } = params;
  if (table !== 'all' && !traceTables.includes(table)) throw new Error(`a trace has no ${table} table (it has ${traceTables.join(', ')})`);
  if (table === 'all' && format === 'csv') throw new Error('CSV holds one table: export operators, kernels or steps, or the whole summary as JSON');
  const stem = path.basename(uri.fsPath).replace(/\.json(\.gz)?$/i, '');
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(uri, '..', `${stem}.${table}.${format}`),
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
  if (!target) return null;
  const text = format === 'csv' ? traceTableCsv(summary, table as TraceTable) : traceTableJson(summary, table as TraceTable | 'all');
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Exported the ${table === 'all' ? 'trace summary' : `${table} table`} to ${path.basename(target.fsPath)}.`);
  return target.fsPath;
}
