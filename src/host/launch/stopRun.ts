// Stop: SIGINT to the launcher, which stops the script's process group (SIGINT, SIGTERM after the grace,
// SIGKILL) and records `stopped`. When the launcher is gone (killed, its terminal closed) but the script's group
// lives on, the same escalation is done from here and run.json is closed as the launcher would have.
import { processGroupAlive, stopProcessGroup } from '../../core/launch/processGroup';
import { processExists, readRunRecord, writeRunRecord, type RunRecord, type RunStatus } from '../../core/launch/runRecord';

const POLL_MS = 100;
/** Beyond the launcher's own escalation (grace + SIGTERM wait + SIGKILL wait), how long it may take to record the end. */
const LAUNCHER_SLACK_MS = 10_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How a stop ended: the status run.json shows afterwards, and whether any process of the group is left. */
export interface StopOutcome {
  status: RunStatus | 'unknown';
  groupLeft: boolean;
  /** Who did the escalation: the launcher, or this window because the launcher was gone or did not finish. */
  by: 'launcher' | 'extension' | 'nobody';
}

/** Stops the run in `dir`; resolves when its processes are gone (or could not be stopped). */
export async function stopRun(dir: string, graceSeconds: number): Promise<StopOutcome> {
  const record = readRunRecord(dir);
  if (!record) return { status: 'unknown', groupLeft: false, by: 'nobody' };
  const group = record.pid;
  const groupAlive = () => group !== null && processGroupAlive(group);
  if (record.status !== 'running') return { status: record.status, groupLeft: groupAlive(), by: 'nobody' };

  if (processExists(record.launcherPid)) {
    try {
      process.kill(record.launcherPid, 'SIGINT');
    } catch {
      // it ended between the check and the signal: handled below like a launcher that is gone
    }
    const deadline = Date.now() + graceSeconds * 1000 + LAUNCHER_SLACK_MS;
    while (Date.now() < deadline && processExists(record.launcherPid) && readRunRecord(dir)?.status === 'running') await delay(POLL_MS);
    if (!groupAlive() && readRunRecord(dir)?.status !== 'running') return { status: readRunRecord(dir)?.status ?? 'unknown', groupLeft: false, by: 'launcher' };
    // The TF.js trainer is its own launcher and leads no group: one that did not save and exit in time is killed.
    if (record.trainer === 'tfjs' && processExists(record.launcherPid)) {
      process.kill(record.launcherPid, 'SIGKILL');
      closeRecord(dir, readRunRecord(dir) ?? record);
      return { status: 'stopped', groupLeft: false, by: 'extension' };
    }
  }

  // A lost run whose processes are all gone was not stopped by anyone: it stays lost.
  if (group === null || !groupAlive()) return { status: readRunRecord(dir)?.status ?? 'unknown', groupLeft: false, by: 'nobody' };
  await stopProcessGroup(group, { graceMs: graceSeconds * 1000 });
  const latest = readRunRecord(dir) ?? record;
  if (latest.status === 'running' && !processExists(latest.launcherPid)) closeRecord(dir, latest);
  return { status: readRunRecord(dir)?.status ?? 'unknown', groupLeft: groupAlive(), by: 'extension' };
}

/** Records the end the launcher could not: stopped now, by SIGINT. */
function closeRecord(dir: string, record: RunRecord): void {
  writeRunRecord(dir, { ...record, status: 'stopped', endTime: new Date().toISOString(), signal: record.signal ?? 'SIGINT' });
}
