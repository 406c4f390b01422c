// Mocha entry that VS Code loads as extensionTestsPath inside the real extension host.
// It runs every *.vscode.test.js beside it and hands the counts to the runner itself: mocha's summary is never parsed.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** The counts the runner reads; the same shape scripts/test.mjs expects from every layer. */
export interface IntegrationCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Log marker the runner also accepts when no result file could be written. */
export const resultMarker = 'tensorsight-integration-result';

function suiteFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.vscode.test.js'))
    .map((name) => join(dir, name))
    .sort();
}

export async function run(): Promise<void> {
  // The Base reporter prints nothing: the host forwards console.log with its format arguments mangled, so this file prints its own lines.
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: Mocha.reporters.Base, timeout: 60_000 });
  // TENSORSIGHT_INTEGRATION_GREP narrows a run to matching tests while working on one suite.
  if (process.env.TENSORSIGHT_INTEGRATION_GREP) mocha.grep(process.env.TENSORSIGHT_INTEGRATION_GREP);
  const files = suiteFiles(__dirname);
  for (const file of files) mocha.addFile(file);
  console.log(`[integration] ${files.length} suite files: ${files.map((file) => file.slice(__dirname.length + 1)).join(', ')}`);

  const counts: IntegrationCounts = { passed: 0, failed: 0, skipped: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => { counts.passed += 1; console.log(`[integration] ok   ${test.fullTitle()}`); });
    runner.on('fail', (test, error) => {
      counts.failed += 1;
      console.log(`[integration] FAIL ${test.fullTitle()}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
    runner.on('pending', (test) => { counts.skipped += 1; console.log(`[integration] skip ${test.fullTitle()}`); });
  });

  const json = JSON.stringify(counts);
  if (process.env.TENSORSIGHT_HOST_RESULT_FILE) writeFileSync(process.env.TENSORSIGHT_HOST_RESULT_FILE, `${json}\n`);
  console.log(`${resultMarker} ${json}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} integration test(s) failed`);
}
