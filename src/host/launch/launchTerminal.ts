// Starts a run: a VS Code terminal whose process is the launcher itself (`node dist/cli.js run ...`), so the
// script's output, \r progress bars and ANSI colours included, is drawn by the terminal and never passes
// through the extension host. The run folder is found by the launcher's pid, which run.json records.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunRecord } from '../../core/launch/runRecord';

/** What to run and how; every path absolute. */
export interface LaunchRequest {
  script: string;
  args: readonly string[];
  python: string;
  cwd: string;
  runsDir: string;
  /** Variables set for the script (CUDA_VISIBLE_DEVICES for a sweep), recorded in run.json by the launcher. */
  env?: Readonly<Record<string, string>>;
  /** For a sweep's runs: which sweep, and the run's place in it (recorded in run.json). */
  sweep?: { id: string; index: number; count: number };
  /** Run the script through the profiler wrapper (`tensorsight run --profile`). */
  profile?: boolean;
  /** The terminal's name; `Train: <script file>` by default. */
  title?: string;
}

/** A launch under way: its terminal, the launcher's pid, the run folder once the launcher made it, and the exit. */
export interface Launch {
  readonly terminal: vscode.Terminal;
  readonly launcherPid: Promise<number | undefined>;
  /** Resolves to the run folder; rejects when the launcher ends (bad arguments, no such Python) before making one. */
  readonly runDir: Promise<string>;
  /** Resolves with the launcher's exit code when its terminal closes. */
  readonly exited: Promise<number | undefined>;
}

/** How long to look for the run folder before saying the launcher did not make one. */
const FIND_RUN_TIMEOUT_MS = 60_000;
const FIND_RUN_POLL_MS = 100;

/** The launcher's command line after `node`: the CLI, `run`, its flags, the script, `--`, the script's arguments. */
export function launcherArgs(extensionPath: string, request: LaunchRequest, options: { nvidiaSmi?: string; graceSeconds?: number }): string[] {
  const args = [path.join(extensionPath, 'dist', 'cli.js'), 'run', '--python', request.python, '--runs-dir', request.runsDir, '--cwd', request.cwd];
  for (const [key, value] of Object.entries(request.env ?? {})) args.push('--env', `${key}=${value}`);
  if (request.sweep) args.push('--sweep', `${request.sweep.id}:${request.sweep.index}/${request.sweep.count}`);
  if (request.profile) args.push('--profile');
  if (options.nvidiaSmi) args.push('--nvidia-smi', options.nvidiaSmi);
  if (options.graceSeconds !== undefined) args.push('--grace-seconds', String(options.graceSeconds));
  args.push(request.script, '--', ...request.args);
  return args;
}

/** Opens the terminal and starts the launcher in it; `show: false` leaves showing it to the caller. */
export function launchInTerminal(extensionPath: string, request: LaunchRequest, options: { nvidiaSmi?: string; graceSeconds?: number; show?: boolean } = {}): Launch {
  const startedAt = Date.now();
  const terminal = vscode.window.createTerminal({
    name: request.title ?? `Train: ${path.basename(request.script)}`,
    iconPath: new vscode.ThemeIcon('beaker'),
    // The extension host's own binary: node under code-server and Remote-SSH, Electron in desktop VS Code, which
    // ELECTRON_RUN_AS_NODE turns into node.
    shellPath: process.execPath,
    shellArgs: launcherArgs(extensionPath, request, options),
    env: { ELECTRON_RUN_AS_NODE: '1' },
    cwd: request.cwd,
  });
  if (options.show !== false) terminal.show(true);
  const exited = new Promise<number | undefined>((resolve) => {
    const listener = vscode.window.onDidCloseTerminal((closed) => {
      if (closed !== terminal) return;
      listener.dispose();
      resolve(closed.exitStatus?.code);
    });
  });
  const launcherPid = Promise.resolve(terminal.processId);
  const runDir = findRunDir(request.runsDir, launcherPid, startedAt, exited);
  return { terminal, launcherPid, runDir, exited };
}

/** Polls `<runsDir>/*\/*\/run.json` (only folders changed since the launch) for the record of this launcher. */
async function findRunDir(runsDir: string, launcherPid: Promise<number | undefined>, startedAt: number, exited: Promise<number | undefined>): Promise<string> {
  const pid = await launcherPid;
  if (pid === undefined) throw new Error('The terminal did not start the launcher (no process id)');
  let exitCode: number | undefined | null = null;
  void exited.then((code) => (exitCode = code));
  const since = startedAt - 2000; // file-system mtimes may lag the clock a little
  const deadline = Date.now() + FIND_RUN_TIMEOUT_MS;
  for (;;) {
    const found = runDirOf(runsDir, pid, since);
    if (found) return found;
    if (exitCode !== null) throw new Error(`The launcher ended (exit code ${exitCode ?? 'unknown'}) before it started the run; its terminal says why`);
    if (Date.now() > deadline) throw new Error(`No run folder under ${runsDir} named launcher pid ${pid} within ${FIND_RUN_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, FIND_RUN_POLL_MS));
  }
}

function runDirOf(runsDir: string, pid: number, since: number): string | undefined {
  for (const stem of recentFolders(runsDir, since)) {
    for (const dir of recentFolders(stem, since)) if (readRunRecord(dir)?.launcherPid === pid) return dir;
  }
  return undefined;
}

function recentFolders(dir: string, since: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => path.join(dir, name))
    .filter((child) => {
      try {
        const stat = statSync(child);
        return stat.isDirectory() && stat.mtimeMs >= since;
      } catch {
        return false;
      }
    });
}
