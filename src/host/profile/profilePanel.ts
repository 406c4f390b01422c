// The Profile panel: a webview panel (the profile webview) showing one model's ONNX Runtime profile, and a comparison
// when one was made. One panel per model file, reused by the next profile of that file. Clicking a node row reveals
// the node in the graph editor and the Model view.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelProfile, ProfileComparison } from '../../core/profile/modelProfile';
import { CompareCommand, ExportCommand, ModelProfileNotification, ProfileReadyCommand, RevealNodeCommand } from '../../core/protocol/profile';
import { WebviewChannel } from '../webviewChannel';
import { webviewResourceRoots } from '../webviewPage';
import type { ProfileProbes, ProfileViewProbe } from './profileProbe';
import { ProfileReplay } from './profileReplay';
import type { ProfileRun } from './profileRun';
import { profileWebviewHtml } from './profileWebviewHtml';
import { userAction } from './userAction';

export const profilePanelViewType = 'tensorsight.profile';

/** One open Profile panel. */
export class ProfilePanel implements vscode.Disposable {
  private static readonly open = new Map<string, ProfilePanel>();
  private readonly channel: WebviewChannel;
  private readonly replay: ProfileReplay;
  private readonly probe: ProfileViewProbe;
  readonly panel: vscode.WebviewPanel;
  private profile: ModelProfile | undefined;
  /** What the profile shown was made from, for a compare that profiles again on another provider. */
  private run: ProfileRun | undefined;

  /** Shows `profile` of `model`, made from `run`, in its panel (opened, or brought to the front). */
  static show(context: vscode.ExtensionContext, probes: ProfileProbes, model: vscode.Uri, profile: ModelProfile, run: ProfileRun): ProfilePanel {
    const panel = ProfilePanel.open.get(model.fsPath) ?? new ProfilePanel(context, probes, model);
    panel.run = run;
    panel.setProfile(profile, null);
    // In the column it has (a new panel opened beside the active editor).
    panel.panel.reveal(undefined, false);
    return panel;
  }

  private constructor(
    context: vscode.ExtensionContext,
    probes: ProfileProbes,
    readonly model: vscode.Uri,
  ) {
    const title = `Profile: ${path.basename(model.fsPath)}`;
    this.panel = vscode.window.createWebviewPanel(profilePanelViewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, { enableScripts: true, localResourceRoots: webviewResourceRoots(context.extensionUri) });
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'tensorsight.svg');
    this.panel.webview.html = profileWebviewHtml(this.panel.webview, context.extensionUri, title, 'Loading the profile…');
    this.probe = probes.add(model.fsPath, title);
    this.channel = new WebviewChannel(this.panel.webview);
    this.replay = new ProfileReplay(this.channel, this.probe);
    this.channel
      .onCommand(ProfileReadyCommand, () => this.replay.replay())
      .onCommand(RevealNodeCommand, userAction('could not reveal the node', ({ node }) => this.revealNode(node)))
      .onCommand(CompareCommand, userAction('could not compare the profiles', () => this.compare()))
      .onCommand(ExportCommand, userAction('could not export the profile', async (params) => (await import('./profileExport')).exportProfile(this.model, this.current(), params)));
    ProfilePanel.open.set(model.fsPath, this);
    this.panel.onDidDispose(() => this.dispose());
  }

  /** The profile shown; throws while there is none. */
  current(): ModelProfile {
    if (!this.profile) throw new Error(`no profile of ${path.basename(this.model.fsPath)} is shown`);
    return this.profile;
  }

  /** Shows `profile`, with `comparison` (its baseline is `profile`) or none. */
  setProfile(profile: ModelProfile, comparison: ProfileComparison | null): void {
    this.profile = profile;
    this.probe.profile = profile;
    this.replay.post(ModelProfileNotification, { profile, comparison });
  }

  /** Reveals `node` (a node row's name) in the graph editor and the Model view; a fused row reveals its first graph node. */
  async revealNode(node: string): Promise<void> {
    const row = this.profile?.nodes.find((candidate) => candidate.name === node);
    const target = row && row.graphNodes.length > 0 && !row.graphNodes.includes(node) ? row.graphNodes[0] : node;
    const { revealProfiledNode } = await import('./revealProfiledNode');
    await revealProfiledNode(this.model, target);
  }

  private async compare(): Promise<void> {
    const { pickComparison } = await import('./profileCompare');
    if (!this.run) throw new Error('the profile shown was not made here');
    const comparison = await pickComparison(this.run, this.current());
    if (comparison) this.setProfile(this.current(), comparison);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ProfilePanel.open.get(this.model.fsPath) === this) ProfilePanel.open.delete(this.model.fsPath);
    this.channel.dispose();
    this.panel.dispose();
  }
}
