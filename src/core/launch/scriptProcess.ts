// Starting the user's script: `python -u <script> <args>` in its own process group (so Stop reaches every
// process it starts), output on pipes, no stdin (a background process group reading the terminal would be
// stopped by SIGTTIN), and an environment that names the run folder and puts the helper module on PYTHONPATH.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { type Readable } from 'node:stream';
import { METRICS_FILE } from './metricsFileTail';

/** What the script's environment gets beyond the launcher's own. */
export interface ScriptEnvironmentOptions {
  runDir: string;
  /** The folder holding `tensorsight/__init__.py`; undefined leaves PYTHONPATH alone. */
  helperDir: string | undefined;
  /** The user's overrides (`--env K=V`), applied last. */
  overrides: Record<string, string>;
}

/** The environment the script runs with. */
export function scriptEnvironment(base: NodeJS.ProcessEnv, options: ScriptEnvironmentOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  // Set only so that VS Code's Electron runs the launcher as Node; an Electron app the script starts must not inherit it.
  delete env.ELECTRON_RUN_AS_NODE;
  // Output reaches the pipe per print, not per 8 KiB block, so charts and the terminal stay live.
  env.PYTHONUNBUFFERED = '1';
  if (options.helperDir) env.PYTHONPATH = base.PYTHONPATH ? `${options.helperDir}${delimiter}${base.PYTHONPATH}` : options.helperDir;
  env.TENSORSIGHT_RUN_DIR = options.runDir;
  env.TENSORSIGHT_METRICS_FILE = join(options.runDir, METRICS_FILE);
  return { ...env, ...options.overrides };
}

/** Parses `K=V` overrides; throws naming the malformed one. */
export function parseEnvOverrides(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (!match) throw new Error(`'${pair}' is not K=V with K a variable name`);
    env[match[1]] = match[2];
  }
  return env;
}

/** A started script with its two output pipes. */
export type ScriptProcess = ChildProcessByStdio<null, Readable, Readable>;

/** Spawns the script as the leader of a new process group; with `wrapper`, through that module (`-m wrapper script ...`). */
export function spawnScript(python: string, script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, wrapper?: string): ScriptProcess {
  // windowsHide: on Windows a detached child would otherwise get a console window of its own.
  return spawn(python, ['-u', ...(wrapper ? ['-m', wrapper] : []), script, ...args], { cwd, env, detached: true, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
}
