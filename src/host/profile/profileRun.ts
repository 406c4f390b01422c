// Runs one ONNX Runtime profile for the host under a cancellable progress notification, in the profiler's child
// process (core/profile/ort/profileModel.ts), never on the extension host's thread.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExecutionProviderName, ModelProfile } from '../../core/profile/modelProfile';
import { profileModel, type ProfileOptions } from '../../core/profile/ort/profileModel';
import type { ProfileProgress } from '../../core/profile/ort/runOrtProfile';

/** What one profile is made from. */
export type ProfileRun = ProfileOptions & { ep: ExecutionProviderName };

const stageText: Record<ProfileProgress['stage'], string> = {
  read: 'reading the model',
  load: 'creating the session',
  warmup: 'warm-up runs',
  measure: 'measured runs',
  profile: 'profiled runs',
  parse: 'reading ORT\'s profile',
};

/** `measured runs 3/20`. */
export function progressText(progress: ProfileProgress): string {
  const count = progress.done !== undefined && progress.total !== undefined ? ` ${progress.done}/${progress.total}` : '';
  return `${stageText[progress.stage] ?? progress.stage}${count}`;
}

/** Profiles `run` under a cancellable notification; undefined when cancelled, throws ORT's or the reader's error. */
export async function runProfile(run: ProfileRun): Promise<ModelProfile | undefined> {
  const name = path.basename(run.model);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Profiling ${name} on ${run.ep}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await profileModel(run, { signal: controller.signal, onProgress: (update) => progress.report({ message: progressText(update) }) });
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      throw error;
    } finally {
      subscription.dispose();
    }
  });
}
