// Who owns a process, so *Kill process* offers itself only for the user's own processes.
import { readFile } from 'node:fs/promises';

/** The real user id of a process from /proc, or undefined where /proc is not there (macOS, Windows). */
export async function processOwnerUid(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^Uid:\s+(\d+)/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a kill is refused, or undefined when it may go ahead. */
export async function killRefusal(pid: number): Promise<string | undefined> {
  if (!Number.isInteger(pid) || pid <= 1) return `pid ${pid} is not a process that can be stopped`;
  if (pid === process.pid) return 'that is the VS Code extension host itself';
  const owner = await processOwnerUid(pid);
  const me = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (owner !== undefined && me !== undefined && me !== 0 && owner !== me) return `process ${pid} belongs to user id ${owner}, not to you (${me})`;
  return undefined;
}
