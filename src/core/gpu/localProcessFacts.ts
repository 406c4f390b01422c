// Adds what /proc says (user, command, start time, CPU %, Tensorsight run) to the processes nvidia-smi lists, the
// columns nvitop shows beside GPU memory. Only the listed pids are read, once per process sample: their stat file
// each time (CPU ticks), the rest once per process (cached by pid and start time, so a reused pid is read anew).
import { readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { type GpuProcess, type LocalProcessInfo } from './gpuSnapshot';
import { clockTicksFromAuxv, cpuPercent, environValue, parsePasswd, parseProcStat, parseStatusUid, parseUptime, splitNul } from './procFiles';

/** The variable the launcher sets on a run's script; its children inherit it. */
export const runDirVariable = 'TENSORSIGHT_RUN_DIR';

/** Where LocalProcessFacts reads; tests point it elsewhere only to prove a missing /proc is harmless. */
export interface LocalProcessFactsOptions {
  procRoot?: string;
  passwdFile?: string;
}

interface Known {
  startTicks: number;
  /** Undefined when the pid is some other program than nvidia-smi named: a replayed or foreign pid. */
  info: Omit<LocalProcessInfo, 'cpuPercent'> | undefined;
  cpuTicks: number;
  atMs: number;
  cpuPercent: number | null;
}

/** Reads /proc for GPU processes; one instance per sampler, as it keeps the previous CPU reading of each pid. */
export class LocalProcessFacts {
  private readonly procRoot: string;
  private readonly passwdFile: string;
  private readonly known = new Map<number, Known>();
  private users: Map<number, string> | undefined;
  private readonly ticksPerSecond: number;
  /** Boot time in ms since the epoch, so start ticks become a wall time without a read per process. */
  private readonly bootMs: number | null;

  constructor(options: LocalProcessFactsOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.passwdFile = options.passwdFile ?? '/etc/passwd';
    const auxv = readBytes(`${this.procRoot}/self/auxv`);
    // 100 is the rate on every Linux architecture Node ships for; auxv confirms it where readable.
    this.ticksPerSecond = (auxv && clockTicksFromAuxv(auxv)) ?? 100;
    const uptime = parseUptime(readText(`${this.procRoot}/uptime`) ?? '');
    this.bootMs = uptime === null ? null : Date.now() - uptime * 1000;
  }

  /** The processes with `local` set where the pid is a local process of the listed name; the others unchanged. */
  annotate(processes: readonly GpuProcess[], nowMs = Date.now()): GpuProcess[] {
    const seen = new Map<number, LocalProcessInfo | undefined>();
    for (const process of processes) if (!seen.has(process.pid)) seen.set(process.pid, this.read(process, nowMs));
    for (const pid of this.known.keys()) if (!seen.has(pid)) this.known.delete(pid);
    return processes.map((process) => {
      const local = seen.get(process.pid);
      return local ? { ...process, local } : process;
    });
  }

  private read(process: GpuProcess, nowMs: number): LocalProcessInfo | undefined {
    const stat = parseProcStat(readText(`${this.procRoot}/${process.pid}/stat`) ?? '');
    if (!stat) {
      this.known.delete(process.pid);
      return undefined;
    }
    let known = this.known.get(process.pid);
    if (!known || known.startTicks !== stat.startTicks) {
      known = { startTicks: stat.startTicks, info: this.describe(process, stat.comm, stat.startTicks), cpuTicks: stat.cpuTicks, atMs: nowMs, cpuPercent: null };
      this.known.set(process.pid, known);
    } else if (nowMs > known.atMs) {
      known.cpuPercent = cpuPercent(known, { cpuTicks: stat.cpuTicks, atMs: nowMs }, this.ticksPerSecond);
      known.cpuTicks = stat.cpuTicks;
      known.atMs = nowMs;
    }
    return known.info ? { ...known.info, cpuPercent: known.cpuPercent } : undefined;
  }

  /** The facts that stay for the life of a process, or undefined when it is not the program nvidia-smi named. */
  private describe(process: GpuProcess, comm: string, startTicks: number): Known['info'] {
    const dir = `${this.procRoot}/${process.pid}`;
    const cmdline = readBytes(`${dir}/cmdline`);
    const args = cmdline ? splitNul(cmdline) : [];
    const executable = readLink(`${dir}/exe`);
    if (!sameProgram(process.name, args[0] ?? null, executable, comm)) return undefined;
    const uid = parseStatusUid(readText(`${dir}/status`) ?? '');
    const environ = readBytes(`${dir}/environ`);
    return {
      command: args.length > 0 ? args.join(' ') : null,
      executable,
      user: uid === null ? null : this.userName(uid),
      startedAt: this.bootMs === null ? null : Math.round(this.bootMs + (1000 * startTicks) / this.ticksPerSecond),
      runDir: environ ? environValue(splitNul(environ), runDirVariable) : null,
    };
  }

  private userName(uid: number): string {
    // Read once, and again only when a uid is missing (a user added since).
    if (!this.users?.has(uid)) this.users = parsePasswd(readText(this.passwdFile) ?? '');
    return this.users.get(uid) ?? String(uid);
  }
}

/**
 * True when nvidia-smi's process name is this local process: the program (first word, without its folder) is the
 * executable's name, argv[0]'s, or the kernel's 15-byte comm. A name nvidia-smi left empty cannot disagree.
 */
export function sameProgram(listedName: string, argv0: string | null, executable: string | null, comm: string): boolean {
  const program = basename(listedName.trim().split(/\s+/)[0] ?? '');
  if (program === '') return true;
  if (argv0 !== null && basename(argv0) === program) return true;
  if (executable !== null && basename(executable.replace(/ \(deleted\)$/, '')) === program) return true;
  return comm !== '' && program.slice(0, 15) === comm;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readBytes(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function readLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
