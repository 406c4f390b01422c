// `tensorsight run <script.py>`: runs a training script as the extension's Run Training Script does, writing
// the same run folder (run.json, output.log, metrics.jsonl, event file). Ctrl-C stops it cleanly.
import { existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { launchRun, type RunHandle } from '../../core/launch/launchRun';
import { signalProcessGroup } from '../../core/launch/processGroup';
import { parseEnvOverrides } from '../../core/launch/scriptProcess';
import { type RunProgress, type RunRecord } from '../../core/launch/runRecord';
import { scriptProfileText } from '../../core/launch/scriptProfile';
import { InputError, UsageError, type CliCommand } from '../cliCommand';

const USAGE = `Usage: tensorsight run <script.py> [options] [-- <script arguments>]

Runs a Python training script in its own process group and records the run in a folder
<runs-dir>/<script stem>/<yyyymmdd-hhmmss>-<stem>/ holding run.json, output.log, metrics.jsonl, git.diff (when
the script's repository has uncommitted changes to tracked files) and an event file with the run's metrics:
values passed to tensorsight.log() (the helper module is put on PYTHONPATH), metrics parsed from the printed
output, and GPU series from nvidia-smi, all on one step axis. The script's output is shown as it prints.
  --python <path>         the interpreter (default: $TENSORSIGHT_PYTHON, else python3 on PATH)
  --runs-dir <dir>        where run folders go (default ./tensorsight-runs)
  --cwd <dir>             the script's working folder (default: the current one)
  --env K=V               set an environment variable for the script (repeatable; recorded in run.json)
  --nvidia-smi <path>     the nvidia-smi to sample (default: $TENSORSIGHT_NVIDIA_SMI, else PATH)
  --no-gpu                do not sample GPUs
  --grace-seconds <n>     on stop, seconds between SIGINT and SIGTERM (default 10)
  --progress <seconds>    print a progress line to stderr at most this often; 0 never (default: 0 on a
                          terminal, where the script's own output shows progress; 10 otherwise, e.g. in CI)
  --sweep <id>:<i>/<n>    record the run as run i of n of sweep <id>
  --profile               profile a few training steps (torch.profiler; Keras' TensorBoard callback for
                          TensorFlow) through python -m tensorsight.profile_script: steps end at optimizer
                          steps; $TENSORSIGHT_PROFILE_WAIT, _WARMUP, _ACTIVE (default 1, 1, 3) set the
                          schedule; traces go to <run folder>/profile/ and run.json's profile names them
  --json                  show the script's output on stderr and print the final run.json on stdout
Ctrl-C (SIGINT), SIGTERM or SIGHUP stops the run: SIGINT to the script's process group, SIGTERM after the
grace, then SIGKILL; a second Ctrl-C sends SIGKILL at once. Exit code: the script's; 130 when stopped;
128+n when a signal n ended it; 1 when it could not start. Bad usage: 2.`;

const valued = new Set(['python', 'runs-dir', 'cwd', 'env', 'nvidia-smi', 'grace-seconds', 'progress', 'sweep']);
const switches = new Set(['json', 'no-gpu', 'profile']);

interface RunFlags {
  script: string;
  scriptArgs: string[];
  values: Map<string, string[]>;
  json: boolean;
  noGpu: boolean;
  profile: boolean;
}

function parseRunArgs(args: string[]): RunFlags {
  const separator = args.indexOf('--');
  const own = separator < 0 ? args : args.slice(0, separator);
  const scriptArgs = separator < 0 ? [] : args.slice(separator + 1);
  const values = new Map<string, string[]>();
  const seen = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    if (switches.has(name)) {
      seen.add(name);
      continue;
    }
    if (!valued.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = equals < 0 ? own[++i] : arg.slice(equals + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  if (positionals.length === 0) throw new UsageError('missing the script to run');
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}' (script arguments go after --)`);
  for (const [name, list] of values) if (name !== 'env' && list.length > 1) throw new UsageError(`--${name} given twice`);
  return { script: positionals[0], scriptArgs, values, json: seen.has('json'), noGpu: seen.has('no-gpu'), profile: seen.has('profile') };
}

function number(flags: RunFlags, name: string, fallback: number): number {
  const text = flags.values.get(name)?.[0];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} must be a number of at least 0, got '${text}'`);
  return value;
}

function sweepOf(text: string | undefined): RunRecord['sweep'] {
  if (text === undefined) return undefined;
  const match = /^(.+):(\d+)\/(\d+)$/.exec(text);
  if (!match || Number(match[2]) >= Number(match[3])) throw new UsageError(`--sweep must be <id>:<index>/<count> with index < count, got '${text}'`);
  return { id: match[1], index: Number(match[2]), count: Number(match[3]) };
}

/** One line about a run's progress: `step 1200 · loss 0.213 · acc 0.91 · 52.3 steps/s · ETA 1m40s`. */
export function progressLine(progress: RunProgress): string {
  const parts: string[] = [];
  if (progress.epoch !== null) parts.push(`epoch ${progress.epoch}${progress.epochs !== null ? `/${progress.epochs}` : ''}`);
  if (progress.step !== null) parts.push(`step ${progress.step}${progress.totalSteps !== null ? `/${progress.totalSteps}` : ''}`);
  for (const [tag, value] of Object.entries(progress.lastMetrics).slice(0, 6)) parts.push(`${tag} ${Number(value.toPrecision(4))}`);
  if (progress.stepsPerSecond !== null) parts.push(`${progress.stepsPerSecond.toFixed(1)} steps/s`);
  if (progress.etaSeconds !== null) parts.push(`ETA ${Math.floor(progress.etaSeconds / 60)}m${String(progress.etaSeconds % 60).padStart(2, '0')}s`);
  return parts.join(' · ');
}

/** The exit code for a run that ended as `record` says. */
export function runExitCode(record: RunRecord): number {
  if (record.status === 'stopped') return 130;
  if (record.exitCode !== null) return record.exitCode;
  if (record.signal !== null) return 128 + (constants.signals[record.signal as NodeJS.Signals] ?? 0);
  return 1;
}

function summary(record: RunRecord): string {
  const seconds = (Date.parse(record.endTime ?? record.startTime) - Date.parse(record.startTime)) / 1000;
  const how = record.status === 'finished' ? 'finished' : record.status === 'stopped' ? 'stopped' : `failed (${record.signal ?? `exit code ${record.exitCode}`})`;
  const lines = [`tensorsight run: ${how} after ${seconds.toFixed(1)} s: ${record.id}`];
  if (record.progress && (record.progress.step !== null || Object.keys(record.progress.lastMetrics).length > 0)) lines.push(`  last: ${progressLine(record.progress)}`);
  if (record.failure) {
    lines.push(`  ${record.failure.message.split('\n').join('\n  ')}`);
    for (const frame of record.failure.frames.filter((entry) => entry.inScript)) lines.push(`    at ${frame.file}:${frame.line} in ${frame.function}`);
    if (record.failure.hint) lines.push(`  hint: ${record.failure.hint}`);
  }
  if (record.profile) lines.push(`  ${scriptProfileText(record.profile)}`);
  return `${lines.join('\n')}\n`;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a Python training script, recording its output, metrics and GPU use in a run folder',
  usage: USAGE,
  async run(args, io) {
    const flags = parseRunArgs(args);
    let env: Record<string, string>;
    try {
      env = parseEnvOverrides(flags.values.get('env') ?? []);
    } catch (error) {
      throw new UsageError(`--env ${(error as Error).message}`);
    }
    const interval = number(flags, 'progress', process.stderr.isTTY ? 0 : 10);
    const graceMs = number(flags, 'grace-seconds', 10) * 1000;
    const sweep = sweepOf(flags.values.get('sweep')?.[0]);
    if (!existsSync(flags.script) || !statSync(flags.script).isFile()) throw new InputError(`cannot read ${flags.script}: no such file`);
    const handle = launchRun({
      script: flags.script,
      args: flags.scriptArgs,
      python: flags.values.get('python')?.[0] ?? process.env.TENSORSIGHT_PYTHON ?? 'python3',
      cwd: flags.values.get('cwd')?.[0],
      runsRoot: flags.values.get('runs-dir')?.[0] ?? 'tensorsight-runs',
      env,
      nvidiaSmi: flags.noGpu ? null : (flags.values.get('nvidia-smi')?.[0] ?? (process.env.TENSORSIGHT_NVIDIA_SMI || 'nvidia-smi')),
      graceMs,
      terminalFd: flags.json ? 2 : 1,
      sweep,
      profile: flags.profile,
      onMessage: (text) => io.err(`tensorsight run: ${text}\n`),
      onProgress: throttled(interval, (progress) => io.err(`tensorsight run: ${progressLine(progress)}\n`)),
    });
    const record = await untilDone(handle);
    io.err(summary(record));
    if (flags.json) io.out(`${JSON.stringify(record, null, 2)}\n`);
    return runExitCode(record);
  },
};

function throttled(seconds: number, print: (progress: RunProgress) => void): ((progress: RunProgress) => void) | undefined {
  if (seconds <= 0) return undefined;
  let last = 0;
  return (progress) => {
    if (Date.now() - last < seconds * 1000) return;
    last = Date.now();
    print(progress);
  };
}

/** Waits for the run, turning SIGINT, SIGTERM and SIGHUP into Stop (the terminal closing is a stop too). */
async function untilDone(handle: RunHandle): Promise<RunRecord> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = () => handle.stop();
  // After SIGHUP the terminal is gone and writes to it fail; the run must still end cleanly and say so in run.json.
  const ignore = () => undefined;
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  // The script runs in its own session, so nothing else would end it if the launcher died of an internal error.
  const onExit = () => {
    if (handle.record.pid !== null) signalProcessGroup(handle.record.pid, 'SIGKILL');
  };
  for (const signal of signals) process.on(signal, onSignal);
  process.on('exit', onExit);
  try {
    return await handle.done;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('exit', onExit);
  }
}

