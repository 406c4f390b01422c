// The interpreter a run uses, picked from the doctor's list. Default order, as the user expects from the editor:
// the Python extension's interpreter, then tensorsight.python.path, then PATH and the scanned environments; the
// one last used for the script is offered first.
import * as vscode from 'vscode';
import { sourceText } from '../../core/env/describeDoctorFacts';
import { findPythonCandidates } from '../../core/env/findPythonCandidates';
import type { PythonCandidate } from '../../core/env/probePython';
import { pythonChoices } from '../env/pythonChoices';

/** How long the Python extension may take to name its interpreter. */
const EXTENSION_TIMEOUT_MS = 3000;

/** The candidates in the launch order (the Python extension's choice before the setting). */
export async function interpreterCandidates(): Promise<PythonCandidate[]> {
  const candidates = findPythonCandidates(await pythonChoices(EXTENSION_TIMEOUT_MS));
  const rank = (candidate: PythonCandidate): number => (candidate.source === 'python-extension' ? 0 : candidate.source === 'setting' ? 1 : 2);
  return candidates.map((candidate, index) => ({ candidate, index })).sort((a, b) => rank(a.candidate) - rank(b.candidate) || a.index - b.index).map(({ candidate }) => candidate);
}

/** The default without asking: the remembered one, else the first candidate. */
export async function defaultInterpreter(remembered?: string): Promise<string | undefined> {
  return remembered ?? (await interpreterCandidates())[0]?.path;
}

interface InterpreterItem extends vscode.QuickPickItem {
  path?: string;
}

/** Asks which interpreter runs `scriptName`; undefined when cancelled. */
export async function pickInterpreter(scriptName: string, remembered?: string): Promise<string | undefined> {
  const candidates = await interpreterCandidates();
  const items: InterpreterItem[] = candidates.map((candidate) => ({
    label: candidate.path,
    description: candidate.path === remembered ? `last used for ${scriptName}` : sourceText(candidate.source),
    path: candidate.path,
  }));
  if (remembered && !candidates.some((candidate) => candidate.path === remembered)) items.unshift({ label: remembered, description: `last used for ${scriptName}`, path: remembered });
  const first = items.findIndex((item) => item.path === remembered);
  if (first > 0) items.unshift(...items.splice(first, 1));
  items.push({ label: '$(folder-opened) Enter interpreter path…' });
  const picked = await vscode.window.showQuickPick(items, { title: `Python interpreter for ${scriptName}`, placeHolder: 'The interpreter runs the script; its version and frameworks go into run.json' });
  if (!picked) return undefined;
  if (picked.path) return picked.path;
  const typed = await vscode.window.showInputBox({ title: `Python interpreter for ${scriptName}`, prompt: 'Path of the python executable', value: remembered ?? '' });
  return typed?.trim() || undefined;
}
