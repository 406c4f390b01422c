// Entry point: only wiring. Each feature registers itself; heavy modules load on first use.
const moduleLoadStart = performance.now();

import type * as vscode from 'vscode';
import { registerCommands } from './host/commands';
import { registerGpu, type GpuFeature } from './host/gpu/registerGpu';
import { registerModel, type ModelFeature } from './host/model/registerModel';

/** What activate() hands to other extensions and to our own tests and benchmarks. */
export interface TensorsightApi {
  /** Milliseconds from this module's first line to the end of activate(). */
  readonly activationMs: number;
  /** The GPU monitor, for the integration tests. */
  readonly gpu: GpuFeature;
  /** The Model view, for the integration tests. */
  readonly model: ModelFeature;
}

export function activate(context: vscode.ExtensionContext): TensorsightApi {
  const gpu = registerGpu(context);
  const model = registerModel(context);
  registerCommands({ context, gpu, model });
  return { activationMs: performance.now() - moduleLoadStart, gpu, model };
}

export function deactivate(): void {
  // Every disposable lives in context.subscriptions; VS Code disposes them.
}
