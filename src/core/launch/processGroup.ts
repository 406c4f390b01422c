// A launched script leads its own process group (spawned detached), so one signal to -pgid reaches it and
// everything it started that did not leave the group: DataLoader workers, torchrun children, shell pipelines.
// Stop escalates SIGINT (the script may catch KeyboardInterrupt and save a checkpoint), then SIGTERM, then
// SIGKILL, and only reports done when /proc shows no member of the group left.
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name: state, ppid, pgrp. */
export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
}

/** Parses /proc/<pid>/stat; the command name is in parentheses and may itself hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(text, 10);
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const pgrp = Number(fields[2]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgrp)) return undefined;
  return { pid, state: fields[0], ppid, pgrp };
}

/** /proc/<pid>/stat of one process, or undefined when it is gone (or /proc is absent). */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

let procFs: boolean | undefined;

/** Whether /proc lists processes here (Linux); elsewhere membership falls back to signal 0 on the group. */
export function hasProcFs(): boolean {
  if (procFs === undefined) {
    try {
      procFs = readdirSync('/proc').some((name) => /^\d+$/.test(name));
    } catch {
      procFs = false;
    }
  }
  return procFs;
}

// Windows has no process groups to signal: the script alone gets the signal (Node maps it to TerminateProcess).
const groupTarget = (pgid: number) => (process.platform === 'win32' ? pgid : -pgid);

/** Every live process whose process group is `pgid` (zombies excluded: they hold nothing and only await reaping). */
export function processGroupMembers(pgid: number): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: ProcStat[] = [];
  for (const name of names) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const stat = readProcStat(Number(name));
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push(stat);
  }
  return members;
}

/** Whether any process of the group is alive: /proc where present, else kill(-pgid, 0). */
export function processGroupAlive(pgid: number): boolean {
  if (hasProcFs()) return processGroupMembers(pgid).length > 0;
  try {
    process.kill(groupTarget(pgid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to the whole group; false when the group is already gone. */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(groupTarget(pgid), signal);
    return true;
  } catch {
    return false;
  }
}

/** How a stop went: the signals sent in order, and whether the group was gone at the end. */
export interface StopResult {
  signals: NodeJS.Signals[];
  gone: boolean;
}

/** Timing of the escalation; `isAlive` is replaceable for tests of the sequence alone. */
export interface StopOptions {
  /** How long the script has after SIGINT before SIGTERM (default 10 s). */
  graceMs?: number;
  /** After SIGTERM, how long before SIGKILL (default 3 s, at most the grace). */
  termMs?: number;
  /** After SIGKILL, how long to wait for the kernel to reap the group (default 5 s). */
  killWaitMs?: number;
  pollMs?: number;
  isAlive?: (pgid: number) => boolean;
  /** Called before each signal is sent, so a caller can tell the user what is happening. */
  onSignal?: (signal: NodeJS.Signals) => void;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `condition()` holds or `ms` pass; true when it held. */
async function waitFor(condition: () => boolean, ms: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await delay(Math.min(pollMs, Math.max(deadline - Date.now(), 1)));
  }
}

/**
 * SIGINT to the group, SIGTERM after the grace, SIGKILL after that, each only while a member is still alive;
 * resolves when the group is empty (or SIGKILL could not empty it, `gone: false`).
 */
export async function stopProcessGroup(pgid: number, options: StopOptions = {}): Promise<StopResult> {
  const isAlive = options.isAlive ?? processGroupAlive;
  const graceMs = options.graceMs ?? 10_000;
  const pollMs = options.pollMs ?? 50;
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', graceMs],
    ['SIGTERM', Math.min(options.termMs ?? 3000, Math.max(graceMs, 500))],
    ['SIGKILL', options.killWaitMs ?? 5000],
  ];
  const signals: NodeJS.Signals[] = [];
  for (const [signal, waitMs] of steps) {
    if (!isAlive(pgid)) return { signals, gone: true };
    options.onSignal?.(signal);
    signalProcessGroup(pgid, signal);
    signals.push(signal);
    if (await waitFor(() => !isAlive(pgid), waitMs, pollMs)) return { signals, gone: true };
  }
  return { signals, gone: !isAlive(pgid) };
}
