// Integration layer: the mocha suites in test/integration run inside a real VS Code extension host.
// Default route: code-server + headless chromium (works offline). TENSORSIGHT_VSCODE=electron: @vscode/test-electron,
// for machines where VS Code's download works. Builds nothing: `npm test` builds dist/ first.
// Writes {passed, failed, skipped} to TENSORSIGHT_RESULT_FILE and prints `integration: N passed, N failed`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runHostTests } from './hostTestRun.mjs';
import { ensureTools } from './installTools.mjs';
import { countsFromLog, exitOnSignals, readCounts, reportLayer } from './layerResult.mjs';
import { sampleTreeMemory } from './memorySampler.mjs';
import { repoRoot } from './toolPaths.mjs';
import { defaultWorkspace, since, withTimeout, withVscode } from './vscodeSession.mjs';

const resultMarker = 'tensorsight-integration-result';
const extensionTestsPath = join(repoRoot, 'dist/test/integration/index.js');
// Kept well under scripts/test.mjs's 15 minutes, so this runner always gets to stop its own servers.
const runTimeoutMs = Number(process.env.TENSORSIGHT_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);

function requireBuild() {
  for (const file of ['dist/extension.js', 'dist/test/integration/index.js']) {
    if (!existsSync(join(repoRoot, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
}

/** The offline route: one code-server launch whose page runs the suites through the smoke-test driver. */
async function viaCodeServer(hostResultFile) {
  return withVscode({ label: 'integration', env: { TENSORSIGHT_HOST_RESULT_FILE: hostResultFile } }, async ({ server, browser }) => {
    const run = await runHostTests({ server, browser, extensionTestsPath, timeoutMs: runTimeoutMs });
    console.log(`[integration] extension host exited with ${run.exitCode} after ${run.wallMs} ms`);
    return run;
  });
}

/** The desktop route: @vscode/test-electron downloads VS Code and runs the same extensionTestsPath. */
async function viaElectron(hostResultFile) {
  const { runTests } = await import('@vscode/test-electron');
  const userDataDir = mkdtempSync(join(tmpdir(), 'tensorsight-electron-'));
  try {
    let failure;
    const exitCode = await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv: { TENSORSIGHT_HOST_RESULT_FILE: hostResultFile },
      version: process.env.TENSORSIGHT_VSCODE_VERSION,
      launchArgs: [defaultWorkspace(userDataDir), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--user-data-dir', join(userDataDir, 'ud')],
    }).catch((error) => {
      // runTests rejects on a non-zero exit as well as on a failed download; the counts file tells them apart.
      failure = `@vscode/test-electron: ${error.message ?? error}`;
      return 1;
    });
    return { exitCode, lines: [], failure };
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function main() {
  exitOnSignals();
  const start = performance.now();
  const memory = sampleTreeMemory();
  const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-integration-result-'));
  const hostResultFile = join(scratch, 'host-result.json');
  try {
    requireBuild();
    // Installing the tools (minutes on a cold cache) is outside the run's time limit; it has its own.
    if (process.env.TENSORSIGHT_VSCODE !== 'electron') await ensureTools();
    const route = process.env.TENSORSIGHT_VSCODE === 'electron' ? viaElectron : viaCodeServer;
    const run = await withTimeout(route(hostResultFile), runTimeoutMs + 60_000, 'the integration run');
    const counts = readCounts(hostResultFile) ?? countsFromLog(run.lines, resultMarker) ?? { passed: 0, failed: 0, skipped: 0 };
    // The host can exit non-zero after the suites reported (a crash in teardown): that is a failure too.
    const error = run.exitCode !== 0 && counts.failed === 0 ? new Error(run.failure ?? `extension host exited with ${run.exitCode}`) : undefined;
    console.log(`[integration] total ${since(start)} ms, peak memory of the process tree ${memory.stop()} MiB`);
    return reportLayer('integration', counts, { error });
  } catch (error) {
    return reportLayer('integration', readCounts(hostResultFile), { error });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exit(await main());
