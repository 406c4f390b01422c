// The Profile panel's compare: the same model and inputs profiled again on another execution provider, or a saved
// profile (the panel's JSON export, or `tensorsight profile --json` output, e.g. of another version of the model).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelProfile, ProfileComparison } from '../../core/profile/modelProfile';
import { compareProfiles } from '../../core/profile/ort/compareProfiles';
import { availableProviders } from '../../core/profile/ort/profileModel';
import { runProfile, type ProfileRun } from './profileRun';

/** Reads a saved ModelProfile; throws naming the file and what is missing. */
export async function readSavedProfile(file: string): Promise<ModelProfile> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a JSON file: ${(error as Error).message}`, { cause: error });
  }
  const profile = value as Partial<ModelProfile> | null;
  const missing = (['model', 'ep', 'runs', 'latencyMs', 'ops', 'nodes'] as const).filter((key) => profile?.[key] === undefined);
  if (missing.length > 0 || !Array.isArray(profile?.ops) || !Array.isArray(profile?.nodes)) {
    throw new Error(`${file}: not a Tensorsight model profile (missing ${missing.join(', ') || 'the ops and nodes arrays'}); save one with the Profile panel's JSON export or tensorsight profile --json`);
  }
  return profile as ModelProfile;
}

/** Asks what to compare `profile` (the baseline) with and makes the comparison; undefined when cancelled. */
export async function pickComparison(run: ProfileRun, profile: ModelProfile): Promise<ProfileComparison | undefined> {
  const providers = (await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Checking ONNX Runtime execution providers' }, () => availableProviders())).filter((provider) => provider.available);
  const items: (vscode.QuickPickItem & { ep?: ProfileRun['ep'] })[] = [
    ...providers.map((provider) => ({ label: `$(play) Profile on ${provider.name}`, description: provider.name === profile.ep ? 'again, same provider' : undefined, ep: provider.name })),
    { label: '$(file) A saved profile (JSON)…', detail: 'the Profile panel\'s JSON export or tensorsight profile --json output' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Compare the ${profile.ep} profile of ${path.basename(profile.model)} with…` });
  if (!picked) return undefined;
  let other: ModelProfile | undefined;
  if (picked.ep) {
    other = await runProfile({ ...run, ep: picked.ep });
  } else {
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare', filters: { 'Profile JSON': ['json'] } });
    if (chosen?.[0]) other = await readSavedProfile(chosen[0].fsPath);
  }
  return other ? compareProfiles(profile, other) : undefined;
}
