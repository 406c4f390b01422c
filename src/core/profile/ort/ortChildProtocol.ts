// The messages between the profiler's client (profileModel.ts, in the host or the CLI) and its child process.
import type { ModelProfile, ProviderAvailability } from '../modelProfile';
import type { ProfileProgress, ProfileRequest } from './runOrtProfile';

/** Client -> child: the one job of this child. */
export type OrtChildRequest =
  | { kind: 'profile'; request: ProfileRequest }
  /** List the providers; create a session on a one-node model for those named in `probe`. */
  | { kind: 'providers'; probe: string[] };

/** Child -> client: progress while it works, then one profile, provider list or error. */
export type OrtChildReply =
  | { kind: 'progress'; progress: ProfileProgress }
  | { kind: 'profile'; profile: ModelProfile }
  | { kind: 'providers'; providers: ProviderAvailability[] }
  | { kind: 'error'; message: string };
