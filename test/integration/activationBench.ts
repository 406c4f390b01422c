// Benchmark entry loaded as extensionTestsPath (not a mocha suite): makes sure Tensorsight and the empty baseline
// extension (bench/fixtures/emptyExtension) are active in this fresh extension host, then reads what VS Code itself
// timed for each. The extension host marks every extension's code loading and activate() call
// (code/extHost/{will,did}{LoadExtensionCode,ActivateExtension}/<id>); the Running Extensions view reports the same
// spans. Reading the marks, not timing extension.activate() from here, keeps the figures right when the workbench
// started the activation first (onStartupFinished races this entry).
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';

/** One extension's activation as the extension host's performance marks record it (whole milliseconds). */
export interface ActivationMarks {
  /** require() of the main file: read, compile, evaluate. */
  codeLoadingMs: number;
  /** From the end of code loading until VS Code calls activate(): its own work (the extension context, storage). */
  waitMs: number;
  /** The activate() call. */
  activateCallMs: number;
}

/** One launch's figures, appended as a JSON line to TENSORSIGHT_BENCH_FILE and logged after benchSampleMarker. */
export interface ActivationSample {
  tensorsight: ActivationMarks;
  baseline: ActivationMarks;
  /** activate()'s own figure, at sub-millisecond resolution: evaluating the bundle from its first line plus activate(). */
  activationMs: number;
  /** activate()'s own breakdown by feature. */
  steps: Record<string, number>;
}

export const benchSampleMarker = 'tensorsight-bench-activation';
export const baselineExtensionId = 'tensorsight-bench.empty';

interface PerformanceMark {
  name: string;
  startTime: number;
}

function activationMarks(marks: readonly PerformanceMark[], id: string): ActivationMarks {
  const at = (event: string): number => {
    const mark = marks.find((candidate) => candidate.name === `code/extHost/${event}/${id}`);
    if (!mark) throw new Error(`the extension host recorded no ${event} mark for ${id}`);
    return mark.startTime;
  };
  const willLoad = at('willLoadExtensionCode');
  const didLoad = at('didLoadExtensionCode');
  const willActivate = at('willActivateExtension');
  const didActivate = at('didActivateExtension');
  return { codeLoadingMs: didLoad - willLoad, waitMs: willActivate - didLoad, activateCallMs: didActivate - willActivate };
}

function requireExtension<T>(id: string): vscode.Extension<T> {
  const extension = vscode.extensions.getExtension<T>(id);
  if (!extension) throw new Error(`extension ${id} is not loaded in this extension host`);
  return extension;
}

export async function run(): Promise<void> {
  const [api] = await Promise.all([
    requireExtension<TensorsightApi>('tensorsight.tensorsight').activate(),
    requireExtension<unknown>(baselineExtensionId).activate(),
  ]);
  const performanceMarks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerformanceMark[] } }).MonacoPerformanceMarks;
  if (!performanceMarks) throw new Error('this extension host keeps no performance marks (globalThis.MonacoPerformanceMarks)');
  const marks = performanceMarks.getMarks();
  const sample: ActivationSample = {
    tensorsight: activationMarks(marks, 'tensorsight.tensorsight'),
    baseline: activationMarks(marks, baselineExtensionId),
    activationMs: api.activationMs,
    steps: api.activationSteps,
  };
  const line = JSON.stringify(sample);
  if (process.env.TENSORSIGHT_BENCH_FILE) appendFileSync(process.env.TENSORSIGHT_BENCH_FILE, `${line}\n`);
  console.log(`${benchSampleMarker} ${line}`);
}
