// Where launched runs go: tensorsight.runs.folder, relative to each workspace folder (or absolute).
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The setting's default, also the CLI's (`--runs-dir`, default ./tensorsight-runs). */
export const DEFAULT_RUNS_FOLDER = 'tensorsight-runs';

/** The runs folder for a script: under the workspace folder that holds it (else the first), or the absolute setting. */
export function runsFolderFor(scriptOrFolder?: vscode.Uri): string | undefined {
  const setting = vscode.workspace.getConfiguration('tensorsight.runs', scriptOrFolder).get<string>('folder', DEFAULT_RUNS_FOLDER).trim() || DEFAULT_RUNS_FOLDER;
  if (path.isAbsolute(setting)) return path.normalize(setting);
  const folder = (scriptOrFolder && vscode.workspace.getWorkspaceFolder(scriptOrFolder)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  return path.resolve(folder.uri.fsPath, setting);
}

/** Every runs folder of the window: one per local workspace folder (one in all when the setting is absolute). */
export function runsFolders(): string[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  const found = new Set<string>();
  for (const folder of folders) {
    const root = runsFolderFor(folder.uri);
    if (root) found.add(root);
  }
  return [...found];
}
