// Entry point: only wiring. Each feature registers itself; heavy modules load on first use.
const moduleLoadStart = performance.now();

import type * as vscode from 'vscode';
import { registerCommands } from './host/commands';

/** What activate() hands to other extensions and to our own tests and benchmarks. */
export interface TensorsightApi {
  /** Milliseconds from this module's first line to the end of activate(). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): TensorsightApi {
  registerCommands(context);
  return { activationMs: performance.now() - moduleLoadStart };
}

export function deactivate(): void {
  // Every disposable lives in context.subscriptions; VS Code disposes them.
}
