// Entry point: only wiring. Each feature registers itself; heavy modules load on first use.

import type * as vscode from 'vscode';
import { registerCommands } from './host/commands';
import { registerGpu, type GpuFeature } from './host/gpu/registerGpu';
import { GraphEditorProvider, registerGraph } from './host/graph/graphEditorProvider';
import { registerGraphOpenPrompt } from './host/graph/graphOpenPrompt';
import { syncModelViewWithGraph } from './host/graph/modelGraphSync';
import { registerModel, type ModelFeature } from './host/model/registerModel';
import { registerProfile, type ProfileFeature } from './host/profile/registerProfile';
import { registerRuns, type RunsFeature } from './host/runs/registerRuns';
import type { OpenPromptProbe } from './host/testProbes';

/** What activate() hands to other extensions and to our own tests and benchmarks. */
export interface TensorsightApi {
  /** Milliseconds of our own work: evaluating the bundle (from its first line, see esbuild.mjs) plus activate(). */
  readonly activationMs: number;
  /** Milliseconds each part of activate() took, to find what slows activation down. */
  readonly activationSteps: Record<string, number>;
  /** The GPU monitor, for the integration tests. */
  readonly gpu: GpuFeature;
  /** The Model view, for the integration tests. */
  readonly model: ModelFeature;
  /** The Runs view and the Training panel, for the integration tests. */
  readonly runs: RunsFeature;
  /** The files the "Open as model graph" prompt was shown for, for the integration tests. */
  readonly graphOpenPrompt: OpenPromptProbe;
  /** The trace editor and the Profile panels, for the integration tests. */
  readonly profile: ProfileFeature;
}

// Set by the bundle's first line (esbuild.mjs banner); absent when this file is loaded unbundled.
const bundleStart = (globalThis as { __tensorsightBundleStart?: number }).__tensorsightBundleStart ?? performance.now();
const bundleEvaluatedMs = performance.now() - bundleStart;

export function activate(context: vscode.ExtensionContext): TensorsightApi {
  const activateStart = performance.now();
  const steps: Record<string, number> = { moduleLoad: bundleEvaluatedMs };
  const timed = <T>(name: string, register: () => T): T => {
    const start = performance.now();
    const result = register();
    steps[name] = performance.now() - start;
    return result;
  };
  const gpu = timed('gpu', () => registerGpu(context));
  const model = timed('model', () => registerModel(context, gpu.monitor));
  const graph = timed('graph', () => registerGraph(context));
  const graphOpenPrompt = timed('graphOpenPrompt', () => registerGraphOpenPrompt(context, GraphEditorProvider.viewType));
  const runs = timed('runs', () => registerRuns(context));
  const profile = timed('profile', () => registerProfile(context));
  timed('commands', () => registerCommands({ context, gpu, model, graph, runs, profile }));
  context.subscriptions.push(syncModelViewWithGraph(model, graph));
  return { activationMs: bundleEvaluatedMs + performance.now() - activateStart, activationSteps: steps, gpu, model, runs, graphOpenPrompt, profile };
}

export function deactivate(): void {
  // Every disposable lives in context.subscriptions; VS Code disposes them.
}
