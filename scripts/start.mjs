// `npm start`: build, then open Tensorsight on the demo/ workspace in a real VS Code.
// With `code` on PATH: a desktop Extension Development Host. Otherwise (or with --server): code-server on 127.0.0.1,
// installed offline into .tools/vscode on first use; open the printed URL in a browser. Ctrl-C stops everything.
// Usage: node scripts/start.mjs [--server] [--port N] [--no-build]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRunDir, removeRunDir, startCodeServer } from './vscode/codeServer.mjs';
import { ensureTools } from './vscode/installTools.mjs';
import { pinned, repoRoot } from './vscode/toolPaths.mjs';

const args = process.argv.slice(2);
const forceServer = args.includes('--server');
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.TENSORSIGHT_PORT ?? 0) || undefined;

function build() {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error('[start] the build failed; nothing started');
    process.exit(result.status ?? 1);
  }
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function workspaceFolder() {
  const demo = join(repoRoot, 'demo');
  return existsSync(demo) ? demo : mkdtempSync(join(tmpdir(), 'tensorsight-workspace-'));
}

/** Desktop VS Code: the `code` launcher returns at once and the window lives on its own. */
function startDesktop(workspace) {
  console.log(`[start] opening VS Code with the extension from ${repoRoot} on ${workspace}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function startServer(workspace) {
  await ensureTools();
  const runDir = makeRunDir('start');
  const server = await startCodeServer({ runDir, workspace, port });
  const url = server.workbenchUrl([['extensionDevelopmentPath', server.remoteUri(repoRoot)], ['skipWelcome', 'true']]);
  console.log(`\nTensorsight is running in code-server ${pinned.codeServer} on ${workspace}. Open:\n\n  ${url}\n`);
  console.log(`(server log: ${server.logFile}; after changing code, \`npm run build\` and reload the window.) Ctrl-C stops it.`);

  let stopping = false;
  const stop = async (reason) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${reason}: stopping code-server`);
    await server.stop();
    removeRunDir(runDir);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  const code = await server.exited;
  if (!stopping) {
    console.error(`[start] code-server exited on its own (${code}); see ${server.logFile}`);
    process.exit(1);
  }
}

if (!args.includes('--no-build')) build();
const workspace = workspaceFolder();
if (!forceServer && onPath('code')) startDesktop(workspace);
else await startServer(workspace);
