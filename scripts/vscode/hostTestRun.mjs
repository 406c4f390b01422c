// Runs an extensionTestsPath module inside the real extension host of a code-server workbench page.
// The smoke-test driver reads the `payload` URL parameter and reports through window.codeAutomationLog / codeAutomationExit.
import { performance } from 'node:perf_hooks';
import { repoRoot } from './toolPaths.mjs';
import { since, withTimeout } from './vscodeSession.mjs';

// Lines the offline workbench repeats on every start that say nothing about the extension (no gallery by design).
const noise = [/Ignoring fetching additional builtin extensions from gallery/, /Updating additional builtin extensions cache/];

/**
 * Opens one workbench page whose extension host loads the extension under development and runs `extensionTestsPath`.
 * Resolves to { exitCode, wallMs, lines } when the host exits; every log line also goes to `onLine`.
 */
export async function runHostTests({ server, browser, extensionTestsPath, extensionDevelopmentPath = repoRoot, timeoutMs = 300_000, onLine = console.log }) {
  const page = await browser.newPage();
  const lines = [];
  const emit = (line) => {
    lines.push(line);
    if (process.env.TENSORSIGHT_VERBOSE === '1' || !noise.some((pattern) => pattern.test(line))) onLine(line);
  };
  let reportExit;
  const exited = new Promise((resolve) => { reportExit = resolve; });
  const start = performance.now();
  try {
    // Both must exist before the workbench script runs, hence exposeFunction before goto.
    await page.exposeFunction('codeAutomationLog', (level, message) => emit(`[host ${level}] ${message}`));
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    page.on('pageerror', (error) => emit(`[page error] ${error.message}`));
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)],
      ['extensionTestsPath', server.remoteUri(extensionTestsPath)],
      ['skipWelcome', 'true'],
    ];
    await withTimeout(page.goto(server.workbenchUrl(payload)), 30_000, 'loading the workbench page');
    const exitCode = await withTimeout(exited, timeoutMs, `the extension tests in ${extensionTestsPath}`);
    return { exitCode, wallMs: since(start), lines };
  } finally {
    await page.close().catch(() => {});
  }
}
