// Where a spec's training request comes from in the window: the runs folder (tensorsight.runs.folder, as for
// Run Training Script), the backend (tensorsight.train.backend) and the folders optional backends are resolved from.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainRequest } from '../../core/train/run/trainMessage';
import { BACKEND_LADDER } from '../../core/train/run/backendReport';
import { DEFAULT_RUNS_FOLDER, runsFolderFor } from '../launch/runsFolder';

/** The setting's value when it pins a backend (it overrides the spec's `backend`); undefined for auto. */
export function backendSetting(scope?: vscode.Uri): string | undefined {
  const value = vscode.workspace.getConfiguration('tensorsight.train', scope).get<string>('backend', 'auto');
  return (BACKEND_LADDER as readonly string[]).includes(value) ? value : undefined;
}

/** Folders to resolve tfjs-node(-gpu), webgpu and wasm from: the spec's workspace folder (else its own), the extension, then tensorsight.train.modulesFolder. */
export function searchDirsFor(spec: vscode.Uri, extensionPath: string): string[] {
  const folder = vscode.workspace.getWorkspaceFolder(spec)?.uri.fsPath ?? path.dirname(spec.fsPath);
  const dirs = [folder, extensionPath];
  const modules = vscode.workspace.getConfiguration('tensorsight.train', spec).get<string>('modulesFolder', '').trim();
  if (modules) dirs.push(path.resolve(folder, modules.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~')));
  return [...new Set(dirs)];
}

/** The request for `spec`: its runs folder unless given (Re-run and Resume keep the original's). */
export function trainRequestFor(spec: vscode.Uri, extensionPath: string, given: { runsRoot?: string; resumeFrom?: string; backend?: string } = {}): TrainRequest {
  const runsRoot = given.runsRoot ?? runsFolderFor(spec) ?? path.join(path.dirname(spec.fsPath), DEFAULT_RUNS_FOLDER);
  const backend = given.backend ?? backendSetting(spec);
  return {
    specFile: spec.fsPath,
    runsRoot,
    searchDirs: searchDirsFor(spec, extensionPath),
    ...(backend ? { backend } : {}),
    ...(given.resumeFrom ? { resumeFrom: given.resumeFrom } : {}),
  };
}
