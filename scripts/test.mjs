// `npm test`: build, typecheck, lint, then the unit, integration and e2e layers.
// Prints one summary line per layer and a closing `N passed, N failed` line; exits non-zero on any failure.
// Every layer runs with TMPDIR set to one scratch folder, removed at the end (also on failure and Ctrl-C), except run
// folders a failing layer kept for inspection (it prints their paths).
// Usage: node scripts/test.mjs [layer ...]   (layers: typecheck lint unit integration e2e)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptMarker } from './vscode/codeServer.mjs';
import { chromiumPath } from './vscode/toolPaths.mjs';

const MINUTE = 60_000;
// Short on purpose: code-server's unix sockets live a few folders below it and a socket path has at most 107 bytes.
const scratch = mkdtempSync(join(tmpdir(), 'ts-'));
process.env.TMPDIR = scratch;
let current = null;

/** Removes the scratch folder, sparing (and naming) the run folders a failing layer kept. */
function cleanScratch() {
  const kept = [];
  for (const entry of existsSync(scratch) ? readdirSync(scratch) : []) {
    const path = join(scratch, entry);
    if (existsSync(join(path, keptMarker))) kept.push(path);
    else rmSync(path, { recursive: true, force: true });
  }
  if (kept.length === 0) rmSync(scratch, { recursive: true, force: true });
  else console.log(`[test] kept for inspection: ${kept.join(', ')}`);
}

// The layers lead their own process groups, so Ctrl-C reaches only this process: pass it on (the runners stop their
// servers on SIGTERM), run no further layer, and clean up as at the end of any run.
let interrupted = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\n[test] ${signal}: stopping`);
    interrupted = signal;
    const child = current;
    if (!child) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }, 10_000).unref();
  });
}

/** Runs a command with inherited output; resolves to its exit code (124 when it outran its limit). */
function run(command, args, { timeoutMs, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
    current = child;
    const timer = setTimeout(() => {
      console.error(`\n[test] ${command} ${args.join(' ')} ran past ${timeoutMs / 1000}s; stopping it`);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      resolve(124);
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** A layer that is one command: counts 1 passed or 1 failed. */
async function single(name, command, args, timeoutMs) {
  const code = await run(command, args, { timeoutMs });
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, code };
}

async function unit() {
  const files = findFiles('test/unit', '.unit.test.ts');
  const tap = join(scratch, 'unit.tap');
  const code = await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files], { timeoutMs: 20 * MINUTE });
  return { ...countTap(tap), code };
}

function countTap(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const read = (key) => Number(text.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: read('pass'), failed: read('fail') + read('cancelled'), skipped: read('skipped') + read('todo') };
}

/** Integration and e2e runners write {passed, failed, skipped} to TENSORSIGHT_RESULT_FILE. */
async function harness(script, timeoutMs) {
  const resultFile = join(mkdtempSync(join(scratch, 'layer-')), 'result.json');
  const code = await run(process.execPath, [script], { timeoutMs, env: { TENSORSIGHT_RESULT_FILE: resultFile } });
  const counts = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 1 };
  return { passed: counts.passed ?? 0, failed: counts.failed ?? 0, skipped: counts.skipped ?? 0, code };
}

/**
 * The real-workbench layers need a browser. Without one they are skipped with a one-line reason, except in CI
 * (CI=true), where a missing browser must fail the run rather than turn it green with two layers unrun.
 */
async function inWorkbench(name, script, timeoutMs) {
  if (!existsSync(chromiumPath) && process.env.CI !== 'true') {
    console.log(`${name}: skipped: no chromium at ${chromiumPath} (apt-get install chromium, or set TENSORSIGHT_CHROMIUM)`);
    return { passed: 0, failed: 0, skipped: 1, code: 0, absent: true };
  }
  return harness(script, timeoutMs);
}

const layers = {
  typecheck: () => single('typecheck', 'npm', ['run', '--silent', 'typecheck'], 10 * MINUTE),
  lint: () => single('lint', 'npm', ['run', '--silent', 'lint'], 10 * MINUTE),
  unit,
  integration: () => inWorkbench('integration', 'scripts/vscode/runIntegration.mjs', 15 * MINUTE),
  e2e: () => inWorkbench('e2e', 'scripts/vscode/runE2e.mjs', 20 * MINUTE),
};

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(layers);
for (const name of chosen) if (!layers[name]) { console.error(`unknown layer ${name}`); cleanScratch(); process.exit(2); }

const buildCode = await run('npm', ['run', '--silent', 'build'], { timeoutMs: 5 * MINUTE });
const results = [];
if (buildCode !== 0) {
  results.push({ name: 'build', passed: 0, failed: 1, code: buildCode });
} else {
  for (const name of chosen) {
    if (interrupted) break;
    console.log(`\n===== ${name} =====`);
    results.push({ name, ...(await layers[name]()) });
  }
}

console.log('\n===== summary =====');
let passed = 0;
let failed = 0;
for (const result of results) {
  // A layer whose process failed counts as failed even when it reported no failing test.
  const layerFailed = result.failed + (result.code !== 0 && result.failed === 0 ? 1 : 0);
  const empty = result.passed === 0 && layerFailed === 0 && !result.absent;
  console.log(`${result.name}: ${result.passed} passed, ${layerFailed + (empty ? 1 : 0)} failed${result.skipped ? `, ${result.skipped} skipped` : ''}${empty ? ' (no test ran)' : ''}`);
  passed += result.passed;
  failed += layerFailed + (empty ? 1 : 0);
}
console.log(`${passed} passed, ${failed} failed${interrupted ? ` (stopped by ${interrupted})` : ''}`);
cleanScratch();
process.exit(interrupted ? 130 : failed === 0 ? 0 : 1);
