// Jump to source from a trace's call stack: the file a profiler recorded may be absolute (the machine that ran it), or
// relative to where the script ran; it is looked for as written, beside the trace, in each workspace folder, and
// last by its path's tail anywhere in the workspace.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Where `file` (as a trace names it) is on this machine, or undefined. */
export async function findSource(trace: vscode.Uri, file: string): Promise<vscode.Uri | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const candidates = path.isAbsolute(file) ? [file] : [path.join(path.dirname(trace.fsPath), file), ...folders.map((folder) => path.join(folder, file))];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return vscode.Uri.file(found);
  // A trace made elsewhere: match the last two path parts (a bare name would match too many files).
  const tail = file.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
  if (!tail) return undefined;
  const [match] = await vscode.workspace.findFiles(`**/${tail}`, '**/node_modules/**', 1);
  return match;
}

/** Opens `file` at `line` (1-based) beside the trace; throws a clear error when the file is nowhere to be found. */
export async function openSource(trace: vscode.Uri, file: string, line: number): Promise<void> {
  const uri = await findSource(trace, file);
  if (!uri) throw new Error(`${file} was not found (as written, beside ${path.basename(trace.fsPath)}, or in the workspace)`);
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preview: true });
}
