// How a GPU process reads to a person, in the columns nvitop shows: program, pid, user, GPU memory, CPU %, running
// time and, ours, the Tensorsight run. Facts this machine cannot vouch for (a replayed or containerised pid) read
// as a dash, never as a guess.
import { basename } from 'node:path';
import { type GpuProcess } from './gpuSnapshot';

/** What a fact this machine does not know reads as. */
export const unknownFact = '—';

/** GPU memory as nvidia-smi counts it (MiB), in MiB under 1 GiB and in GiB from there: `280 MiB`, `11.7 GiB`. */
export function gpuMemoryText(mib: number | null): string {
  if (mib === null) return 'n/a';
  return mib < 1024 ? `${Math.round(mib)} MiB` : `${(mib / 1024).toFixed(1)} GiB`;
}

/** The program's name: the first word of the command without its folder (`/usr/bin/python3 train.py` → `python3`). */
export function programName(process: GpuProcess): string {
  // nvidia-smi's name first: it says `python` where the executable is the link target `python3.11`.
  const listed = basename(process.name.trim().split(/\s+/)[0] ?? '');
  if (listed !== '') return listed;
  return process.local?.executable ? basename(process.local.executable) : `pid ${process.pid}`;
}

/** A running time as `ps -o etime` prints it, [[dd-]hh:]mm:ss: `04:05`, `01:02:03`, `3-02:05:00`. */
export function formatElapsed(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return unknownFact;
  const total = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const clock = `${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
  if (days > 0) return `${days}-${two(hours)}:${clock}`;
  return hours > 0 ? `${two(hours)}:${clock}` : clock;
}

/** The columns of one process, as texts; `now` in ms since the epoch, for the running time. */
export interface GpuProcessColumns {
  program: string;
  pid: string;
  user: string;
  memory: string;
  cpu: string;
  elapsed: string;
  /** The run folder's name, or '' when the process is not a Tensorsight run's. */
  run: string;
  /** The full command line (or nvidia-smi's name when /proc does not say). */
  command: string;
}

export function processColumns(process: GpuProcess, now: number): GpuProcessColumns {
  const local = process.local;
  const cpu = local?.cpuPercent;
  return {
    program: programName(process),
    pid: String(process.pid),
    user: local?.user ?? unknownFact,
    memory: gpuMemoryText(process.memoryMiB),
    cpu: cpu === null || cpu === undefined ? unknownFact : `${cpu.toFixed(cpu < 10 ? 1 : 0)}%`,
    elapsed: local?.startedAt ? formatElapsed(now - local.startedAt) : unknownFact,
    run: local?.runDir ? basename(local.runDir) : '',
    command: local?.command ?? process.name,
  };
}

/** The tree item of a process: the program first, then the columns, the full command at the end. */
export function processRow(process: GpuProcess, now: number): { label: string; description: string; tooltip: string } {
  const c = processColumns(process, now);
  const parts = [c.pid, c.user, c.memory, `CPU ${c.cpu}`, c.elapsed];
  if (c.run) parts.push(`run ${c.run}`);
  if (c.command !== c.program) parts.push(c.command);
  return { label: c.program, description: parts.join(' · '), tooltip: processTooltip(process, now) };
}

/** Everything known of a process, one fact a line. */
export function processTooltip(process: GpuProcess, now: number): string {
  const c = processColumns(process, now);
  const local = process.local;
  const where = process.gpuInstanceId !== null ? ` (MIG GI ${process.gpuInstanceId}${process.computeInstanceId !== null ? ` / CI ${process.computeInstanceId}` : ''})` : '';
  const lines = [`${c.program} (pid ${c.pid})`, `Command: ${c.command}`];
  if (local?.executable) lines.push(`Executable: ${local.executable}`);
  lines.push(`GPU memory: ${c.memory}${process.gpu !== null ? ` on GPU ${process.gpu}` : ''}${where}${process.type ? `, type ${process.type}` : ''}`);
  if (!local) {
    lines.push('Not a process of this machine (a replayed or other-namespace pid): user, CPU and running time unknown.');
    return lines.join('\n');
  }
  lines.push(`User: ${c.user}`, `CPU: ${c.cpu === unknownFact ? 'measured from the next sample' : `${c.cpu} of one core`}`);
  if (local.startedAt) lines.push(`Started: ${new Date(local.startedAt).toLocaleString()} (running ${c.elapsed})`);
  lines.push(local.runDir ? `Tensorsight run: ${local.runDir}` : 'Not launched by Tensorsight');
  return lines.join('\n');
}

/** Escapes text for a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/[|\\`*_[\]<>]/g, (ch) => `\\${ch}`);
}

/** A Markdown table of processes, one row each, at most `limit` rows and a line saying how many more. */
export function processesMarkdown(processes: readonly GpuProcess[], now: number, limit = 8): string[] {
  if (processes.length === 0) return ['No processes'];
  const lines = ['| Process | PID | User | GPU memory | CPU | Time | Run |', '|:--|--:|:--|--:|--:|--:|:--|'];
  for (const process of processes.slice(0, limit)) {
    const c = processColumns(process, now);
    lines.push(`| ${[c.program, c.pid, c.user, c.memory, c.cpu, c.elapsed, c.run || unknownFact].map(markdownCell).join(' | ')} |`);
  }
  if (processes.length > limit) lines.push('', `and ${processes.length - limit} more`);
  return lines;
}
