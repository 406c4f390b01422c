// Activation time in the real extension host (code-server), over several fresh extension hosts, as the host itself
// times it (test/integration/activationBench.ts). Each launch is a new workbench page, hence a new extension-host
// process that loads dist/extension.js from scratch. An empty extension, installed beside it, shows VS Code's own share.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHostTests } from '../scripts/vscode/hostTestRun.mjs';
import { installVsix, packageVsix } from '../scripts/vscode/packageVsix.mjs';
import { repoRoot } from '../scripts/vscode/toolPaths.mjs';
import { withVscode } from '../scripts/vscode/vscodeSession.mjs';

const targetMs = 50; // DESIGN.md §5
const launches = Number(process.env.TENSORSIGHT_BENCH_LAUNCHES ?? 7);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value) => Math.round(value * 100) / 100;

const baselineExtension = join(repoRoot, 'bench/fixtures/emptyExtension');

/** Median over launches of one figure. */
const medianOf = (samples, pick) => {
  const values = samples.map(pick).map(round);
  return { median: round(median(values)), samples: values };
};

export async function run() {
  const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-bench-'));
  const sampleFile = join(scratch, 'activation.jsonl');
  const extensionTestsPath = join(repoRoot, 'dist/test/integration/activationBench.js');
  try {
    // The workbench takes one development extension (the last one given), so the baseline is installed as a user would.
    const extensionsDir = join(scratch, 'extensions');
    const { vsix } = await packageVsix(scratch, { cwd: baselineExtension, name: 'empty' });
    await installVsix(vsix, { extensionsDir, runDir: scratch });
    const launchMs = await withVscode({ label: 'bench', extensionsDir, env: { TENSORSIGHT_BENCH_FILE: sampleFile } }, async ({ server, browser }) => {
      const walls = [];
      for (let launch = 1; launch <= launches; launch += 1) {
        const result = await runHostTests({ server, browser, extensionTestsPath, timeoutMs: 120_000, onLine: () => {} });
        if (result.exitCode !== 0) throw new Error(`launch ${launch}: the extension host exited with ${result.exitCode}:\n${result.lines.slice(-20).join('\n')}`);
        walls.push(result.wallMs);
        console.log(`[bench] activation launch ${launch}/${launches}: host ran and exited in ${result.wallMs} ms`);
      }
      return walls;
    });
    const samples = existsSync(sampleFile) ? readFileSync(sampleFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
    if (samples.length !== launches) throw new Error(`${launches} launches reported ${samples.length} activation samples`);
    // VS Code's own activation time for an extension (the Running Extensions view): loading its code plus the activate() call.
    const activationTime = (marks) => marks.codeLoadingMs + marks.activateCallMs;
    const value = medianOf(samples, (sample) => activationTime(sample.tensorsight)).median;
    const spans = (pick) => ({
      codeLoadingMs: medianOf(samples, (sample) => pick(sample).codeLoadingMs),
      waitMs: medianOf(samples, (sample) => pick(sample).waitMs),
      activateCallMs: medianOf(samples, (sample) => pick(sample).activateCallMs),
    });
    return {
      name: 'activation',
      what: 'activation time as the extension host marks it (code/extHost/*ExtensionCode, *ActivateExtension) in a fresh code-server extension host: loading dist/extension.js plus the activate() call, median over launches',
      unit: 'ms',
      value,
      target: targetMs,
      pass: value < targetMs,
      samples: samples.map((sample) => activationTime(sample.tensorsight)),
      resolution: 'the marks are whole milliseconds (Date.now() in the extension host)',
      tensorsight: spans((sample) => sample.tensorsight),
      baseline: {
        what: 'the empty extension of bench/fixtures/emptyExtension, activated in the same hosts: VS Code\'s own share',
        activationMs: medianOf(samples, (sample) => activationTime(sample.baseline)),
        ...spans((sample) => sample.baseline),
      },
      overBaselineMs: medianOf(samples, (sample) => activationTime(sample.tensorsight) - activationTime(sample.baseline)),
      reportedActivationMs: { what: 'activationMs returned by activate(): bundle evaluation from its first line plus activate()', ...medianOf(samples, (sample) => sample.activationMs) },
      // activate()'s own breakdown by feature, one object per launch.
      steps: samples.map((sample) => Object.fromEntries(Object.entries(sample.steps ?? {}).map(([key, ms]) => [key, round(ms)]))),
      launchWallMs: { median: median(launchMs), samples: launchMs },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
