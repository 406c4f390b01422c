// The Profile panel's export: asks where to save (beside the model by default), then writes the op-type or node table
// as CSV or JSON, or the whole profile as JSON (which the panel's compare reads back).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelProfile } from '../../core/profile/modelProfile';
import { nodesCsv, opsCsv, profileJson } from '../../core/profile/ort/profileExport';

/** Saves `table` of `profile`; resolves to the path written, or null when the dialog was cancelled. */
export async function exportProfile(model: vscode.Uri, profile: ModelProfile, params: { table: string; format: 'json' | 'csv' }): Promise<string | null> {
  const { table, format } = params;
  if (table !== 'all' && table !== 'ops' && table !== 'nodes') throw new Error(`a model profile has no ${table} table (it has ops and nodes)`);
  if (table === 'all' && format === 'csv') throw new Error('CSV holds one table: export ops or nodes, or the whole profile as JSON');
  const stem = `${path.basename(model.fsPath, path.extname(model.fsPath))}.${profile.ep}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(model, '..', `${stem}.${table === 'all' ? 'profile' : table}.${format}`),
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
  if (!target) return null;
  const text = format === 'csv' ? (table === 'ops' ? opsCsv(profile.ops) : nodesCsv(profile.nodes)) : table === 'all' ? profileJson(profile) : `${JSON.stringify(table === 'ops' ? profile.ops : profile.nodes, null, 1)}\n`;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Exported the ${table === 'all' ? 'profile' : `${table} table`} to ${path.basename(target.fsPath)}.`);
  return target.fsPath;
}
