// Shared by the launch tests: Debian's python3 with torch (or why the tests skip), the fixture scripts, waiting
// on a condition with a deadline (never a bare sleep), and reading a run folder's event file back.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { processGroupMembers } from '../../src/core/launch/processGroup';

export const repoRoot = resolve(__dirname, '../..');
export const scripts = join(repoRoot, 'test/fixtures/scripts');
export const replayNvidiaSmi = join(repoRoot, 'test/fixtures/bin/nvidia-smi-replay');

/** Debian's interpreter with torch, or undefined with the skip reason. */
function findTorchPython(): { python?: string; skip: string | false } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status === 0) return { python, skip: false };
  return { skip: `needs ${python} with torch (Debian: apt install python3-torch)` };
}
export const torchPython = findTorchPython();

/** Polls `condition` every 20 ms until it returns a value other than undefined/false, or fails after `ms`. */
export async function until<T>(what: string, condition: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 20));
  }
}

/** Scalars of a run folder's event file(s), by tag: [step, value] pairs in file order. */
export function readScalars(dir: string): Map<string, [number, number][]> {
  const reader = new LogdirReader(dir);
  reader.poll();
  const out = new Map<string, [number, number][]>();
  for (const run of reader.runList()) {
    for (const tag of run.store.scalarTags()) {
      const columns = run.store.scalar(tag)!.columns();
      out.set(tag, Array.from(columns.steps, (step, i) => [step, columns.values[i]] as [number, number]));
    }
  }
  return out;
}

/** output.log's lines split into time, stream and text. */
export function readOutputLog(dir: string): { time: string; stream: string; text: string }[] {
  return readFileSync(join(dir, 'output.log'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\S+) (\S+) (.*)$/.exec(line);
      if (!match) throw new Error(`output.log line without a prefix: ${line}`);
      return { time: match[1], stream: match[2], text: match[3] };
    });
}

/** Pids of processes in the group, with their command lines (for a failure message). */
export function survivors(pgid: number): string[] {
  return processGroupMembers(pgid).map((stat) => {
    try {
      return `${stat.pid} ${readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`;
    } catch {
      return String(stat.pid);
    }
  });
}

/** The event files directly in a folder. */
export function eventFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('events.out.tfevents.'));
}
