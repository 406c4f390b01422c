// `Tensorsight: Profile Model…`: profiles an ONNX model with ONNX Runtime (in a child process, under a cancellable
// progress notification), then shows the profile in the Profile panel and colours the model's graph by time. The
// provider and the inputs are asked for unless the caller (a test, another extension) passes them.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExecutionProviderName, ModelProfile } from '../../core/profile/modelProfile';
import type { ModelTreeProvider } from '../model/modelTreeProvider';
import type { ProfileProbes } from './profileProbe';
import { ProfilePanel } from './profilePanel';
import { pickInputs } from './profileInputsPick';
import { pickProvider } from './providerPick';
import { runProfile, type ProfileRun } from './profileRun';
import { availableProviders } from '../../core/profile/ort/profileModel';

/** What the command may be given instead of asking. */
export interface ProfileModelOptions {
  ep?: ExecutionProviderName;
  /** Values of symbolic dims for random inputs (`{}`: none to bind); with neither this nor inputFiles, the user is asked. */
  dims?: Record<string, number>;
  inputFiles?: string[];
  runs?: number;
  warmup?: number;
}

/** The model to profile: the one given, the active tab's .onnx, the Model view's, or one picked. */
async function targetModel(target: unknown, tree: ModelTreeProvider): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active = tab instanceof vscode.TabInputText || tab instanceof vscode.TabInputCustom ? tab.uri : undefined;
  const isOnnx = (uri: vscode.Uri | undefined) => uri?.scheme === 'file' && path.extname(uri.fsPath).toLowerCase() === '.onnx';
  if (isOnnx(active)) return active;
  const shown = tree.outline ? vscode.Uri.file(tree.outline.path) : undefined;
  if (isOnnx(shown)) return shown;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Profile', filters: { 'ONNX models': ['onnx'] } });
  return picked?.[0];
}

/** Runs the command; resolves to the profile shown, or undefined (cancelled, or failed with an error message shown). */
export async function profileModel(context: vscode.ExtensionContext, probes: ProfileProbes, tree: ModelTreeProvider, target?: unknown, options: ProfileModelOptions = {}): Promise<ModelProfile | undefined> {
  const model = await targetModel(target, tree);
  if (!model) return undefined;
  const name = path.basename(model.fsPath);
  try {
    const ep = options.ep ?? (await pickProvider(availableProviders(), `Profile ${name}: execution provider`));
    if (!ep) return undefined;
    const inputs = options.dims || options.inputFiles ? { dims: options.dims ?? {}, inputFiles: options.inputFiles ?? [] } : await pickInputs(context.extensionPath, model);
    if (!inputs) return undefined;
    const run: ProfileRun = { model: model.fsPath, ep, ...inputs, ...(options.runs ? { runs: options.runs } : {}), ...(options.warmup !== undefined ? { warmup: options.warmup } : {}) };
    const profile = await runProfile(run);
    if (!profile) return undefined;
    ProfilePanel.show(context, probes, model, profile, run);
    const [{ showProfileOnGraph }, { profileOverlay }] = await Promise.all([import('../graph/graphProfile'), import('../../core/graph/profileOverlay')]);
    await showProfileOnGraph(model, profileOverlay(profile));
    return profile;
  } catch (error) {
    const message = `Tensorsight could not profile ${name}: ${error instanceof Error ? error.message : String(error)}`;
    probes.errors.push(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}
