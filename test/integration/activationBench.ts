// Benchmark entry loaded as extensionTestsPath (not a mocha suite): activates Tensorsight in a fresh extension host and
// records activate()'s own activationMs plus the wall time VS Code needs around extension.activate().
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';

/** One launch's figures, appended as a JSON line to TENSORSIGHT_BENCH_FILE and logged after benchSampleMarker. */
export interface ActivationSample {
  activationMs: number;
  activateWallMs: number;
  /** True when something activated the extension before this entry ran, which would make activateWallMs meaningless. */
  wasActive: boolean;
  /** activate()'s own breakdown by feature. */
  steps: Record<string, number>;
}

export const benchSampleMarker = 'tensorsight-bench-activation';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  if (!extension) throw new Error('extension tensorsight.tensorsight is not loaded in this extension host');
  const wasActive = extension.isActive;
  const start = performance.now();
  const api = await extension.activate();
  const sample: ActivationSample = { activationMs: api.activationMs, activateWallMs: performance.now() - start, wasActive, steps: api.activationSteps };
  const line = JSON.stringify(sample);
  if (process.env.TENSORSIGHT_BENCH_FILE) appendFileSync(process.env.TENSORSIGHT_BENCH_FILE, `${line}\n`);
  console.log(`${benchSampleMarker} ${line}`);
}
