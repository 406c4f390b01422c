// One real VS Code session: tools ensured, a run folder, code-server and a headless chromium, always torn down together.
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchChromium } from './chromium.mjs';
import { keepRunDir, makeRunDir, removeRunDir, startCodeServer } from './codeServer.mjs';
import { ensureTools } from './installTools.mjs';
import { repoRoot } from './toolPaths.mjs';

/** The workspace the layers open: the repo's demo/ folder when it exists, else an empty folder in the run folder. */
export function defaultWorkspace(runDir) {
  const demo = join(repoRoot, 'demo');
  return existsSync(demo) ? demo : mkdtempSync(join(runDir, 'workspace-'));
}

/** Milliseconds since `start`, rounded for logs. */
export const since = (start) => Math.round(performance.now() - start);

/**
 * Runs `body({ server, browser, runDir, timings })` against a fresh code-server and chromium, then stops both,
 * also when body throws. Options: label, workspace, extensionsDir, env (for the server and its extension hosts).
 */
export async function withVscode({ label, workspace, extensionsDir, env, runDir: givenRunDir }, body) {
  await ensureTools();
  const runDir = givenRunDir ?? makeRunDir(label);
  const timings = {};
  let server;
  let browser;
  let ok = false;
  try {
    let start = performance.now();
    server = await startCodeServer({ runDir, workspace: workspace ?? defaultWorkspace(runDir), extensionsDir, env });
    timings.serverReadyMs = since(start);
    start = performance.now();
    browser = await launchChromium({ runDir });
    timings.browserReadyMs = since(start);
    console.log(`[vscode] code-server ${server.url} ready in ${timings.serverReadyMs} ms, chromium in ${timings.browserReadyMs} ms (run folder ${runDir})`);
    const result = await body({ server, browser, runDir, timings });
    ok = true;
    return result;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    if (ok && !givenRunDir) removeRunDir(runDir);
    else if (!ok) keepRunDir(runDir);
  }
}

/** Rejects after `ms` with a message naming the step, so a hung step fails clearly instead of hanging the run. */
export function withTimeout(promise, ms, step) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} did not finish within ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
