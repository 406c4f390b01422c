// The launcher: starts a training script in its own process group, tees its output, gathers its metrics
// (helper module, parsed lines, GPU samples) into an event file in the run folder, keeps run.json current,
// and stops it cleanly on request. `tensorsight run` is a thin shell over this; the extension runs that CLI
// in a terminal, so both produce the same run folders.
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { EventFileWriter } from '../events/eventWriter';
import { NvidiaSmiSampler } from '../gpu/nvidiaSmiSampler';
import { gpuSeriesValues } from './gpuRunSeries';
import { helperModuleDir } from './helperModuleDir';
import { LinkedEventDirs } from './linkedEventDirs';
import { createLogMetricParser } from './logMetrics/logMetricParser';
import { type LogMetricParser } from './logMetrics/logMetric';
import { MetricTimeline } from './metricTimeline';
import { METRICS_FILE, MetricsFileTail } from './metricsFileTail';
import { OUTPUT_LOG, OutputLog } from './outputLog';
import { processGroupAlive, signalProcessGroup, stopProcessGroup } from './processGroup';
import { createRunFolder } from './runFolder';
import { RunOutput } from './runOutput';
import { probeGit, probeInterpreter, writeGitDiff } from './runProvenance';
import { writeRunRecord, type RunProgress, type RunRecord } from './runRecord';
import { scriptEnvironment, spawnScript } from './scriptProcess';
import { PROFILE_MODULE, pendingProfile, readScriptProfile } from './scriptProfile';
import { TerminalTee } from './terminalTee';
import { describeFailure } from './tracebackFailure';

/** What to run and where; every timing has a default. */
export interface LaunchOptions {
  script: string;
  args: string[];
  python: string;
  /** The script's working folder (default: the launcher's). */
  cwd?: string;
  /** Run folders go to `<runsRoot>/<stem>/<id>/`. */
  runsRoot: string;
  /** The user's environment overrides, recorded in run.json. */
  env?: Record<string, string>;
  /** The environment the overrides apply to (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
  /** nvidia-smi to sample; null: no GPU sampling. */
  nvidiaSmi?: string | null;
  /** Milliseconds between SIGINT and SIGTERM on Stop (default 10 s). */
  graceMs?: number;
  /** File descriptor to show the output on (1 for the terminal); null shows nothing. */
  terminalFd?: number | null;
  sweep?: RunRecord['sweep'];
  /** Run the script through the profiler wrapper (python -m tensorsight.profile_script); traces go to `<run>/profile`. */
  profile?: boolean;
  gpuIntervalMs?: number;
  linkScanMs?: number;
  /** A parser factory (default: every known output format). */
  createParser?: () => LogMetricParser;
  /** Launcher messages for the user (GPU sampling unavailable, stop signals); never the script's output. */
  onMessage?: (text: string) => void;
  /** Called each time run.json's progress is written (about once a second while the run makes progress). */
  onProgress?: (progress: RunProgress) => void;
}

/** A started run. */
export interface RunHandle {
  readonly id: string;
  readonly dir: string;
  readonly record: RunRecord;
  /** Stop: SIGINT to the group, SIGTERM after the grace, SIGKILL; a second call sends SIGKILL at once. */
  stop(): void;
  /** Resolves with the final run.json once no process of the run is left. */
  readonly done: Promise<RunRecord>;
}

const POLL_MS = 50;

/** Starts the script and returns at once; `done` tells how it ended. */
export function launchRun(options: LaunchOptions): RunHandle {
  const script = resolve(options.script);
  const cwd = resolve(options.cwd ?? process.cwd());
  const started = new Date();
  const { id, dir } = createRunFolder(resolve(options.runsRoot), script, started);
  const overrides = options.env ?? {};
  const record: RunRecord = {
    version: 1, id, script, args: [...options.args], cwd,
    interpreter: { path: options.python, version: null },
    frameworks: {}, git: null, env: { ...overrides }, host: hostname(), gpus: [], driverVersion: null,
    startTime: started.toISOString(), endTime: null, status: 'running', exitCode: null, signal: null,
    pid: null, launcherPid: process.pid, progress: null, failure: null, linkedEventDirs: [], hparams: {},
    ...(options.sweep ? { sweep: options.sweep } : {}),
    ...(options.profile ? { profile: pendingProfile(dir) } : {}),
  };
  const save = () => writeRunRecord(dir, record);
  const message = options.onMessage ?? (() => undefined);
  message(`run folder ${dir}`);
  writeFileSync(join(dir, METRICS_FILE), '');
  // The script starts first and the launcher sets up while Python starts: nothing is read from its pipes
  // before this function returns, so no output is missed.
  const helperDir = helperModuleDir();
  // Without the helper module on PYTHONPATH the wrapper cannot be found: Python would say only "No module named".
  if (options.profile && !helperDir) message(`profiling needs the ${PROFILE_MODULE} module, but no python/tensorsight folder was found beside the launcher`);
  const child = spawnScript(options.python, script, options.args, cwd, scriptEnvironment(options.baseEnv ?? process.env, { runDir: dir, helperDir, overrides }), options.profile ? PROFILE_MODULE : undefined);
  record.pid = child.pid ?? null;
  const log = new OutputLog(join(dir, OUTPUT_LOG));
  const timeline = new MetricTimeline(new EventFileWriter(dir, { time: started.getTime() / 1000 }));
  const terminal = options.terminalFd === null || options.terminalFd === undefined ? null : new TerminalTee(options.terminalFd);
  const output = new RunOutput(log, terminal, (options.createParser ?? createLogMetricParser)(), (result, wallTime) => {
    // Scripts call the helper before they print: reading its file once after the chunk arrived (not per line: a
    // flood prints 100k lines a second) lets its tags win from the first point and places the line at the step
    // the script had logged when it printed.
    if (result.metrics.length > 0 && helperReadAt <= wallTime * 1000) readHelper();
    for (const metric of result.metrics) timeline.addParsedPoint(metric, wallTime);
    if (result.progress) timeline.progress.addProgress(result.progress, wallTime * 1000);
  });
  output.attach(child.stdout, 'out');
  output.attach(child.stderr, 'err');
  const tail = new MetricsFileTail(join(dir, METRICS_FILE));
  const links = new LinkedEventDirs(cwd, started.getTime(), [resolve(options.runsRoot)]);
  save();

  let finished = false;
  let helperReadAt = 0;
  const readHelper = () => {
    helperReadAt = Date.now();
    for (const entry of tail.poll()) {
      if (entry.kind === 'point') timeline.addHelperPoint(entry.step, entry.wallTime, entry.values);
      else if (entry.kind === 'hparams') {
        Object.assign(record.hparams, entry.hparams);
        timeline.addHparams(record.hparams, entry.wallTime);
        save();
      } else log.note(`metrics.jsonl line ${entry.line} skipped: ${entry.reason}`);
    }
  };
  const scanLinks = () =>
    links.scan().then((found) => {
      if (found.length === 0) return;
      record.linkedEventDirs = [...links.dirs];
      if (!finished) save();
    });
  const writeProgress = () => {
    if (!timeline.progress.dirty || finished) return;
    record.progress = timeline.progress.snapshot();
    save();
    options.onProgress?.(record.progress);
  };
  const timers = [setInterval(readHelper, POLL_MS), setInterval(writeProgress, 1000), setInterval(() => void scanLinks(), options.linkScanMs ?? 3000)];

  // Provenance is gathered while the script starts, so the launch waits for neither probe.
  const provenance = Promise.all([
    probeInterpreter(options.python, cwd).then((found) => {
      record.interpreter.version = found.version;
      record.frameworks = found.frameworks;
    }),
    probeGit(resolve(script, '..')).then(async (git) => {
      record.git = git && { commit: git.commit, branch: git.branch, dirty: git.dirty };
      await writeGitDiff(dir, git);
    }),
  ]).then(() => {
    if (!finished) save();
  });

  const sampler = startGpuSampling(options, record, timeline, message, () => (finished ? undefined : save()), () => finished);

  let stopping: Promise<unknown> | undefined;
  // Set when the script itself has ended: a Stop after that would mark a run that finished by itself as stopped.
  let exited = false;
  const graceMs = options.graceMs ?? 10_000;
  const stop = () => {
    const pgid = child.pid;
    if (pgid === undefined || exited) return;
    if (stopping) {
      log.note('stop requested again: SIGKILL to the process group');
      message('stopping now: SIGKILL to the process group');
      signalProcessGroup(pgid, 'SIGKILL');
      return;
    }
    stopping = stopProcessGroup(pgid, {
      graceMs,
      onSignal: (signal) => {
        const text = signal === 'SIGINT' ? `stopping: SIGINT to the process group (SIGTERM after ${graceMs / 1000} s)` : `stopping: ${signal} to the process group`;
        log.note(text);
        message(text);
      },
    });
  };

  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolveExit) => {
    child.once('error', (error) => resolveExit({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  }).then(async ({ code, signal, error }) => {
    exited = true;
    const pgid = child.pid;
    if (pgid !== undefined && !error) {
      if (stopping) await stopping;
      // Workers the script left behind (the leader is gone, the group is not) get the same sequence, quickly.
      else if (processGroupAlive(pgid)) await stopProcessGroup(pgid, { graceMs: 1000, termMs: 1000 });
      if (processGroupAlive(pgid)) log.note(`processes of group ${pgid} are still alive after SIGKILL`);
    }
    // With the group gone the pipes close; a process that left the group may still hold them.
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([output.closed, new Promise((wait) => (timeout = setTimeout(wait, 3000)))]);
    clearTimeout(timeout);
    output.abandon();
    for (const timer of timers) clearInterval(timer);
    finished = true;
    readHelper();
    await scanLinks();
    await sampler?.stop();
    await provenance;
    tail.close();
    timeline.close();
    // A full disk must not keep run.json from saying how the run ended.
    await log.close().catch((failure: Error) => message(`output.log is incomplete: ${failure.message}`));
    await terminal?.drain();
    record.endTime = new Date().toISOString();
    record.exitCode = code;
    record.signal = signal;
    record.status = stopping ? 'stopped' : code === 0 ? 'finished' : 'failed';
    if (timeline.progress.dirty || record.progress === null) record.progress = timeline.progress.snapshot();
    if (record.profile) record.profile = readScriptProfile(dir);
    if (error) record.failure = { message: `could not start ${options.python}: ${error.message}`, frames: [], hint: null };
    else if (record.status === 'failed') record.failure = describeFailure(log.tail(), code, signal);
    writeRunRecord(dir, record);
    return record;
  });

  return { id, dir, record, stop, done };
}

/** Samples GPUs into the timeline while the run lives; undefined when sampling is off. */
function startGpuSampling(options: LaunchOptions, record: RunRecord, timeline: MetricTimeline, message: (text: string) => void, save: () => void, over: () => boolean): NvidiaSmiSampler | undefined {
  if (options.nvidiaSmi === null || record.pid === null) return undefined;
  const pgid = record.pid;
  const sampler = new NvidiaSmiSampler({ binary: options.nvidiaSmi ?? 'nvidia-smi', intervalMs: options.gpuIntervalMs ?? 1000 });
  let described = false;
  sampler.onSnapshot((snapshot) => {
    if (over()) return;
    if (!described && snapshot.gpus.length > 0) {
      described = true;
      record.gpus = snapshot.gpus.map((gpu) => ({ index: gpu.index, name: gpu.name, uuid: gpu.uuid }));
      record.driverVersion = snapshot.driverVersion;
      save();
    }
    const wallTime = (snapshot.timestamp ?? Date.now()) / 1000;
    for (const { tag, value } of gpuSeriesValues(snapshot, pgid)) timeline.addGpuValue(tag, value, wallTime);
  });
  sampler.onState((state) => {
    if (state.kind === 'unavailable') message(`no GPU series: ${state.reason}`);
  });
  sampler.start();
  return sampler;
}
