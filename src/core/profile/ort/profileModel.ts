// The profiler's API for the host and the CLI: profile an ONNX model with ONNX Runtime, or list the execution
// providers, each in a child process (ortChild.ts) so that neither a native crash nor a long run touches the caller.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecutionProviderName, ModelProfile, ProviderAvailability } from '../modelProfile';
import { runOrtChild } from './ortChild';
import type { ProfileProgress, ProfileRequest } from './runOrtProfile';

/** What to profile; defaults: cpu, 20 runs, 5 warm-up runs, profiled runs = runs. */
export interface ProfileOptions extends Partial<Omit<ProfileRequest, 'model' | 'profileDir'>> {
  model: string;
  /** Keep ORT's profile JSON (in a temporary folder, or `profileDir`) and report it as `profileFile`. */
  keepProfileFile?: boolean;
  profileDir?: string;
}

/** Progress and cancellation of a profile. */
export interface ProfileControl {
  onProgress?: (progress: ProfileProgress) => void;
  signal?: AbortSignal;
}

export const DEFAULT_RUNS = 20;
export const DEFAULT_WARMUP = 5;

/** Profiles `options.model`; rejects with an Error naming the model (or an AbortError when cancelled). */
export async function profileModel(options: ProfileOptions, control: ProfileControl = {}): Promise<ModelProfile> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const warmup = options.warmup ?? DEFAULT_WARMUP;
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(warmup) || warmup < 0) throw new Error(`runs must be a positive integer and warmup a non-negative one (got ${runs}, ${warmup})`);
  const model = path.resolve(options.model);
  const profileDir = options.profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-ort-'));
  const { keepProfileFile: _keep, profileDir: _dir, ...rest } = options;
  const request: ProfileRequest = { ...rest, model, ep: options.ep ?? 'cpu', runs, warmup, profileDir };
  try {
    const reply = await runOrtChild({ kind: 'profile', request }, `profiling ${model}`, (message) => {
      if (message.kind === 'progress') control.onProgress?.(message.progress);
    }, control.signal);
    if (reply.kind === 'error') throw new Error(reply.message);
    if (reply.kind !== 'profile') throw new Error(`unexpected reply '${reply.kind}' from the profiler's process`);
    if (!options.keepProfileFile) {
      if (reply.profile.profileFile) fs.rmSync(reply.profile.profileFile, { force: true });
      reply.profile.profileFile = null;
    }
    return reply.profile;
  } finally {
    if (!options.keepProfileFile && options.profileDir === undefined) fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

/**
 * Every execution provider and whether it can be used here; `probe` names the providers to try a session with
 * (default webgpu and cuda: a missing Vulkan adapter or cuDNN shows only then).
 */
export async function availableProviders(probe: readonly ExecutionProviderName[] = ['webgpu', 'cuda'], signal?: AbortSignal): Promise<ProviderAvailability[]> {
  const reply = await runOrtChild({ kind: 'providers', probe: [...probe] }, 'listing execution providers', () => undefined, signal);
  if (reply.kind === 'error') throw new Error(reply.message);
  if (reply.kind !== 'providers') throw new Error(`unexpected reply '${reply.kind}' from the profiler's process`);
  return reply.providers;
}
