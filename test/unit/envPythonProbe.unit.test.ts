// The Python probe against real interpreters: this machine's python3 (whatever it has installed), an emptied PATH,
// an interpreter that hangs, and a framework whose import hangs. Expected facts are asked of python3 directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PYTHON_MODULES } from '../../src/core/env/doctorReport';
import { findExecutable } from '../../src/core/env/findExecutable';
import { findPythonCandidates } from '../../src/core/env/findPythonCandidates';
import { probePython } from '../../src/core/env/probePython';
import { runDoctor } from '../../src/core/env/runDoctor';
import { processGone, readPids, tempDir } from './envTestSupport';

const doubles = path.resolve(__dirname, '../fixtures/bin');
const repoRoot = path.resolve(__dirname, '../..');
const python3 = findExecutable('python3');

/** Runs a one-liner in python3 and returns its stdout without the final newline, or null when it fails. */
function ask(code: string, env: NodeJS.ProcessEnv = process.env, python = 'python3'): string | null {
  const run = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 120_000, env, cwd: repoRoot });
  return run.status === 0 ? run.stdout.replace(/\n$/, '') : null;
}

test('python3 on PATH: the probe reports the version, executable and every module as python3 itself does', { skip: python3 === undefined && 'no python3 on PATH' }, async () => {
  const report = await probePython({ path: 'python3', source: 'path' }, { timeoutMs: 60_000 });
  assert.equal(report.status, 'ok', report.error);
  assert.equal(report.version, ask('import sys; print(sys.version)'));
  assert.equal(report.versionShort, ask("import sys; print('.'.join(map(str, sys.version_info[:3])))"));
  assert.equal(report.executable, ask('import sys; print(sys.executable)'));
  for (const name of PYTHON_MODULES) {
    const probe = report.modules[name];
    const found = ask(`import importlib.util; print(importlib.util.find_spec('${name}') is not None)`);
    if (found === 'False') {
      assert.equal(probe?.status, 'missing', `${name}: ${JSON.stringify(probe)}`);
      continue;
    }
    const version = ask(`import ${name}; print(getattr(${name}, '__version__', ''))`);
    if (version === null) {
      assert.equal(probe?.status, 'failed', `${name} fails to import in python3 but the probe says ${JSON.stringify(probe)}`);
      continue;
    }
    assert.equal(probe?.status, 'installed', `${name}: ${JSON.stringify(probe)}`);
    if (version !== '') assert.equal(probe?.version, version, name);
  }
});

/** The first of python3 on PATH and Debian's /usr/bin/python3 that imports torch (a pyenv python3 may lack it). */
const torchPython = ['python3', '/usr/bin/python3'].find((python) => ask('import torch', process.env, python) !== null);

test('torch facts match torch.version.cuda and torch.cuda.is_available() of an interpreter that has torch', { skip: torchPython === undefined && 'neither python3 nor /usr/bin/python3 imports torch (Debian: apt install python3-torch)' }, async () => {
  const expected = ask('import json, torch; print(json.dumps([torch.version.cuda, torch.cuda.is_available()]))', process.env, torchPython);
  const [cuda, available] = JSON.parse(expected!) as [string | null, boolean];
  const report = await probePython({ path: torchPython!, source: 'path' }, { timeoutMs: 60_000 });
  const details = report.modules.torch?.details as { cudaVersion: string | null; cudaAvailable: boolean } | undefined;
  assert.equal(report.modules.torch?.status, 'installed', JSON.stringify(report.modules.torch));
  assert.equal(details?.cudaVersion, cuda);
  assert.equal(details?.cudaAvailable, available);
});

test('with PATH emptied there is no interpreter, and the report says so as an error with a fix', async () => {
  const env = { PATH: '' };
  assert.equal(findExecutable('python3', env), undefined);
  assert.deepEqual(findPythonCandidates({ env }), []);
  const report = await runDoctor({ host: 'cli', pythons: findPythonCandidates({ env }), timeoutMs: 10_000, moduleRoot: repoRoot, env });
  assert.deepEqual(report.python, []);
  const problem = report.problems.find((candidate) => candidate.code === 'no-python');
  assert.equal(problem?.severity, 'error');
  assert.match(problem?.fix ?? '', /--python <path>/);
  assert.equal(report.gpu.status, 'not-found');
});

test('precedence: --python alone; else the setting, the Python extension, then PATH (the first is the default)', () => {
  const env = { PATH: path.join(doubles, 'hang') };
  const onPath = { path: path.join(doubles, 'hang', 'python3'), source: 'path' };
  assert.deepEqual(findPythonCandidates({ env }), [onPath]);
  assert.deepEqual(findPythonCandidates({ env, setting: '/opt/py/bin/python' }), [{ path: '/opt/py/bin/python', source: 'setting' }, onPath]);
  assert.deepEqual(findPythonCandidates({ env: { PATH: '' }, setting: '/opt/py/bin/python' }), [{ path: '/opt/py/bin/python', source: 'setting' }]);
  assert.deepEqual(findPythonCandidates({ env, fromExtension: '/venv/bin/python' }), [{ path: '/venv/bin/python', source: 'python-extension' }, onPath]);
  assert.deepEqual(findPythonCandidates({ env, fromExtension: '/venv/bin/python', setting: '/opt/py/bin/python' }).map((candidate) => candidate.source), ['setting', 'python-extension', 'path']);
  assert.deepEqual(findPythonCandidates({ env, explicit: '/x/python', setting: '/opt/py/bin/python' }), [{ path: '/x/python', source: 'cli-option' }]);
});

test('an interpreter that hangs is timed out, reported with the limit, and its process tree killed', async () => {
  const pidFile = path.join(await tempDir('tensorsight-py-'), 'pids');
  const started = Date.now();
  const report = await probePython({ path: path.join(doubles, 'hang', 'python3'), source: 'cli-option' }, { timeoutMs: 800, env: { ...process.env, TENSORSIGHT_TEST_PIDFILE: pidFile } });
  assert.equal(report.status, 'timed-out');
  assert.match(report.error ?? '', /timed out after 800 ms/);
  assert.ok(Date.now() - started < 5000, 'the probe outlived its timeout');
  for (const pid of readPids(pidFile)) assert.ok(await processGone(pid), `process ${pid} survived`);
});

test('a framework whose import hangs is timed out on its own budget and the other modules are still reported', { skip: python3 === undefined && 'no python3 on PATH' }, async () => {
  // PYTHONPATH puts a `torch` package that never finishes importing in front of any real one.
  // PYTHONDONTWRITEBYTECODE: no __pycache__ left in the repository by importing the double.
  const env = { ...process.env, PYTHONPATH: path.join(doubles, 'python-hanging-torch'), PYTHONDONTWRITEBYTECODE: '1' };
  const report = await probePython({ path: 'python3', source: 'path' }, { timeoutMs: 4000, env });
  assert.equal(report.status, 'ok', report.error);
  assert.equal(report.modules.torch?.status, 'timed-out');
  assert.match(report.modules.torch?.error ?? '', /import timed out after 2000 ms/);
  const numpy = ask("import importlib.util; print(importlib.util.find_spec('numpy') is not None)", env);
  assert.equal(report.modules.numpy?.status, numpy === 'True' ? 'installed' : 'missing');
  const checked = PYTHON_MODULES.filter((name) => report.modules[name] !== undefined);
  assert.deepEqual(checked, [...PYTHON_MODULES], 'every module has an answer');
});

test('a path that is not an interpreter: not-found, with the path in the message', async () => {
  const report = await probePython({ path: path.join(doubles, 'no-such-python'), source: 'setting' }, { timeoutMs: 5000 });
  assert.equal(report.status, 'not-found');
  assert.match(report.error ?? '', /no-such-python not found \(ENOENT\)/);
});
