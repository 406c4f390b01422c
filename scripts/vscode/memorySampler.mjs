// Samples the summed resident memory of this process and all its descendants (code-server, extension hosts, chromium).
// Shared pages are counted once per process, so the figure is an upper bound; it is for reporting, never for pass/fail.
import { readdirSync, readFileSync } from 'node:fs';

function processTable() {
  const table = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, ...; rss (pages) is field 24 overall.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({ pid: Number(entry), ppid: Number(fields[1]), rssPages: Number(fields[21]) });
    } catch { /* the process ended while we read */ }
  }
  return table;
}

function treeRssBytes(rootPid) {
  const table = processTable();
  const children = new Map();
  for (const process of table) children.set(process.ppid, [...(children.get(process.ppid) ?? []), process]);
  let pages = table.find((process) => process.pid === rootPid)?.rssPages ?? 0;
  const stack = [...(children.get(rootPid) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop();
    pages += next.rssPages;
    stack.push(...(children.get(next.pid) ?? []));
  }
  return pages * 4096;
}

/** Starts sampling every `intervalMs`; stop() returns the peak in MiB. */
export function sampleTreeMemory(intervalMs = 1000) {
  let peak = 0;
  const sample = () => { peak = Math.max(peak, treeRssBytes(process.pid)); };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peak / 2 ** 20);
    },
  };
}
