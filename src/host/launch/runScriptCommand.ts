// Run Training Script, Re-run and Re-run with Changed Arguments: ask what is missing (arguments, remembered per
// script; the interpreter), start the launcher in a terminal, reveal the run in the Runs view and open the
// Training panel on it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { joinCommandLine, splitCommandLine } from '../../core/launch/commandLine';
import type { RunsFeature } from '../runs/registerRuns';
import type { RunTreeNode } from '../runs/runsTreeProvider';
import { isTrainerRun } from '../train/trainerRuns';
import { pickInterpreter } from './interpreterPick';
import type { LaunchRequest } from './launchTerminal';
import { DEFAULT_RUNS_FOLDER, runsFolderFor } from './runsFolder';

/** How long the terminal waits for the Training panel's page to load before it is shown anyway. */
const PANEL_LOAD_WAIT_MS = 10_000;

/** Given by callers that already know (Re-run, tests): skips the questions. */
export interface RunScriptOptions {
  args?: string[];
  python?: string;
  env?: Record<string, string>;
}

/** What a started run is, for callers and tests. */
export interface RunStarted {
  id: string;
  dir: string;
}

/** The Python file the command acts on: the Explorer or editor-title resource, a script row of the Runs view, else the active editor, else asked. */
export async function scriptUri(target?: vscode.Uri | RunTreeNode, openLabel = 'Run Training Script'): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  if (target?.kind === 'script') return vscode.Uri.file(target.script);
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && active.uri.fsPath.endsWith('.py')) return active.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Python: ['py'] }, openLabel });
  return picked?.[0];
}

/** Asks for the script's arguments on one line, pre-filled; undefined when cancelled. */
export async function askArguments(scriptName: string, value: string, title = `Arguments for ${scriptName}`): Promise<string[] | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    value,
    prompt: 'As in a shell: --lr 1e-3 --epochs 10 --name "my run" (empty for none)',
    validateInput: (text) => {
      try {
        splitCommandLine(text);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  return typed === undefined ? undefined : splitCommandLine(typed);
}

function isOptions(value: unknown): value is RunScriptOptions {
  return typeof value === 'object' && value !== null && (Array.isArray((value as RunScriptOptions).args) || typeof (value as RunScriptOptions).python === 'string');
}

/** Where and how a script runs: the workspace folder holding it (else its own folder) and its runs folder. */
export function requestFor(script: string, args: readonly string[], python: string, env?: Record<string, string>): LaunchRequest {
  const uri = vscode.Uri.file(script);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const cwd = folder?.uri.fsPath ?? path.dirname(script);
  const runsDir = runsFolderFor(uri) ?? path.join(cwd, DEFAULT_RUNS_FOLDER);
  return { script, args, python, cwd, runsDir, ...(env && Object.keys(env).length ? { env } : {}) };
}

/** Tensorsight: Run Training Script. Resolves to the run once the launcher made its folder. */
export async function runTrainingScript(runs: RunsFeature, target?: vscode.Uri | RunTreeNode, given?: unknown): Promise<RunStarted | undefined> {
  const request = await askLaunch(runs, target, given);
  return request && startAndShow(runs, request);
}

/** Run Training Script's questions (the script, its arguments, the interpreter), remembered per script; undefined when cancelled. */
export async function askLaunch(runs: RunsFeature, target?: vscode.Uri | RunTreeNode, given?: unknown, command = 'Run Training Script'): Promise<LaunchRequest | undefined> {
  const uri = await scriptUri(target, command);
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`${command} runs local files; ${uri.toString()} is not one.`);
    return undefined;
  }
  const script = uri.fsPath;
  const name = path.basename(script);
  const options = isOptions(given) ? given : {};
  const remembered = runs.memory.get(script);
  const args = options.args ?? (await askArguments(name, remembered.args ?? ''));
  if (!args) return undefined;
  const python = options.python ?? (await pickInterpreter(name, remembered.python));
  if (!python) return undefined;
  await runs.memory.remember(script, { args: joinCommandLine(args), python });
  return requestFor(script, args, python, options.env);
}

/** Starts a run, shows it ticked in the Runs view and opens the Training panel on it. */
export async function startAndShow(runs: RunsFeature, request: LaunchRequest): Promise<RunStarted | undefined> {
  // The panel opens first and the terminal is shown once the panel's page has loaded: in code-server 4.139 a
  // webview created while a new terminal streams output stayed blank until the run ended.
  const panel = runs.training.open();
  let started;
  try {
    started = await runs.launches.start(request, { showTerminal: false });
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not start ${path.basename(request.script)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const id = started.run?.id ?? runs.model.idOf(started.dir) ?? started.dir;
  runs.model.setShown([id], true);
  await vscode.commands.executeCommand('tensorsight.runs.focus');
  runs.training.open();
  await Promise.race([panel.whenReady, new Promise((resolve) => setTimeout(resolve, PANEL_LOAD_WAIT_MS))]);
  started.launch.terminal.show(true);
  return { id, dir: started.dir };
}

/** The run a Runs view row (or `{ id }`) names, with its run.json. */
function launchedRun(runs: RunsFeature, node?: RunTreeNode | { id: string }) {
  const id = node?.id ?? runs.view.selection[0]?.id;
  return id ? runs.records.byId(id) : undefined;
}

/** Re-run: the same script, arguments, interpreter and environment overrides (as a run of its own, not of the sweep). */
export async function rerun(runs: RunsFeature, node?: RunTreeNode | { id: string }, changeArguments = false, given?: unknown): Promise<RunStarted | undefined> {
  const run = launchedRun(runs, node);
  if (!run) {
    void vscode.window.showInformationMessage('Select a run launched by Tensorsight (it has a run.json) to run it again.');
    return undefined;
  }
  const { record } = run;
  // A run of Tensorsight's trainer trains its spec again (there are no arguments to change).
  if (isTrainerRun(record)) {
    const { trainModel } = await import('../train/trainModelCommand');
    return trainModel(runs, vscode.Uri.file(record.script), { runsRoot: path.dirname(path.dirname(run.dir)) });
  }
  let args: string[] | undefined = record.args;
  if (changeArguments && isOptions(given) && given.args) args = given.args;
  else if (changeArguments) {
    args = await askArguments(path.basename(record.script), joinCommandLine(record.args), `Re-run ${record.id} with arguments`);
    if (!args) return undefined;
  }
  if (changeArguments) await runs.memory.remember(record.script, { args: joinCommandLine(args) });
  const env = { ...record.env };
  // Into the same runs folder as the original (`<runs folder>/<stem>/<run>`), which a CLI launch may have chosen.
  return startAndShow(runs, { ...requestFor(record.script, args, record.interpreter.path, env), cwd: record.cwd, runsDir: path.dirname(path.dirname(run.dir)) });
}
