// The one code-server and browser an e2e run shares: runE2e.mjs sets it, the test files in test/e2e read it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './toolPaths.mjs';

/** Where screenshots go (git-ignored); the README shows artifacts/tensorsight.png. */
export const artifactsDir = join(repoRoot, 'test/e2e/artifacts');

let current = null;

/** Called by the runner once code-server and chromium are up. */
export function setE2eSession(session) {
  mkdirSync(artifactsDir, { recursive: true });
  current = session;
}

/** The running session: { server, browser, runDir }. Throws outside a runE2e.mjs run, where there is none. */
export function e2eSession() {
  if (!current) throw new Error('no e2e session: run the e2e tests through scripts/vscode/runE2e.mjs');
  return current;
}

/** The workbench page payload that loads the extension under development from the repo. */
export function developmentPayload(server) {
  return [['extensionDevelopmentPath', server.remoteUri(repoRoot)], ['skipWelcome', 'true']];
}
