// What profiling a training script produced. The launcher runs the script through the Python wrapper
// `tensorsight.profile_script`, which writes its traces and a profile.json (schedule, steps seen, trace files)
// to `<run folder>/profile/`; this module reads them back into run.json and says in words why no trace came.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The Python module the launcher runs scripts through when profiling (`python -m <module> <script> ...`). */
export const PROFILE_MODULE = 'tensorsight.profile_script';
/** The folder inside a run folder that the wrapper writes to. */
export const PROFILE_DIR = 'profile';
/** The wrapper's account of the run, beside the traces. */
export const PROFILE_STATUS_FILE = 'profile.json';

/** Training steps the profiler skips, warms up over, then records (torch.profiler.schedule's wait/warmup/active). */
export interface ProfileSchedule {
  wait: number;
  warmup: number;
  active: number;
}

/** A profiled run's outcome, as run.json's `profile` records it. */
export interface ScriptProfile {
  /** `<run folder>/profile` (absolute). */
  dir: string;
  /** Trace files written (absolute), oldest first. */
  traces: string[];
  /** The rest is null until the wrapper's profile.json has been read (when the run ends). */
  schedule: ProfileSchedule | null;
  /** `torch` or `tensorflow`: the framework the script imported. */
  framework: string | null;
  /** `torch.profiler`, `torch.autograd.profiler` or `keras.callbacks.TensorBoard`. */
  profiler: string | null;
  /** Training steps the script took (steps of its first optimizer; Keras batches). */
  steps: number | null;
  /** Whole steps inside the trace. */
  recordedSteps: number | null;
  /** Why no trace was written, in words; null when one was (or while the run is going). */
  problem: string | null;
}

/** What profile.json holds (python/tensorsight/profile_script.py writes it). */
interface StatusFile {
  schedule?: ProfileSchedule;
  sessions?: Session[];
}

/** One framework's profiling; a script may import both torch and tensorflow (some libraries import either). */
interface Session {
  framework?: string;
  profiler?: string;
  steps?: number;
  recordedSteps?: number;
  traces?: string[];
  error?: string | null;
  xplane?: string[];
}

/** The session that matters: the one that wrote a trace, else one that saw steps, else the first. */
function mainSession(status: StatusFile | undefined): Session | undefined {
  const sessions = Array.isArray(status?.sessions) ? status.sessions.filter((session) => typeof session === 'object' && session !== null) : [];
  return sessions.find((session) => Array.isArray(session.traces) && session.traces.length > 0) ?? sessions.find((session) => (session.steps ?? 0) > 0) ?? sessions[0];
}

/** The record of a profiled run that has just started. */
export function pendingProfile(runDir: string): ScriptProfile {
  return { dir: join(runDir, PROFILE_DIR), traces: [], schedule: null, framework: null, profiler: null, steps: null, recordedSteps: null, problem: null };
}

/** Trace files under a profile folder: torch's `*.pt.trace.json[.gz]`, TensorFlow's `plugins/profile/<run>/*.trace.json.gz`. */
export function findProfileTraces(dir: string): string[] {
  const found: string[] = [];
  for (const name of list(dir)) if (/\.pt\.trace\.json(\.gz)?$/.test(name)) found.push(join(dir, name));
  const plugin = join(dir, 'plugins', 'profile');
  for (const run of list(plugin)) for (const name of list(join(plugin, run))) if (name.endsWith('.trace.json.gz')) found.push(join(plugin, run, name));
  return found
    .map((path) => ({ path, mtime: mtimeOf(path) }))
    .sort((a, b) => a.mtime - b.mtime || (a.path < b.path ? -1 : 1))
    .map(({ path }) => path);
}

/** Reads what the wrapper left in `<runDir>/profile` once the run has ended. */
export function readScriptProfile(runDir: string): ScriptProfile {
  const profile = pendingProfile(runDir);
  profile.traces = findProfileTraces(profile.dir);
  let status: StatusFile | undefined;
  let unreadable: string | undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(profile.dir, PROFILE_STATUS_FILE), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) status = parsed as StatusFile;
    else unreadable = 'it is not a JSON object';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable = (error as Error).message;
  }
  const session = mainSession(status);
  profile.schedule = isSchedule(status?.schedule) ? status.schedule : null;
  profile.framework = typeof session?.framework === 'string' ? session.framework : null;
  profile.profiler = typeof session?.profiler === 'string' ? session.profiler : null;
  profile.steps = typeof session?.steps === 'number' ? session.steps : null;
  profile.recordedSteps = typeof session?.recordedSteps === 'number' ? session.recordedSteps : null;
  if (profile.traces.length === 0) profile.problem = unreadable ? `${join(profile.dir, PROFILE_STATUS_FILE)} could not be read: ${unreadable}` : noTraceReason(status, profile);
  return profile;
}

function noTraceReason(status: StatusFile | undefined, profile: ScriptProfile): string {
  if (!status) return `the profiler wrapper wrote no ${PROFILE_STATUS_FILE}: the script ended before the wrapper could (killed, or it called os._exit)`;
  const session = mainSession(status);
  if (!session) return 'the script imported neither torch nor tensorflow, so there was nothing to profile';
  if (session.error) return `profiling failed: ${session.error}`;
  const steps = profile.steps ?? 0;
  if (session.framework === 'torch' && steps === 0) {
    return 'no training step was seen: the wrapper counts a step each time the script calls step() on a torch.optim optimizer, and this script never did';
  }
  const schedule = profile.schedule;
  if (schedule && steps <= schedule.wait + schedule.warmup) {
    const first = schedule.wait + schedule.warmup + 1;
    const unit = session.framework === 'tensorflow' ? 'batch' : 'step';
    return (
      `the script ended after ${steps} ${unit}${steps === 1 ? '' : unit === 'batch' ? 'es' : 's'}, before the profiled ones: the profiler skips ${schedule.wait}, ` +
      `warms up over ${schedule.warmup} and records ${schedule.active} (${unit}s ${first}–${first + schedule.active - 1}). ` +
      'Run more steps, or lower TENSORSIGHT_PROFILE_WAIT and TENSORSIGHT_PROFILE_WARMUP'
    );
  }
  if (session.xplane && session.xplane.length > 0) return 'TensorFlow wrote only .xplane.pb files, which Tensorsight does not read (older TensorFlow releases also wrote .trace.json.gz)';
  return `no trace file was written to ${profile.dir}`;
}

/** One line about a profiled run: the trace and what it holds, or why there is none. */
export function scriptProfileText(profile: ScriptProfile): string {
  if (profile.traces.length === 0) return `no profiler trace: ${profile.problem ?? `nothing in ${profile.dir}`}`;
  const trace = profile.traces[profile.traces.length - 1];
  const parts: string[] = [];
  if (profile.profiler) parts.push(profile.profiler);
  if (profile.recordedSteps !== null && profile.schedule) {
    const whole = profile.recordedSteps >= profile.schedule.active;
    parts.push(whole ? `${profile.recordedSteps} steps` : `${profile.recordedSteps} of ${profile.schedule.active} steps: the script ended during the profiled steps`);
  }
  return `profiler trace ${trace}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function isSchedule(value: unknown): value is ProfileSchedule {
  const schedule = value as ProfileSchedule | undefined;
  return typeof schedule === 'object' && schedule !== null && [schedule.wait, schedule.warmup, schedule.active].every((n) => Number.isInteger(n) && n >= 0);
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
