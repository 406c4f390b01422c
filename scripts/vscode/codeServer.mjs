// Starts code-server (a real VS Code workbench with a real Node extension host) on loopback, every state folder in one run folder.
// The server leads its own process group, so stop() ends it together with every extension host it spawned.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URLSearchParams } from 'node:url';
import { codeServerEntry, nodeBin, toolEnv } from './toolPaths.mjs';

/** Settings that keep the workbench quiet and deterministic: no welcome page, no trust prompt, no telemetry, no AI panels. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
};

/** A fresh run folder; its path stays short because code-server puts unix sockets under TMPDIR inside it. */
export function makeRunDir(label) {
  return mkdtempSync(join(tmpdir(), `tensorsight-${label}-`));
}

/** A port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Kills a process group, politely first; resolves when the leader has exited or after the grace period. */
export async function killGroup(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group already gone */ }
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([exited, timer]);
  // Extension hosts and their children may outlive the leader; the group kill reaches them too.
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group already gone */ }
}

async function waitUntilReady(url, child, logFile, timeoutMs) {
  const { fetch, AbortSignal } = globalThis;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before listening; log ${logFile}:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000}s; log ${logFile}:\n${tail(logFile)}`);
}

function tail(file, lines = 30) {
  try { return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers HTTP.
 * workspace: folder to open; extensionsDir: where installed extensions live (default inside the run folder);
 * env: extra environment for the server and its extension hosts (force-disable-user-env keeps it intact).
 */
export async function startCodeServer({ runDir, workspace, extensionsDir, env = {}, port, timeoutMs = 30_000 }) {
  const dirs = {
    userData: join(runDir, 'ud'),
    extensions: extensionsDir ?? join(runDir, 'exts'),
    tmp: join(runDir, 'tmp'),
    config: join(runDir, 'xdg-config'),
    data: join(runDir, 'xdg-data'),
  };
  // VS Code puts its IPC sockets in TMPDIR (vscode-ipc-<uuid>.sock), and a unix socket path holds at most 107 bytes.
  const socketPath = join(dirs.tmp, `vscode-ipc-${'0'.repeat(36)}.sock`);
  if (Buffer.byteLength(socketPath) > 107) throw new Error(`run folder ${runDir} is too deep: VS Code's sockets (${socketPath.length} bytes) would exceed 107 bytes`);
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User/settings.json'), `${JSON.stringify(quietSettings, null, 2)}\n`);

  const chosenPort = port ?? await freePort();
  const args = [
    codeServerEntry,
    '--config', '/dev/null',
    '--bind-addr', `127.0.0.1:${chosenPort}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--vscode-option', 'enable-smoke-test-driver',
    // Without this the extension host rebuilds PATH from a login shell, and test doubles placed on PATH never reach it.
    '--vscode-option', 'force-disable-user-env',
    // Without a short grace time the extension host outlives the browser for hours.
    '--reconnection-grace-time', '5',
    workspace,
  ];
  const logFile = join(runDir, 'code-server.log');
  const log = createWriteStream(logFile);
  const child = spawn(nodeBin, args, {
    cwd: runDir,
    detached: true, // setsid: the server leads a new process group that stop() kills whole
    stdio: ['ignore', 'pipe', 'pipe'],
    env: toolEnv({
      EXTENSIONS_GALLERY: '{}', // no marketplace: its lookups fail offline and fill the log
      TMPDIR: dirs.tmp,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
      ...env,
    }),
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const stopOnExit = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.on('exit', stopOnExit);

  const url = `http://127.0.0.1:${chosenPort}`;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const stop = async () => {
    await killGroup(child);
    process.off('exit', stopOnExit);
    log.end();
  };
  try {
    await waitUntilReady(url, child, logFile, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port: chosenPort,
    pid: child.pid,
    runDir,
    logFile,
    workspace,
    extensionsDir: dirs.extensions,
    /** Resolves with the exit code (or signal) once the server process ends. */
    exited,
    /** A path on the server as the workbench names it (payload entries take these). */
    remoteUri: (absolutePath) => `vscode-remote://127.0.0.1:${chosenPort}${absolutePath}`,
    /** The workbench URL for the workspace, with an optional smoke-test payload ([key, value] pairs). */
    workbenchUrl: (payload) => {
      const query = new URLSearchParams({ folder: workspace });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${url}/?${query}`;
    },
    stop,
  };
}

/** The file that marks a run folder kept for a post-mortem; scripts/test.mjs spares such folders when it cleans up. */
export const keptMarker = '.kept-for-inspection';

/** Keeps a run folder (code-server log, user data, screenshots) and says where it is. */
export function keepRunDir(runDir, reason = 'kept for inspection') {
  try { writeFileSync(join(runDir, keptMarker), `${reason}\n`); } catch { /* the folder is gone */ }
  console.log(`[vscode] run folder ${reason}: ${runDir}`);
}

/** Removes a run folder unless TENSORSIGHT_KEEP_RUN=1 asks to keep it for a post-mortem. */
export function removeRunDir(runDir) {
  if (process.env.TENSORSIGHT_KEEP_RUN === '1') keepRunDir(runDir, 'kept (TENSORSIGHT_KEEP_RUN=1)');
  else rmSync(runDir, { recursive: true, force: true });
}
