// Finding every Python: a fake machine in a temp folder (PATH folders with symlinks and a pyenv shim folder, pyenv
// versions, conda base and environments, a workspace .venv) whose interpreters are shell scripts answering like the
// probe; and this machine's Debian /usr/bin/python3, whose torch is asked of it directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findPythonCandidates, pythonsOnPath } from '../../src/core/env/findPythonCandidates';
import { renderDoctorText } from '../../src/core/env/renderDoctorText';
import { runDoctor } from '../../src/core/env/runDoctor';
import { tempDir, writeFakePython } from './envTestSupport';

const repoRoot = path.resolve(__dirname, '../..');
const torchModule = (version: string, cuda: boolean) => ({ status: 'installed', version, details: { cudaAvailable: cuda, cudaVersion: cuda ? '12.4' : null, cudnnVersion: null, devices: [] } });

/** The fake machine; returns its folders and the environment that points at them. */
async function fakeMachine() {
  const root = await tempDir('tensorsight-pyscan-');
  const home = path.join(root, 'home');
  const usrBin = path.join(root, 'usr', 'bin');
  const bin = path.join(root, 'bin');
  const shims = path.join(home, '.pyenv', 'shims');
  const versions = path.join(home, '.pyenv', 'versions');
  const conda = path.join(home, 'miniconda3');
  const workspace = path.join(root, 'ws');

  writeFakePython(path.join(usrBin, 'python3.11'), { version: [3, 11, 2], prefix: path.join(root, 'usr'), modules: { torch: torchModule('1.13.0a0', false), onnx: { status: 'installed', version: '1.12.0' } } });
  symlinkSync('python3.11', path.join(usrBin, 'python3'));
  writeFileSync(path.join(usrBin, 'python3-config'), '#!/bin/sh\necho not an interpreter\n', { mode: 0o755 });
  symlinkSync(usrBin, bin); // Debian's /bin -> /usr/bin: the same files twice on PATH
  for (const version of ['3.12.1', '3.8.10']) {
    writeFakePython(path.join(versions, version, 'bin', 'python3'), { version: version.split('.').map(Number) as [number, number, number], prefix: path.join(versions, version) });
  }
  writeFakePython(path.join(versions, '2.7.18', 'bin', 'python'), { version: [2, 7, 18], prefix: path.join(versions, '2.7.18') });
  // pyenv's shims run whichever version is selected: this one answers as 3.12.1 does.
  const selected = path.join(versions, '3.12.1');
  writeFakePython(path.join(shims, 'python3'), { version: [3, 12, 1], prefix: selected, executable: path.join(selected, 'bin', 'python3'), comment: 'pyenv shim: exec pyenv exec "$program"' });
  writeFakePython(path.join(shims, 'python3.8'), { version: [3, 8, 10], prefix: path.join(versions, '3.8.10'), comment: 'pyenv shim: exec pyenv exec "$program"' });
  writeFakePython(path.join(conda, 'bin', 'python3'), { version: [3, 12, 7], prefix: conda });
  writeFakePython(path.join(conda, 'envs', 'torch', 'bin', 'python3'), { version: [3, 11, 9], prefix: path.join(conda, 'envs', 'torch'), modules: { torch: torchModule('2.5.1', true) } });
  // A venv's python is a link to the base interpreter; pyvenv.cfg makes it an environment of its own.
  mkdirSync(path.join(workspace, '.venv', 'bin'), { recursive: true });
  writeFileSync(path.join(workspace, '.venv', 'pyvenv.cfg'), `home = ${usrBin}\n`);
  symlinkSync(path.join(usrBin, 'python3.11'), path.join(workspace, '.venv', 'bin', 'python3'));

  const env = { PATH: [shims, 'relative/bin', usrBin, bin].join(path.delimiter), HOME: home, CONDA_PREFIX: path.join(conda, 'envs', 'torch') };
  return { root, home, usrBin, bin, shims, versions, conda, workspace, env };
}

test('scan: python3* in every PATH folder (not python3-config, not a versioned pyenv shim, not a relative folder)', async () => {
  const m = await fakeMachine();
  assert.deepEqual(pythonsOnPath(m.env), [
    path.join(m.shims, 'python3'),
    path.join(m.usrBin, 'python3'),
    path.join(m.usrBin, 'python3.11'),
    path.join(m.bin, 'python3'),
    path.join(m.bin, 'python3.11'),
  ]);
});

test('scan: PATH, workspace .venv, conda (CONDA_PREFIX first), pyenv versions newest first; one file is one entry', async () => {
  const m = await fakeMachine();
  const candidates = findPythonCandidates({ env: m.env, workspaceFolders: [m.workspace] });
  assert.deepEqual(candidates, [
    { path: path.join(m.shims, 'python3'), source: 'path' },
    { path: path.join(m.usrBin, 'python3'), source: 'path', aliases: [path.join(m.usrBin, 'python3.11'), path.join(m.bin, 'python3'), path.join(m.bin, 'python3.11')] },
    { path: path.join(m.workspace, '.venv', 'bin', 'python3'), source: 'workspace-venv' },
    { path: path.join(m.conda, 'envs', 'torch', 'bin', 'python3'), source: 'conda' },
    { path: path.join(m.conda, 'bin', 'python3'), source: 'conda' },
    { path: path.join(m.versions, '3.12.1', 'bin', 'python3'), source: 'pyenv' },
    { path: path.join(m.versions, '3.8.10', 'bin', 'python3'), source: 'pyenv' },
  ]);
  // Without a home folder in the environment, only PATH and the workspace are looked at.
  assert.deepEqual(findPythonCandidates({ env: { PATH: m.usrBin }, workspaceFolders: [m.workspace] }).map((candidate) => candidate.source), ['path', 'workspace-venv']);
  assert.deepEqual(findPythonCandidates({ env: { ...m.env, PYENV_ROOT: path.join(m.root, 'nowhere') } }).filter((candidate) => candidate.source === 'pyenv'), []);
});

test('doctor over the fake machine: the shim and its version are one interpreter, the default is marked, frameworks per interpreter', async () => {
  const m = await fakeMachine();
  const report = await runDoctor({ host: 'cli', pythons: findPythonCandidates({ env: m.env, workspaceFolders: [m.workspace] }), timeoutMs: 10_000, moduleRoot: repoRoot, env: m.env });
  const rows = report.python.map((python) => [python.path, python.status, python.versionShort, python.isDefault]);
  assert.deepEqual(rows, [
    [path.join(m.shims, 'python3'), 'ok', '3.12.1', true],
    [path.join(m.usrBin, 'python3'), 'ok', '3.11.2', false],
    [path.join(m.workspace, '.venv', 'bin', 'python3'), 'ok', '3.11.2', false],
    [path.join(m.conda, 'envs', 'torch', 'bin', 'python3'), 'ok', '3.11.9', false],
    [path.join(m.conda, 'bin', 'python3'), 'ok', '3.12.7', false],
    [path.join(m.versions, '3.8.10', 'bin', 'python3'), 'ok', '3.8.10', false],
  ]);
  assert.deepEqual(report.python[0].aliases, [path.join(m.versions, '3.12.1', 'bin', 'python3')]);
  assert.equal(report.python[2].prefix, path.join(m.workspace, '.venv'), 'the venv is not merged into its base interpreter');
  assert.deepEqual([report.frameworks.torch.version, report.frameworks.torch.python], ['1.13.0a0', path.join(m.usrBin, 'python3')]);
  const elsewhere = report.problems.filter((problem) => problem.code === 'framework-in-other-interpreter').map((problem) => problem.message);
  assert.deepEqual(elsewhere, [
    `PyTorch 1.13.0a0 is installed in ${path.join(m.usrBin, 'python3')}, not in the default interpreter ${path.join(m.shims, 'python3')}`,
    `ONNX 1.12.0 is installed in ${path.join(m.usrBin, 'python3')}, not in the default interpreter ${path.join(m.shims, 'python3')}`,
  ]);
  const text = renderDoctorText(report);
  assert.match(text, /Python \(6 interpreters; the default is the one Tensorsight runs\)/);
  assert.ok(text.includes(`  ${path.join(m.shims, 'python3')} (from PATH, default): Python 3.12.1`));
  assert.ok(text.includes(`    frameworks: PyTorch 2.5.1 (GPU)`));
  assert.ok(text.includes(`    frameworks: PyTorch 1.13.0a0 (CPU) · ONNX 1.12.0`));
});

test('the setting makes its interpreter the default; problems of interpreters only found by the scan are info', async () => {
  const m = await fakeMachine();
  const setting = path.join(m.conda, 'envs', 'torch', 'bin', 'python3');
  const report = await runDoctor({ host: 'vscode', pythons: findPythonCandidates({ env: m.env, setting }), timeoutMs: 10_000, moduleRoot: repoRoot, env: m.env });
  assert.deepEqual(report.python.filter((python) => python.isDefault).map((python) => [python.path, python.source]), [[setting, 'setting']]);
  assert.equal(report.python.filter((python) => python.path === setting).length, 1, 'the setting is not listed again as a conda environment');
  const tooOld = report.problems.filter((problem) => problem.code === 'python-too-old');
  assert.deepEqual(tooOld.map((problem) => [problem.severity, problem.message.split(' ')[0]]), [['info', path.join(m.versions, '3.8.10', 'bin', 'python3')]]);
});

const debianPython = '/usr/bin/python3';
const debianTorch = existsSync(debianPython) ? spawnSync(debianPython, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 }) : undefined;

test("this machine's /usr/bin/python3 is found on PATH and reported with the torch it imports", { skip: debianTorch === undefined ? `${debianPython} is absent` : debianTorch.status !== 0 ? `${debianPython} has no importable torch` : false }, async () => {
  const env = { ...process.env, PATH: `/usr/bin${path.delimiter}/bin` };
  const candidates = findPythonCandidates({ env });
  assert.ok(candidates.some((candidate) => candidate.path === debianPython), candidates.map((candidate) => candidate.path).join(', '));
  const report = await runDoctor({ host: 'cli', pythons: candidates, timeoutMs: 60_000, moduleRoot: repoRoot, env });
  const debian = report.python.find((python) => python.path === debianPython);
  assert.equal(debian?.status, 'ok', debian?.error);
  assert.equal(debian?.modules.torch?.status, 'installed');
  assert.equal(debian?.modules.torch?.version, debianTorch?.stdout.trim());
});
