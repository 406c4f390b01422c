// Tensorsight: Profile Training Script. Asks what Run Training Script asks, starts the same launcher with
// `--profile` (the script runs through python -m tensorsight.profile_script), and when the run ends opens the
// trace the wrapper wrote in the trace editor, or says why there is none. The trace is found through run.json's
// `profile` record (the launcher read the wrapper's profile.json), never by parsing the script's output.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readScriptProfile, scriptProfileText, type ScriptProfile } from '../../core/launch/scriptProfile';
import type { LaunchedRun } from '../runs/runRecords';
import type { RunsFeature } from '../runs/registerRuns';
import type { RunTreeNode } from '../runs/runsTreeProvider';
import { askLaunch, startAndShow } from './runScriptCommand';

/** The trace editor's view type (registered by src/host/profile). */
export const TRACE_EDITOR_VIEW_TYPE = 'tensorsight.trace';

/** What became of a profiled run, for callers and tests. */
export interface ProfiledRun {
  id: string;
  dir: string;
  /** How the run ended (finished, failed, stopped, lost). */
  status: string;
  profile: ScriptProfile;
  /** The trace opened in the trace editor; undefined when there was none or it could not be opened. */
  opened: string | undefined;
}

/** Profile Training Script: resolves once the run has ended and its trace is open (or the reason shown). */
export async function profileTrainingScript(runs: RunsFeature, target?: vscode.Uri | RunTreeNode, given?: unknown): Promise<ProfiledRun | undefined> {
  const request = await askLaunch(runs, target, given, 'Profile Training Script');
  if (!request) return undefined;
  const name = path.basename(request.script);
  const started = await startAndShow(runs, { ...request, profile: true });
  if (!started) return undefined;
  const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `$(pulse) Profiling ${name}` }, () => runEnd(runs, started.dir));
  // A lost run (its launcher died) never read profile.json into run.json: read the folder itself.
  const recorded = run.record.profile;
  const profile = recorded && recorded.schedule !== null ? recorded : readScriptProfile(started.dir);
  const outcome: ProfiledRun = { id: started.id, dir: started.dir, status: run.status, profile, opened: undefined };
  const trace = profile.traces.at(-1);
  if (!trace) {
    void showNoTrace(started.id, name, run, profile);
    return outcome;
  }
  try {
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(trace), TRACE_EDITOR_VIEW_TYPE);
    outcome.opened = trace;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not open the profiler trace ${trace}: ${error instanceof Error ? error.message : String(error)}`);
    return outcome;
  }
  if (profile.schedule && profile.recordedSteps !== null && profile.recordedSteps < profile.schedule.active) {
    void vscode.window.showInformationMessage(`${name}: ${scriptProfileText(profile)}.`);
  }
  return outcome;
}

/** Resolves with the run once run.json says it is no longer running (checked by RunRecords about once a second). */
function runEnd(runs: RunsFeature, dir: string): Promise<LaunchedRun> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const run = runs.records.byDir(dir) ?? runs.records.track(dir);
      if (!run || run.status === 'running') return false;
      listener.dispose();
      resolve(run);
      return true;
    };
    const listener = runs.records.onDidChange(({ changed }) => {
      if (changed.some((run) => path.resolve(run.dir) === path.resolve(dir))) check();
    });
    check();
  });
}

async function showNoTrace(id: string, name: string, run: LaunchedRun, profile: ScriptProfile): Promise<void> {
  const ended = run.status === 'finished' ? 'finished' : run.status === 'failed' ? `failed (${run.record.signal ?? `exit code ${run.record.exitCode}`})` : run.status;
  const action = await vscode.window.showWarningMessage(`${name} ${ended} without a profiler trace: ${profile.problem ?? `nothing in ${profile.dir}`}.`, 'Show Output');
  if (action === 'Show Output') await vscode.commands.executeCommand('tensorsight.runs.showOutput', { id });
}
