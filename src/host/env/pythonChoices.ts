// What VS Code knows about the user's Python, for the doctor and Set Up Environment: the setting
// tensorsight.python.path, the Python extension's choice and the workspace folders (scanned for .venv/venv).
import * as vscode from 'vscode';
import type { PythonChoices } from '../../core/env/findPythonCandidates';
import { pythonExtensionInterpreter } from './pythonExtensionInterpreter';

/** The choices findPythonCandidates ranks; the Python extension gets at most `extensionTimeoutMs` to answer. */
export async function pythonChoices(extensionTimeoutMs: number): Promise<PythonChoices> {
  const setting = vscode.workspace.getConfiguration('tensorsight').get<string>('python.path', '').trim();
  const fromExtension = await pythonExtensionInterpreter(extensionTimeoutMs);
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  return { setting: setting === '' ? undefined : setting, fromExtension, workspaceFolders };
}
