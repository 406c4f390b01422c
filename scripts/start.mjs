// `npm start`: build, then open Tensorsight on the demo/ workspace in a real VS Code.
// With `code` on PATH: a desktop Extension Development Host. Otherwise (or with --server): code-server on 127.0.0.1,
// installed offline into .tools/vscode on first use; open the printed URL in a browser. Ctrl-C stops everything.
// Usage: node scripts/start.mjs [--server] [--port N] [--no-build] [--exit-when-ready]
//   --exit-when-ready: stop once the workbench page is served (measures a start without a browser; exit 0 when ready).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeRunDir, removeRunDir, startCodeServer } from './vscode/codeServer.mjs';
import { ensureTools } from './vscode/installTools.mjs';
import { pinned, repoRoot } from './vscode/toolPaths.mjs';

const args = process.argv.slice(2);
const forceServer = args.includes('--server');
const exitWhenReady = args.includes('--exit-when-ready');
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.TENSORSIGHT_PORT ?? 0) || undefined;
const started = performance.now();
const seconds = (from) => ((performance.now() - from) / 1000).toFixed(1);

/** `npm run build`; resolves to its seconds, exits the process when it fails. */
function build() {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => {
      if (code !== 0) {
        console.error('[start] the build failed; nothing started');
        process.exit(code ?? 1);
      }
      resolve(seconds(start));
    });
  });
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The demo/ folder, or an empty folder inside the run folder (removed with it). */
function workspaceFolder(runDir) {
  const demo = join(repoRoot, 'demo');
  return existsSync(demo) ? demo : mkdtempSync(join(runDir, 'workspace-'));
}

/** Desktop VS Code: the `code` launcher returns at once and the window lives on its own. */
async function startDesktop(building) {
  await building;
  const workspace = existsSync(join(repoRoot, 'demo')) ? join(repoRoot, 'demo') : repoRoot;
  console.log(`[start] opening VS Code with the extension from ${repoRoot} on ${workspace}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function toolsTimed() {
  const start = performance.now();
  await ensureTools();
  return seconds(start);
}

/** Fetches the workbench page: the server answers /healthz before it can serve the workbench. */
async function checkWorkbench(url) {
  const { fetch, AbortSignal } = globalThis;
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const html = await response.text();
  if (!response.ok || !html.includes('workbench')) throw new Error(`the workbench page answered ${response.status} without the workbench`);
}

async function startServer(building) {
  // The build and a first-use tools install run side by side: neither needs the other.
  const [buildSeconds, toolsSeconds] = await Promise.all([building, toolsTimed()]);
  const runDir = makeRunDir('start');
  const workspace = workspaceFolder(runDir);
  const serverStart = performance.now();
  const server = await startCodeServer({ runDir, workspace, port });
  const url = server.workbenchUrl([['extensionDevelopmentPath', server.remoteUri(repoRoot)], ['skipWelcome', 'true']]);
  const breakdown = [buildSeconds && `build ${buildSeconds} s`, `tools ${toolsSeconds} s`, `server ${seconds(serverStart)} s`].filter(Boolean).join(', ');
  console.log(`\nTensorsight is running in code-server ${pinned.codeServer} on ${workspace}. Open:\n\n  ${url}\n`);
  console.log(`[start] ready in ${seconds(started)} s (${breakdown})`);

  let stopping = false;
  const stop = async (reason, code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${reason}: stopping code-server`);
    await server.stop();
    removeRunDir(runDir);
    process.exit(code);
  };
  if (exitWhenReady) {
    try {
      await checkWorkbench(url);
      console.log(`[start] the workbench page is served (${seconds(started)} s)`);
      await stop('--exit-when-ready');
    } catch (error) {
      console.error(`[start] ${error.message}; see ${server.logFile}`);
      await stop('--exit-when-ready', 1);
    }
    return;
  }
  console.log(`(server log: ${server.logFile}; after changing code, \`npm run build\` and reload the window.) Ctrl-C stops it.`);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  const code = await server.exited;
  if (!stopping) {
    console.error(`[start] code-server exited on its own (${code}); see ${server.logFile}`);
    process.exit(1);
  }
}

const building = args.includes('--no-build') ? Promise.resolve(null) : build();
if (!forceServer && onPath('code')) await startDesktop(building);
else await startServer(building);
