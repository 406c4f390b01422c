// JSON files are usually other things, so a TF.js model.json opens as text. The first time a text editor shows
// one whose content is a TF.js model, Tensorsight offers to open it as a model graph: once per file, remembered in
// the workspace state, and never again in this workspace when the user says so. Non-model JSON is never asked about.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { looksLikeTfjs } from '../../core/formats/tfjs/tfjsDetect';
import { OpenPromptProbe } from '../testProbes';

const ASKED_KEY = 'tensorsight.graph.openPrompt.asked';
const NEVER_KEY = 'tensorsight.graph.openPrompt.never';
/** Files remembered as asked; the oldest are forgotten past this, so the workspace state stays small. */
const MAX_REMEMBERED = 500;
/** As many leading characters as the registry's content check reads. */
const HEAD_CHARS = 4096;
const OPEN = 'Open as Model Graph';
const NOT_NOW = 'Not Now';
const NEVER = 'Never for this Workspace';

/** Watches the active text editor and asks about TF.js model files; returns the probe. */
export function registerGraphOpenPrompt(context: vscode.ExtensionContext, viewType: string): OpenPromptProbe {
  const probe = new OpenPromptProbe();
  const prompt = new GraphOpenPrompt(context.workspaceState, viewType, probe);
  // A model.json already shown when the extension activates (onStartupFinished) is asked about too.
  prompt.consider(vscode.window.activeTextEditor);
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((editor) => prompt.consider(editor)));
  return probe;
}

class GraphOpenPrompt {
  /** Files being asked about right now: switching back and forth while a prompt is up asks once. */
  private readonly pending = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly viewType: string,
    private readonly probe: OpenPromptProbe,
  ) {}

  consider(editor: vscode.TextEditor | undefined): void {
    const document = editor?.document;
    if (!document || document.uri.scheme !== 'file' || !document.uri.path.toLowerCase().endsWith('.json')) return;
    const key = document.uri.toString();
    if (this.pending.has(key) || this.state.get<boolean>(NEVER_KEY) || this.asked().includes(key)) return;
    const head = document.getText(new vscode.Range(document.positionAt(0), document.positionAt(HEAD_CHARS)));
    if (!looksLikeTfjs(Buffer.from(head, 'utf8'), document.uri.fsPath)) return;
    this.pending.add(key);
    void this.ask(document.uri, editor.viewColumn).finally(() => this.pending.delete(key));
  }

  private async ask(uri: vscode.Uri, column: vscode.ViewColumn | undefined): Promise<void> {
    const key = uri.toString();
    // Remembered before the answer: a prompt dismissed or left unanswered counts as asked.
    await this.state.update(ASKED_KEY, [...this.asked(), key].slice(-MAX_REMEMBERED));
    this.probe.shown(key);
    const answer = await vscode.window.showInformationMessage(`${path.basename(uri.fsPath)} is a TensorFlow.js model. Open it as a model graph?`, OPEN, NOT_NOW, NEVER);
    if (answer === OPEN) await vscode.commands.executeCommand('vscode.openWith', uri, this.viewType, column ?? vscode.ViewColumn.Active);
    else if (answer === NEVER) await this.state.update(NEVER_KEY, true);
  }

  private asked(): string[] {
    return this.state.get<string[]>(ASKED_KEY, []);
  }
}
