// Which two model files Compare Models compares: the two selected in the Explorer, a file with the one chosen by
// *Select for Compare*, or two picked from the open model tabs and the workspace's model files (or from the disk).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isModelUri, modelFileFilters } from '../model/modelFiles';

/** The file *Select for Compare* chose, until *Compare with Selected* uses it. */
let selected: vscode.Uri | undefined;

/** Context key that shows *Compare with Selected* in the Explorer's menu. */
const SELECTED_KEY = 'tensorsight:compareSelected';

/** The file a command acts on: the one it was given (Explorer, editor title), else the active tab's. */
function targetOf(uri: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText ? tab.uri : undefined;
}

/** *Select for Compare*: remembers `uri` (or the active model file) as A of the next *Compare with Selected*. */
export async function selectForCompare(uri?: unknown): Promise<void> {
  const target = targetOf(uri);
  if (!target) return void vscode.window.showInformationMessage('Tensorsight: open or select a model file to compare.');
  selected = target;
  await vscode.commands.executeCommand('setContext', SELECTED_KEY, true);
  void vscode.window.setStatusBarMessage(`Tensorsight: ${path.basename(target.fsPath)} selected for compare`, 5000);
}

/** *Compare with Selected*: A is the file selected before, B is `uri` (or the active model file). */
export function comparedWithSelected(uri?: unknown): [vscode.Uri, vscode.Uri] | undefined {
  const target = targetOf(uri);
  if (!selected || !target) {
    void vscode.window.showInformationMessage('Tensorsight: choose Select for Compare on a model file first.');
    return undefined;
  }
  return [selected, target];
}

/** The model files open in tabs, then the workspace's (at most 500), each once. */
async function candidates(): Promise<vscode.Uri[]> {
  const open = vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => tab.input).flatMap((input) => (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? [input.uri] : []));
  const extensions = modelFileFilters()['Model files'];
  const found = extensions.length > 0 ? await vscode.workspace.findFiles(`**/*.{${extensions.join(',')}}`, '**/node_modules/**', 500) : [];
  const seen = new Set<string>();
  return [...open, ...found].filter((uri) => isModelUri(uri) && !seen.has(uri.toString()) && seen.add(uri.toString()));
}

/** B picked for A = `first` from the open tabs and the workspace (the disk when none is offered). */
async function pickOther(first: vscode.Uri): Promise<[vscode.Uri, vscode.Uri] | undefined> {
  const offered = (await candidates()).filter((uri) => uri.toString() !== first.toString());
  const items = offered.map((file) => ({ label: path.basename(file.fsPath), description: vscode.workspace.asRelativePath(path.dirname(file.fsPath)), uri: file }));
  const browse = { label: 'Browse…', description: 'a model file on disk', uri: undefined };
  const picked = await vscode.window.showQuickPick([...items, browse], { title: `Compare ${path.basename(first.fsPath)} (A) with…`, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.uri) return [first, picked.uri];
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare', filters: modelFileFilters() });
  return chosen?.[0] ? [first, chosen[0]] : undefined;
}

/** Two files picked from the open tabs and the workspace, in the order shown (A first); the disk when fewer are offered. */
async function pickTwo(): Promise<[vscode.Uri, vscode.Uri] | undefined> {
  const offered = await candidates();
  if (offered.length < 2) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Compare', filters: modelFileFilters(), title: 'Compare Models: choose two model files' });
    if (!picked) return undefined;
    if (picked.length !== 2) return void vscode.window.showWarningMessage(`Tensorsight: Compare Models compares two files; ${picked.length} were chosen.`);
    return [picked[0], picked[1]];
  }
  const items = offered.map((file) => ({ label: path.basename(file.fsPath), description: vscode.workspace.asRelativePath(path.dirname(file.fsPath)), uri: file }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Compare Models: check two model files (the first is A, the "before")', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.length !== 2) return void vscode.window.showWarningMessage(`Tensorsight: Compare Models compares two files; ${picked.length} were checked.`);
  return [picked[0].uri, picked[1].uri];
}

/** The two files to compare from the command's arguments: the Explorer's selection `(uri, uris)`, else a pick. */
export async function compareTargets(uri?: unknown, uris?: unknown): Promise<[vscode.Uri, vscode.Uri] | undefined> {
  const many = Array.isArray(uris) ? uris.filter((each): each is vscode.Uri => each instanceof vscode.Uri) : [];
  if (many.length === 2) return [many[0], many[1]];
  if (many.length > 2) return void vscode.window.showWarningMessage(`Tensorsight: Compare Models compares two files; ${many.length} are selected.`);
  // One model file clicked in the Explorer: it is A, and B is picked.
  if (uri instanceof vscode.Uri && isModelUri(uri)) return pickOther(uri);
  return pickTwo();
}
