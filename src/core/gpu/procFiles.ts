// Parsers of the Linux /proc and /etc files the GPUs view reads for the few processes nvidia-smi lists
// (proc(5)): each takes the file's text or bytes and returns what it found, or null when the layout is not
// the expected one, so an unexpected kernel or a vanished process never throws in a sampling tick.

/** What /proc/<pid>/stat holds that the GPUs view needs; times in clock ticks. */
export interface ProcStat {
  /** The kernel's short name (at most 15 bytes), between the parentheses. */
  comm: string;
  ppid: number;
  /** User plus system CPU time of the process itself (fields 14 and 15). */
  cpuTicks: number;
  /** Start time after boot (field 22); with the pid it identifies the process across pid reuse. */
  startTicks: number;
}

/** Parses /proc/<pid>/stat. The name may hold spaces and parentheses, so fields are counted from its last `)`. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Fields after the name start at field 3 (state): field n sits at index n - 3.
  const fields = text.slice(close + 2).trim().split(' ');
  if (fields.length < 20) return null;
  const ppid = Number(fields[4 - 3]);
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  const start = Number(fields[22 - 3]);
  if (![ppid, utime, stime, start].every(Number.isFinite)) return null;
  return { comm: text.slice(open + 1, close), ppid, cpuTicks: utime + stime, startTicks: start };
}

/** The real uid from /proc/<pid>/status (`Uid:` real, effective, saved, filesystem). */
export function parseStatusUid(text: string): number | null {
  const match = /^Uid:\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

/** User names by uid from /etc/passwd (`name:password:uid:gid:...`); malformed lines are skipped. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 4 || line.startsWith('#')) continue;
    const uid = Number(fields[2]);
    if (fields[0] !== '' && fields[2] !== '' && Number.isInteger(uid) && !users.has(uid)) users.set(uid, fields[0]);
  }
  return users;
}

/** The NUL-separated strings of /proc/<pid>/cmdline or /proc/<pid>/environ; a trailing NUL ends the last one. */
export function splitNul(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The value of `name` in an environment block (`NAME=value` strings), or null when it is not set. */
export function environValue(entries: readonly string[], name: string): string | null {
  const prefix = `${name}=`;
  for (const entry of entries) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return null;
}

/** Seconds since boot, the first number of /proc/uptime. */
export function parseUptime(text: string): number | null {
  const value = Number(text.trim().split(/\s+/)[0]);
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/** AT_CLKTCK in the ELF auxiliary vector: the clock-tick rate /proc times are counted in (sysconf(_SC_CLK_TCK)). */
const atClkTck = 17n;

/** The clock-tick rate from /proc/self/auxv (pairs of 64-bit little-endian words, ending with type 0); null if absent. */
export function clockTicksFromAuxv(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 16 <= bytes.byteLength; offset += 16) {
    const type = view.getBigUint64(offset, true);
    if (type === 0n) break;
    if (type === atClkTck) {
      const value = Number(view.getBigUint64(offset + 8, true));
      return value > 0 ? value : null;
    }
  }
  return null;
}

/** CPU use between two readings of a process's ticks, in percent of one core (nvitop and top show it so); null without a usable interval. */
export function cpuPercent(previous: { cpuTicks: number; atMs: number }, current: { cpuTicks: number; atMs: number }, ticksPerSecond: number): number | null {
  const seconds = (current.atMs - previous.atMs) / 1000;
  const ticks = current.cpuTicks - previous.cpuTicks;
  if (seconds <= 0 || ticks < 0 || ticksPerSecond <= 0) return null;
  return (100 * ticks) / ticksPerSecond / seconds;
}
