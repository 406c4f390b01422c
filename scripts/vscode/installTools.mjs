// Installs the pinned offline VS Code route (Node 24 + code-server) into .tools/vscode, from the npm registry only.
// Runs once: later calls find the marker and return at once. Non-interactive (CI=true, no stdin).
// code-server's own postinstall (`npm install` in lib/vscode, which compiles every native module VS Code lists,
// minutes on two cores) is replaced by its steps, keeping only what a server on Linux loads: node-pty and
// @parcel/watcher from the binaries their packages ship, and @vscode/spdlog and @vscode/native-watchdog compiled
// (no prebuilt binaries exist). Left out: kerberos (proxy Negotiate auth), @vscode/sqlite3, fs-copyfile and
// deviceid (the agent host and telemetry; loaded lazily with a fallback), Windows-only modules, ssh2's cpu-features.
// Usage: node scripts/vscode/installTools.mjs [--force]
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  codeServerDir, codeServerEntry, installMarker, installedVersion, nodeBin, nodeDir, pinned, toolEnv, toolsDir, toolsManifestDir,
} from './toolPaths.mjs';
import { runLogged } from './toolProcess.mjs';

const MINUTE = 60_000;
/** Bumped when the install steps change, so an install made by older steps is redone once. */
const RECIPE = 2;
const vscodeDir = join(codeServerDir, 'lib/vscode');
const installLog = join(toolsDir, 'install.log');

/** Native modules the server, pty host, file watcher and extension host load; built (or checked) by their own scripts. */
const nativeModules = ['node-pty', '@parcel/watcher', '@vscode/spdlog', '@vscode/native-watchdog'];

function lockDigest() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(toolsManifestDir, file)));
  return hash.digest('hex');
}

/** True when the tools folder holds exactly the pinned versions, fully installed by the current steps. */
export function toolsAreInstalled() {
  if (!existsSync(installMarker) || !existsSync(nodeBin) || !existsSync(codeServerEntry)) return false;
  const marker = JSON.parse(readFileSync(installMarker, 'utf8'));
  return marker.lockDigest === lockDigest()
    && marker.recipe === RECIPE
    && installedVersion(codeServerDir) === pinned.codeServer
    && installedVersion(nodeDir) === pinned.node;
}

function checkPrerequisites() {
  const missing = ['make', 'g++', 'python3'].filter((tool) => !toolEnv().PATH.split(':').some((dir) => existsSync(join(dir, tool))));
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} not found: two of code-server's native modules are compiled on install; run \`apt-get install -y g++ make python3\`.`);
  }
}

/** code-server's postinstall links these launchers; the remote CLI (`code-server` in the integrated terminal) needs them. */
function linkLaunchers() {
  for (const [dir, target, link] of [['bin/remote-cli', 'code-linux.sh', 'code-server'], ['bin/helpers', 'browser-linux.sh', 'browser.sh']]) {
    const path = join(vscodeDir, dir, link);
    rmSync(path, { force: true });
    symlinkSync(target, path);
  }
}

/** Loads every native module with Node 24, so a broken binary fails the install instead of a later test. */
const loadCheck = `
const { createRequire } = require('node:module');
for (const [dir, names] of Object.entries(JSON.parse(process.argv[1]))) {
  const load = createRequire(dir + '/package.json');
  for (const name of names) load(name);
}`;

export async function ensureTools({ force = false } = {}) {
  if (!force && toolsAreInstalled()) return { skipped: true };
  const started = performance.now();
  console.log(`[tools] First use: installing code-server ${pinned.codeServer} and Node ${pinned.node} into ${toolsDir}.`);
  console.log(`[tools] This happens once (one to two minutes; later starts reuse it). Full output: ${installLog}`);
  rmSync(toolsDir, { recursive: true, force: true });
  mkdirSync(toolsDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(toolsManifestDir, file), join(toolsDir, file));
  checkPrerequisites();

  const npmFlags = ['--no-audit', '--no-fund', '--no-update-notifier'];
  const env = toolEnv({ CI: 'true', JOBS: 'max' });
  const timings = {};
  const step = async (key, label, command, args, cwd) => {
    timings[key] = await runLogged(label, command, args, { cwd, env, log: installLog, timeoutMs: 10 * MINUTE });
  };
  // Install scripts are held back: code-server's postinstall would build every native module (below, only the needed ones).
  await step('packages', '1/5 code-server and Node 24 packages', 'npm', ['ci', '--ignore-scripts', ...npmFlags], toolsDir);
  // `install`, as code-server's postinstall does: its npm-shrinkwrap.json lacks an entry `npm ci` insists on (tslib).
  await step('vscodeDependencies', '2/5 VS Code server dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts', ...npmFlags], vscodeDir);
  // Runs the named packages' own install scripts only: node-pty and @parcel/watcher find their shipped binaries.
  await step('nativeModules', '3/5 native modules (compiling @vscode/spdlog, @vscode/native-watchdog)', 'npm', ['rebuild', '--foreground-scripts', ...nativeModules, ...npmFlags], vscodeDir);
  linkLaunchers();
  // The built-in extensions' shared TypeScript, trimmed by that folder's own postinstall.
  await step('extensionDependencies', '4/5 built-in extensions\' dependencies', 'npm', ['install', '--omit=dev', ...npmFlags], join(vscodeDir, 'extensions'));
  await step('check', '5/5 loading the native modules under Node 24', nodeBin,
    ['-e', loadCheck, JSON.stringify({ [vscodeDir]: nativeModules, [codeServerDir]: ['argon2'] })], toolsDir);

  if (!existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing`);
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(installMarker, `${JSON.stringify({ lockDigest: lockDigest(), recipe: RECIPE, ...pinned, installedAt: new Date().toISOString(), seconds, timings }, null, 2)}\n`);
  console.log(`[tools] Installed in ${seconds.toFixed(1)} s.`);
  return { skipped: false, seconds, timings };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureTools({ force: process.argv.includes('--force') }).then((result) => {
    if (result.skipped) console.log(`[tools] code-server ${pinned.codeServer} and Node ${pinned.node} already installed in ${toolsDir}`);
  }).catch((error) => {
    console.error(`[tools] install failed: ${error.message}`);
    process.exit(1);
  });
}
