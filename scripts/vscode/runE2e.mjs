// E2E layer: test/e2e/*.e2e.test.mjs (mocha) drive the real VS Code workbench UI in headless chromium.
// One code-server per run, a new page per test file; the extension loads from the repo through the smoke-test payload
// (the packaged-extension test starts its own server from a .vsix). Builds nothing: `npm test` builds dist/ first.
// Writes {passed, failed, skipped} to TENSORSIGHT_RESULT_FILE and prints `e2e: N passed, N failed`.
// Env: TENSORSIGHT_E2E_GREP (run matching tests only), TENSORSIGHT_UPDATE_SCREENSHOT=0 (leave media/screenshot.png, which the doctor test remakes, alone).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Mocha from 'mocha';
import { setE2eSession } from './e2eSession.mjs';
import { ensureTools } from './installTools.mjs';
import { exitOnSignals, reportLayer } from './layerResult.mjs';
import { sampleTreeMemory } from './memorySampler.mjs';
import { repoRoot } from './toolPaths.mjs';
import { since, withTimeout, withVscode } from './vscodeSession.mjs';

const testDir = join(repoRoot, 'test/e2e');
// Kept well under scripts/test.mjs's 20 minutes, so this runner always gets to stop its own servers.
const runTimeoutMs = Number(process.env.TENSORSIGHT_E2E_TIMEOUT_MS ?? 15 * 60_000);

async function loadSuites() {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 180_000 });
  if (process.env.TENSORSIGHT_E2E_GREP) mocha.grep(process.env.TENSORSIGHT_E2E_GREP);
  const files = readdirSync(testDir).filter((name) => name.endsWith('.e2e.test.mjs')).sort();
  for (const file of files) mocha.addFile(join(testDir, file));
  await mocha.loadFilesAsync();
  return mocha;
}

function runSuites(mocha) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(counts));
    runner.on('pass', () => { counts.passed += 1; });
    runner.on('fail', () => { counts.failed += 1; });
    runner.on('pending', () => { counts.skipped += 1; });
  });
}

async function main() {
  exitOnSignals();
  const start = performance.now();
  const memory = sampleTreeMemory();
  let counts = null;
  try {
    if (!existsSync(join(repoRoot, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
    // Installing the tools (minutes on a cold cache) is outside the run's time limit; it has its own.
    await ensureTools();
    const mocha = await loadSuites();
    counts = await withTimeout(withVscode({ label: 'e2e' }, async (session) => {
      setE2eSession(session);
      return runSuites(mocha);
    }), runTimeoutMs, 'the e2e run');
    console.log(`[e2e] total ${since(start)} ms, peak memory of the process tree ${memory.stop()} MiB`);
    return reportLayer('e2e', counts);
  } catch (error) {
    return reportLayer('e2e', counts, { error });
  }
}

process.exit(await main());
