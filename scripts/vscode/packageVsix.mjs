// Packs the extension into a .vsix with @vscode/vsce (offline, no dependency scan) and installs it into a code-server extensions dir.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerEntry, nodeBin, repoRoot, toolEnv } from './toolPaths.mjs';

/** Runs a command with no stdin and a time limit; resolves to its output, rejects with the output tail on failure. */
function run(command, args, { cwd = repoRoot, env = process.env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      reject(new Error(`${command} ${args.join(' ')} ran past ${timeoutMs / 1000}s:\n${output.slice(-3000)}`));
    }, timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

/**
 * Builds `<outDir>/<name>.vsix` from the extension in `cwd` (Tensorsight by default) the way a release does: vsce runs
 * the vscode:prepublish script (for Tensorsight a production build), then packs what .vscodeignore lets through.
 */
export async function packageVsix(outDir, { cwd = repoRoot, name = 'tensorsight', timeoutMs = 180_000 } = {}) {
  // Without it vsce packs every file in the folder, .tools/ (800 MB) included.
  if (!existsSync(join(cwd, '.vscodeignore'))) throw new Error(`${cwd}/.vscodeignore is missing: vsce would pack the whole folder, .tools/ included`);
  mkdirSync(outDir, { recursive: true });
  const vsix = join(outDir, `${name}.vsix`);
  // Relative README links stay relative (they resolve inside the installed package): with no real repository URL,
  // vsce refuses to rewrite them and fails.
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix];
  // Without a license file vsce asks on stdin, which CI does not have.
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((name) => existsSync(join(cwd, name)))) args.push('--skip-license');
  // The repository's own vsce, whatever `cwd` is: npx would look for it elsewhere, and fetch it from the registry.
  const output = await run(join(repoRoot, 'node_modules/.bin/vsce'), args, { cwd, env: { ...process.env, CI: 'true' }, timeoutMs });
  if (!existsSync(vsix)) throw new Error(`vsce reported success but wrote no ${vsix}:\n${output.slice(-2000)}`);
  return { vsix, output };
}

/** Installs a .vsix into `extensionsDir` with code-server's own installer, as a user would. */
export async function installVsix(vsix, { extensionsDir, runDir, timeoutMs = 120_000 }) {
  const userData = join(runDir, 'install-ud');
  mkdirSync(userData, { recursive: true });
  const env = toolEnv({ EXTENSIONS_GALLERY: '{}', XDG_CONFIG_HOME: join(runDir, 'xdg-config'), XDG_DATA_HOME: join(runDir, 'xdg-data') });
  return run(nodeBin, [codeServerEntry, '--config', '/dev/null', '--user-data-dir', userData, '--extensions-dir', extensionsDir,
    '--install-extension', vsix], { env, timeoutMs });
}
