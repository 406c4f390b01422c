// The interpreter the user picked in the Python extension (ms-python.python), if that extension and its API are there.
// Everything is guarded: a missing, old, slow or failing extension means "no answer", never an error.
import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import { interpreterIn } from '../../core/env/findPythonCandidates';

/** The part of the Python extension's exported API we use (environments API, 2023.x and later). */
interface PythonEnvironmentsApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): { id?: string; path?: string } | undefined;
    resolveEnvironment?(environment: { id?: string; path?: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The active interpreter's executable, or undefined when the Python extension can't say within `timeoutMs`. */
export async function pythonExtensionInterpreter(timeoutMs: number): Promise<string | undefined> {
  try {
    const extension = vscode.extensions.getExtension<PythonEnvironmentsApi>(PYTHON_EXTENSION_ID);
    if (!extension) return undefined;
    const api = extension.isActive ? extension.exports : await withTimeout(Promise.resolve(extension.activate()), timeoutMs);
    const environments = api?.environments;
    if (typeof environments?.getActiveEnvironmentPath !== 'function') return undefined;
    const active = environments.getActiveEnvironmentPath(vscode.workspace.workspaceFolders?.[0]?.uri);
    if (!active) return undefined;
    if (typeof environments.resolveEnvironment === 'function') {
      const resolved = await withTimeout(Promise.resolve(environments.resolveEnvironment(active)), timeoutMs);
      const executable = resolved?.executable?.uri?.fsPath;
      if (typeof executable === 'string' && executable !== '') return executable;
    }
    return typeof active.path === 'string' && active.path !== '' ? executableIn(active.path) : undefined;
  } catch {
    return undefined;
  }
}

/** The API may hand back an environment folder instead of an executable; find the interpreter inside it. */
function executableIn(path: string): string {
  try {
    if (!statSync(path).isDirectory()) return path;
  } catch {
    return path;
  }
  return interpreterIn(path) ?? path;
}

/** Resolves to undefined when `promise` takes longer than `ms` (or rejects). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
