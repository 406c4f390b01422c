// How a launched run reads in the Runs view, its status bar item and its notifications: the one-line
// description (status, duration, progress, final metrics) and the tooltip (what was run, with what, from which
// commit). Pure, so the tree provider only assembles items.
import { formatDuration } from '../charts/xAxis';
import { formatValue } from '../display/quantities';
import { joinCommandLine } from './commandLine';
import type { RunRecord, RunStatus } from './runRecord';

/** Metrics shown in a run's description, at most. */
const DESCRIPTION_METRICS = 3;

/** Seconds the run has lasted: to its end, to `nowMs` while it runs, or to its last progress when it was lost. */
export function runSeconds(record: RunRecord, status: RunStatus, nowMs: number): number | null {
  const start = Date.parse(record.startTime);
  if (Number.isNaN(start)) return null;
  const end = record.endTime ? Date.parse(record.endTime) : status === 'running' ? nowMs : (record.progress?.updatedAt ?? NaN);
  return Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000);
}

/** The last metrics, `loss 0.213 · accuracy 0.91`, losses first, GPU series left out (they are not the run's result). */
export function finalMetricsText(record: RunRecord, limit = DESCRIPTION_METRICS): string {
  const entries = Object.entries(record.progress?.lastMetrics ?? {}).filter(([tag]) => !tag.startsWith('gpu/'));
  entries.sort(([a], [b]) => Number(!/loss/i.test(a)) - Number(!/loss/i.test(b)));
  return entries
    .slice(0, limit)
    .map(([tag, value]) => `${tag} ${formatValue(value)}`)
    .join(' · ');
}

/** `running · 42s · epoch 2/10 · loss 0.53`, `finished · 3.5m · loss 0.21 · accuracy 0.93`, `failed · 12s · RuntimeError`. */
export function runRecordDescription(record: RunRecord, status: RunStatus, nowMs: number): string {
  const parts: string[] = [status];
  const seconds = runSeconds(record, status, nowMs);
  if (seconds !== null) parts.push(formatDuration(Math.round(seconds)));
  const progress = record.progress;
  if (status === 'running' && progress) {
    if (progress.epoch !== null) parts.push(progress.epochs !== null ? `epoch ${progress.epoch}/${progress.epochs}` : `epoch ${progress.epoch}`);
    else if (progress.step !== null) parts.push(`step ${progress.step}`);
  }
  if (status === 'failed' && record.failure) parts.push(exceptionName(record.failure.message));
  const metrics = finalMetricsText(record);
  if (metrics) parts.push(metrics);
  return parts.join(' · ');
}

/** `RuntimeError` from `RuntimeError: CUDA out of memory. ...`; the message itself when it names no exception. */
export function exceptionName(message: string): string {
  const match = /^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|Warning)?)(?::|$)/.exec(message.trim());
  return match ? match[1] : message.trim().slice(0, 80);
}

/** The tooltip's lines: script and arguments, interpreter, frameworks, commit, times, how it ended. */
export function runRecordDetails(record: RunRecord, status: RunStatus): string[] {
  const lines = [`${record.script}${record.args.length ? ` ${joinCommandLine(record.args)}` : ''}`];
  lines.push(`Python: ${record.interpreter.path}${record.interpreter.version ? ` (${record.interpreter.version})` : ''}`);
  const frameworks = Object.entries(record.frameworks).map(([name, version]) => `${name} ${version}`);
  if (frameworks.length) lines.push(`Frameworks: ${frameworks.join(', ')}`);
  if (record.git) lines.push(`Commit: ${record.git.commit.slice(0, 12)}${record.git.branch ? ` on ${record.git.branch}` : ''}${record.git.dirty ? ' (uncommitted changes in git.diff)' : ''}`);
  const env = Object.entries(record.env).map(([key, value]) => `${key}=${value}`);
  if (env.length) lines.push(`Environment: ${env.join(' ')}`);
  if (Object.keys(record.hparams).length) lines.push(`Hyperparameters: ${Object.entries(record.hparams).map(([key, value]) => `${key}=${value}`).join(', ')}`);
  if (record.sweep) lines.push(`Sweep ${record.sweep.id}: run ${record.sweep.index + 1} of ${record.sweep.count}`);
  lines.push(`Started ${record.startTime}${record.endTime ? `, ended ${record.endTime}` : ''} on ${record.host}`);
  if (status !== 'running') lines.push(endText(record, status));
  if (record.failure) {
    lines.push(record.failure.message);
    if (record.failure.hint) lines.push(record.failure.hint);
  }
  return lines;
}

function endText(record: RunRecord, status: RunStatus): string {
  if (status === 'lost') return 'Lost: the launcher ended without recording how the run ended';
  const how = record.signal ? `signal ${record.signal}` : record.exitCode !== null ? `exit code ${record.exitCode}` : 'no exit code';
  return `${status[0].toUpperCase()}${status.slice(1)} (${how})`;
}
