// A webview's command runs a user's action (open a file, compare, export): when it fails, the user is told why in an
// error message, and the view keeps running.
import * as vscode from 'vscode';

/** Wraps `action` so a failure shows `Tensorsight: <what>: <reason>` instead of reaching the channel's log. */
export function userAction<Params>(what: string, action: (params: Params) => unknown): (params: Params) => Promise<void> {
  return async (params) => {
    try {
      await action(params);
    } catch (error) {
      void vscode.window.showErrorMessage(`Tensorsight: ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
