// Helpers shared by the environment doctor's unit tests: temp folders, and checks that killed processes are gone.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROBE_MARKER } from '../../src/core/env/pythonProbeScript';

/** A fresh folder under the system temp dir, removed when the test process exits. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The pids a hanging test double wrote ("<own pid> <child pid>"). */
export function readPids(file: string): number[] {
  const pids = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  if (pids.length !== 2 || pids.some((pid) => !Number.isInteger(pid) || pid <= 0)) throw new Error(`${file}: expected two pids, got '${pids.join(' ')}'`);
  return pids;
}

/** True once `pid` is dead: gone, or a zombie (in a container, PID 1 may never reap orphans). Polls for up to 3 s. */
export async function processGone(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 3000; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    }
    if (isZombie(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** A killed process that its parent has not reaped yet is dead: it shows as state Z in /proc. */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** What a fake interpreter reports: its version, sys.prefix and modules; sys.executable is the path it was run as. */
export interface FakePythonFacts {
  version: [number, number, number];
  /** sys.prefix, except beside a pyvenv.cfg (a virtual environment), where it is the environment's folder. */
  prefix: string;
  /** A fixed sys.executable, as a pyenv shim answers with the version it runs. */
  executable?: string;
  modules?: Record<string, unknown>;
  /** Extra text in the script (a pyenv shim mentions pyenv). */
  comment?: string;
}

/**
 * Writes an executable shell script that answers like the doctor's probe would in such an interpreter: one JSON line
 * with the probe's marker. A test double for the scan, which only needs interpreters to exist and answer.
 */
export function writeFakePython(file: string, facts: FakePythonFacts): string {
  const modules: Record<string, unknown> = {};
  for (const name of ['torch', 'tensorflow', 'keras', 'jax', 'onnx', 'onnxruntime', 'tensorboard', 'numpy', 'cv2']) modules[name] = { status: 'missing' };
  Object.assign(modules, facts.modules ?? {});
  const line = JSON.stringify({
    marker: PROBE_MARKER,
    executable: facts.executable ?? '__EXE__',
    version: `${facts.version.join('.')} (fake)`,
    versionInfo: facts.version,
    implementation: 'CPython',
    prefix: '__PREFIX__',
    virtualEnv: false,
    cudaVisibleDevices: null,
    modules,
  });
  const script = [
    '#!/bin/sh',
    `# ${facts.comment ?? 'fake python for tests'}`,
    // The doctor may run it with a PATH of fake folders only; the tools below are the system's.
    'PATH=/usr/bin:/bin',
    'env_dir="$(dirname "$0")/.."',
    `if [ -f "$env_dir/pyvenv.cfg" ]; then prefix="$(cd "$env_dir" && pwd)"; else prefix='${facts.prefix}'; fi`,
    `echo '${line.replace(/'/g, "'\\''")}' | sed -e "s|__EXE__|$0|" -e "s|__PREFIX__|$prefix|"`,
    '',
  ].join('\n');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, script, { mode: 0o755 });
  return file;
}
