// The result every harness layer hands to scripts/test.mjs: {passed, failed, skipped} in TENSORSIGHT_RESULT_FILE.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Reads counts written by a host-side suite, or null when the file is absent or not counts. */
export function readCounts(file) {
  if (!file || !existsSync(file)) return null;
  try {
    const counts = JSON.parse(readFileSync(file, 'utf8'));
    return Number.isInteger(counts.passed) && Number.isInteger(counts.failed) ? { skipped: 0, ...counts } : null;
  } catch {
    return null;
  }
}

/** Finds `<marker> {json}` in log lines: the fallback when the host could not write its result file. */
export function countsFromLog(lines, marker) {
  for (const line of [...lines].reverse()) {
    const at = line.indexOf(marker);
    if (at < 0) continue;
    try { return JSON.parse(line.slice(at + marker.length).trim()); } catch { /* keep looking */ }
  }
  return null;
}

/**
 * Writes the layer's counts and prints `<layer>: N passed, N failed`; returns the process exit code.
 * A run that errored outside any test, or ran no test at all, counts as one failure so it can never pass silently.
 */
export function reportLayer(layer, counts, { error } = {}) {
  const result = { passed: counts?.passed ?? 0, failed: counts?.failed ?? 0, skipped: counts?.skipped ?? 0 };
  if (error) {
    console.error(`${layer}: ${error.stack ?? error.message ?? error}`);
    if (result.failed === 0) result.failed = 1;
  }
  if (result.passed === 0 && result.failed === 0) {
    console.error(`${layer}: no test ran`);
    result.failed = 1;
  }
  if (process.env.TENSORSIGHT_RESULT_FILE) writeFileSync(process.env.TENSORSIGHT_RESULT_FILE, `${JSON.stringify(result)}\n`);
  console.log(`${layer}: ${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''}`);
  return result.failed === 0 ? 0 : 1;
}

/** Turns SIGINT/SIGTERM into a normal exit, so 'exit' handlers stop the code-server process groups we started. */
export function exitOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.error(`\n[vscode] ${signal}: stopping`);
      process.exit(130);
    });
  }
}
