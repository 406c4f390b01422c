// One table of every command, registered in one loop (after rust-analyzer's ctx.ts).
// A unit test checks this table against package.json contributes.commands.
import * as vscode from 'vscode';
import { type GpuFeature } from './gpu/registerGpu';
import { type GpuTreeNode } from './gpu/gpuTreeProvider';
import { type ModelFeature } from './model/registerModel';
import { type ModelTreeNode } from './model/modelTreeProvider';
import { type RunsFeature } from './runs/registerRuns';
import { type RunTreeNode } from './runs/runsTreeProvider';
import { type GraphEditorProvider } from './graph/graphEditorProvider';
import type { RunSweepOptions } from './launch/runSweepCommand';
import type { ProfileFeature } from './profile/registerProfile';
import type { ProfileModelOptions } from './profile/profileModelCommand';
import type { ResumeOptions } from './train/resumeTraining';

type Handler = (...args: never[]) => unknown;

/** What command handlers act on: the extension context and the features created at activation. */
export interface Services {
  context: vscode.ExtensionContext;
  gpu: GpuFeature;
  model: ModelFeature;
  graph: GraphEditorProvider;
  runs: RunsFeature;
  profile: ProfileFeature;
}

/** Builds a command's handler; imports of heavy modules happen inside the handler, on first use. */
export type CommandFactory = (services: Services) => Handler;

export const commandTable = {
  'tensorsight.env.check': ({ context }) => async () => {
    const { showDoctorReport } = await import('./env/doctorReport');
    return showDoctorReport(context);
  },
  'tensorsight.env.setUp': ({ context }) => async () => (await import('./env/setUpEnvironment')).setUpEnvironment(context),
  'tensorsight.model.showSummary': ({ model }) => async (uri?: vscode.Uri) => (await import('./model/registerModel')).showModelSummary(model, uri),
  'tensorsight.model.compare': ({ context, graph }) => async (uri?: vscode.Uri, uris?: vscode.Uri[]) => (await import('./compare/compareCommands')).compareModels(context, graph, uri, uris),
  'tensorsight.model.selectForCompare': () => async (uri?: vscode.Uri) => (await import('./compare/compareCommands')).selectForCompare(uri),
  'tensorsight.model.compareWithSelected': ({ context, graph }) => async (uri?: vscode.Uri) => (await import('./compare/compareCommands')).compareWithSelected(context, graph, uri),
  'tensorsight.graph.open': () => async (uri?: vscode.Uri) => (await import('./graph/graphEditorProvider')).openModelGraph(uri),
  'tensorsight.model.revealInGraph': ({ model, graph }) => async (node?: ModelTreeNode) => (await import('./graph/modelGraphSync')).revealLayerInGraph(model, graph, node),
  'tensorsight.gpu.refresh': ({ gpu }) => async () => (await import('./gpu/gpuCommands')).refreshGpus(gpu),
  'tensorsight.gpu.copyDetails': ({ gpu }) => async (node?: GpuTreeNode) => (await import('./gpu/gpuCommands')).copyGpuDetails(gpu, node),
  'tensorsight.gpu.killProcess': ({ gpu }) => async (node?: GpuTreeNode) => (await import('./gpu/gpuCommands')).killGpuProcess(gpu, node),
  'tensorsight.gpu.openTerminal': () => async () => (await import('./gpu/gpuCommands')).openNvidiaSmiTerminal(),
  'tensorsight.runs.openCharts': ({ runs }) => async (target?: RunTreeNode | vscode.Uri) => (await import('./runs/runsCommands')).openTrainingCharts(runs, target),
  'tensorsight.runs.revealInExplorer': ({ runs }) => async (node?: RunTreeNode) => (await import('./runs/runsCommands')).revealRun(runs, node),
  'tensorsight.runs.delete': ({ runs }) => async (node?: RunTreeNode) => (await import('./runs/runsCommands')).deleteRun(runs, node),
  'tensorsight.runs.refresh': ({ runs }) => async () => (await import('./runs/runsCommands')).refreshRuns(runs),
  'tensorsight.runs.runScript': ({ runs }) => async (target?: vscode.Uri | RunTreeNode, options?: unknown) => (await import('./launch/runScriptCommand')).runTrainingScript(runs, target, options),
  'tensorsight.profile.script': ({ runs }) => async (target?: vscode.Uri | RunTreeNode, options?: unknown) => (await import('./launch/profileScriptCommand')).profileTrainingScript(runs, target, options),
  'tensorsight.runs.runSweep': ({ runs, gpu }) => async (target?: vscode.Uri | RunTreeNode, options?: RunSweepOptions) => (await import('./launch/runSweepCommand')).runSweep(runs, gpu, target, options),
  'tensorsight.runs.stop': ({ runs }) => async (node?: RunTreeNode | { id: string }) => (await import('./runs/runActions')).stopLaunchedRun(runs, node),
  'tensorsight.runs.showOutput': ({ runs }) => async (node?: RunTreeNode | { id: string }) => (await import('./runs/runActions')).showRunOutput(runs, node),
  'tensorsight.runs.rerun': ({ runs }) => async (node?: RunTreeNode | { id: string }) => (await import('./launch/runScriptCommand')).rerun(runs, node),
  'tensorsight.runs.rerunWithArguments': ({ runs }) => async (node?: RunTreeNode | { id: string }, options?: unknown) => (await import('./launch/runScriptCommand')).rerun(runs, node, true, options),
  'tensorsight.runs.compare': ({ runs }) => async (node?: RunTreeNode | { id: string }, nodes?: (RunTreeNode | { id: string })[]) => (await import('./runs/runActions')).compareRuns(runs, node, nodes),
  'tensorsight.runs.cancelQueued': ({ runs }) => async (node?: RunTreeNode) => (await import('./runs/runActions')).cancelQueuedRun(runs, node),
  'tensorsight.runs.showActive': ({ runs }) => async () => (await import('./runs/runActions')).showActiveRuns(runs),
  'tensorsight.profile.model': ({ context, profile, model }) => async (target?: vscode.Uri | ModelTreeNode, options?: ProfileModelOptions) => (await import('./profile/profileModelCommand')).profileModel(context, profile.probes, model.tree, target, options),
  'tensorsight.trace.open': () => async (uri?: vscode.Uri) => (await import('./profile/openTrace')).openTrace(uri),
  'tensorsight.train.model': ({ runs }) => async (target?: vscode.Uri | RunTreeNode, options?: unknown) => (await import('./train/trainModelCommand')).trainModel(runs, target, options),
  'tensorsight.train.resume': ({ runs }) => async (node?: RunTreeNode | { id: string }, options?: ResumeOptions) => (await import('./train/resumeTraining')).resumeTraining(runs, node, options),
} satisfies Record<string, CommandFactory>;

export type CommandId = keyof typeof commandTable;

export function registerCommands(services: Services): void {
  for (const [id, factory] of Object.entries(commandTable) as [CommandId, CommandFactory][]) {
    services.context.subscriptions.push(vscode.commands.registerCommand(id, factory(services)));
  }
}
