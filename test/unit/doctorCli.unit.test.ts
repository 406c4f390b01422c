// `tensorsight doctor` as a real process: exit codes, JSON on stdout, an emptied PATH, test-double interpreters
// and nvidia-smi. Missing pieces are problems in the report, never a failing exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DoctorReport } from '../../src/core/env/doctorReport';
import { TFJS_BACKENDS } from '../../src/core/env/probeNodeRuntimes';

const repoRoot = path.resolve(__dirname, '../..');
const doubles = path.resolve(__dirname, '../fixtures/bin');

/** Runs the CLI from source (no build needed) with the given arguments and environment. */
function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), 'doctor', ...args], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

function installedHere(name: string): boolean {
  try {
    createRequire(path.join(repoRoot, 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

// The plain run is shared by the tests that read it: it probes every interpreter on this machine.
let plainRun: ReturnType<typeof cli> | undefined;
const plainJson = () => (plainRun ??= cli(['--json']));

test('doctor --json prints one valid JSON report with every section and exits 0', async () => {
  const run = await plainJson();
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DoctorReport;
  for (const key of ['python', 'frameworks', 'gpu', 'runtimes', 'problems', 'generatedAt', 'platform'] as const) assert.ok(key in report, `no ${key}`);
  assert.equal(report.platform.host, 'cli');
  assert.equal(report.timeoutMs, 20_000);
  assert.ok(report.problems.every((problem) => ['error', 'warning', 'info'].includes(problem.severity) && problem.message && problem.fix));
});

const debianTorch = existsSync('/usr/bin/python3') ? spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 }) : undefined;
const pyenvRoot = process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv');
const pyenvVersions = existsSync(path.join(pyenvRoot, 'versions')) ? readdirSync(path.join(pyenvRoot, 'versions')).filter((version) => existsSync(path.join(pyenvRoot, 'versions', version, 'bin', 'python3'))) : [];
const acceptanceSkip = debianTorch?.status !== 0 ? '/usr/bin/python3 with torch is not on this machine' : pyenvVersions.length === 0 ? `no pyenv versions under ${pyenvRoot}` : false;

test("every Python on this machine: Debian's /usr/bin/python3 with its torch, and each pyenv version", { skip: acceptanceSkip }, async () => {
  const report = JSON.parse((await plainJson()).stdout) as DoctorReport;
  const debian = report.python.find((python) => python.path === '/usr/bin/python3' || python.aliases?.includes('/usr/bin/python3'));
  assert.equal(debian?.modules.torch?.status, 'installed', JSON.stringify(debian));
  assert.equal(debian?.modules.torch?.version, debianTorch?.stdout.trim());
  const executables = new Set(report.python.map((python) => python.executable && realpathSync(python.executable)));
  for (const version of pyenvVersions) assert.ok(executables.has(realpathSync(path.join(pyenvRoot, 'versions', version, 'bin', 'python3'))), `pyenv ${version} not listed`);
  assert.equal(report.python.filter((python) => python.isDefault).length, 1);
});

test('with PATH emptied: still JSON and exit 0, with no interpreter and no nvidia-smi as problems', async () => {
  const run = await cli(['--json'], { PATH: '' });
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DoctorReport;
  assert.deepEqual(report.python, []);
  assert.equal(report.gpu.status, 'not-found');
  const codes = report.problems.map((problem) => problem.code);
  assert.ok(codes.includes('no-python') && codes.includes('nvidia-smi-not-found'), codes.join(', '));
  assert.equal(report.frameworks.torch.installed, false);
  for (const probe of report.runtimes.tfjs) {
    const expected = TFJS_BACKENDS.find((entry) => entry.module === probe.module);
    assert.ok(expected);
    if (!installedHere(probe.module)) assert.equal(probe.status, 'not-installed', probe.module);
    else assert.notEqual(probe.status, 'not-installed', probe.module);
  }
  assert.equal(report.runtimes.onnxruntime.status === 'not-installed', !installedHere('onnxruntime-node'));
});

test('--python pointing nowhere is reported, not fatal', async () => {
  const missing = path.join(doubles, 'no-such-python');
  const run = await cli(['--json', '--python', missing]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DoctorReport;
  assert.deepEqual(report.python.map((python) => [python.path, python.source, python.status]), [[missing, 'cli-option', 'not-found']]);
  assert.ok(report.problems.some((problem) => problem.code === 'python-not-found' && problem.message.includes(missing)));
});

test('--timeout bounds a hanging interpreter: it is reported as timed out and the CLI still exits 0 quickly', async () => {
  const run = await cli(['--json', '--python', path.join(doubles, 'hang', 'python3'), '--timeout', '1000']);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DoctorReport;
  assert.equal(report.python[0].status, 'timed-out');
  assert.equal(report.python[0].error, "timed out after 1000 ms; the interpreter's process tree was killed");
  assert.ok(report.problems.some((problem) => problem.code === 'python-timed-out' && problem.severity === 'error'));
  assert.ok(run.ms < 15_000, `took ${run.ms} ms`);
});

test('text output names the replayed GPU, its CUDA version and the problems', async () => {
  const run = await cli([], { ...process.env, PATH: `${path.join(doubles, 'nvidia-smi-rtx4080')}${path.delimiter}${process.env.PATH ?? ''}` });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Deep Learning Environment\n/);
  assert.match(run.stdout, /1 GPU, driver 595\.71\.05, supports CUDA up to 13\.2/);
  assert.match(run.stdout, /GPU 0: NVIDIA GeForce RTX 4080 SUPER, 16376 MiB/);
  assert.match(run.stdout, /\nProblems \(\d+ errors?, \d+ warnings?, \d+ info\)\n/);
});

test('bad usage exits 2 with a message on stderr', async () => {
  for (const args of [['--timeout', 'soon'], ['--timeout', '0'], ['--bogus'], ['extra-argument'], ['--python']]) {
    const run = await cli(args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^tensorsight doctor: /);
  }
});
