// Installs the pinned offline VS Code route (Node 24 + code-server) into .tools/vscode, from the npm registry only.
// Idempotent: skips when the installed versions and lockfile already match. Non-interactive (CI=true, no stdin).
// Usage: node scripts/vscode/installTools.mjs [--force]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  codeServerDir, codeServerEntry, environmentWithoutParentNpm, installMarker, installedVersion, nodeBin, nodeDir, pinned, toolEnv, toolsDir, toolsManifestDir,
} from './toolPaths.mjs';

const MINUTE = 60_000;

function lockDigest() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(toolsManifestDir, file)));
  return hash.digest('hex');
}

/** True when the tools folder holds exactly the pinned versions, fully installed. */
export function toolsAreInstalled() {
  if (!existsSync(installMarker) || !existsSync(nodeBin) || !existsSync(codeServerEntry)) return false;
  const marker = JSON.parse(readFileSync(installMarker, 'utf8'));
  return marker.lockDigest === lockDigest()
    && installedVersion(codeServerDir) === pinned.codeServer
    && installedVersion(nodeDir) === pinned.node;
}

/** Runs a command with streamed output and no stdin; rejects with the command line on failure or timeout. */
function run(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      reject(new Error(`${command} ${args.join(' ')} ran past ${timeoutMs / 1000}s`));
    }, timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} in ${cwd} exited with ${code ?? signal}`));
    });
  });
}

function checkPrerequisites() {
  // code-server's kerberos module compiles against these headers during its postinstall.
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5.h')) {
    throw new Error('Kerberos headers are missing (code-server builds a native module against them): run `apt-get install -y libkrb5-dev`.');
  }
}

async function timed(label, step) {
  const start = performance.now();
  await step();
  const seconds = (performance.now() - start) / 1000;
  console.log(`[tools] ${label}: ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Installs the tools unless they are already there; returns the step timings in seconds. */
export async function ensureTools({ force = false } = {}) {
  if (!force && toolsAreInstalled()) {
    console.log(`[tools] code-server ${pinned.codeServer} and Node ${pinned.node} already installed in ${toolsDir}`);
    return { skipped: true };
  }
  checkPrerequisites();
  console.log(`[tools] installing code-server ${pinned.codeServer} and Node ${pinned.node} into ${toolsDir}`);
  rmSync(installMarker, { force: true });
  mkdirSync(toolsDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(toolsManifestDir, file), join(toolsDir, file));

  const npmFlags = ['--no-audit', '--no-fund', '--no-update-notifier'];
  const env = { ...environmentWithoutParentNpm(), CI: 'true' };
  const timings = {};
  // Scripts are held back on the first pass: code-server's postinstall refuses any Node but 24, which arrives in this same install.
  timings.fetch = await timed('npm ci --ignore-scripts', () =>
    run('npm', ['ci', '--ignore-scripts', ...npmFlags], { cwd: toolsDir, env, timeoutMs: 10 * MINUTE }));
  timings.build = await timed('npm rebuild (Node 24, native modules)', () =>
    run('npm', ['rebuild', ...npmFlags], { cwd: toolsDir, env: toolEnv({ CI: 'true' }), timeoutMs: 10 * MINUTE }));

  if (!existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing`);
  writeFileSync(installMarker, `${JSON.stringify({ lockDigest: lockDigest(), ...pinned, installedAt: new Date().toISOString(), timings }, null, 2)}\n`);
  console.log(`[tools] installed in ${(timings.fetch + timings.build).toFixed(1)} s`);
  return { skipped: false, timings };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureTools({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(`[tools] install failed: ${error.message}`);
    process.exit(1);
  });
}
