// Helpers shared by the environment doctor's unit tests: temp folders, and checks that killed processes are gone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
