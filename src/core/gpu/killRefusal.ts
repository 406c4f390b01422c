// Whether the GPUs view may stop a process: only the user's own (root may stop any), never the extension host or
// init, and, when a stop fails, why in words. Reads /proc where it exists; elsewhere the owner is unknown and
// the operating system's own check (EPERM) is what refuses.
import { readFile } from 'node:fs/promises';

/** The real user id in a /proc/<pid>/status text (its `Uid:` line), or undefined when there is none. */
export function statusUid(status: string): number | undefined {
  const match = /^Uid:\s+(\d+)/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The real user id of a process from /proc, or undefined where /proc is not there (macOS, Windows) or it exited. */
export async function processOwnerUid(pid: number): Promise<number | undefined> {
  try {
    return statusUid(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Who asks: this process's id and user id (undefined where the platform has none), and how to find an owner. */
export interface KillContext {
  selfPid: number;
  uid: number | undefined;
  ownerOf(pid: number): Promise<number | undefined>;
}

/** The context of the running process. */
function currentKillContext(): KillContext {
  return { selfPid: process.pid, uid: typeof process.getuid === 'function' ? process.getuid() : undefined, ownerOf: processOwnerUid };
}

/** Why stopping `pid` is refused, or undefined when it may go ahead. */
export async function killRefusal(pid: number, context: KillContext = currentKillContext()): Promise<string | undefined> {
  if (!Number.isInteger(pid) || pid <= 1) return `pid ${pid} is not a process that can be stopped`;
  if (pid === context.selfPid) return 'that is the VS Code extension host itself';
  const owner = await context.ownerOf(pid);
  if (owner !== undefined && context.uid !== undefined && context.uid !== 0 && owner !== context.uid) return `process ${pid} belongs to user id ${owner}, not to you (${context.uid})`;
  return undefined;
}

/** Why a stop failed, from the error process.kill threw. */
export function killFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EPERM') return 'permission denied (it runs as another user)';
  if (code === 'ESRCH') return 'it has already exited';
  return error instanceof Error ? error.message : String(error);
}
