// The lines the `Tensorsight Training` output channel shows for a training: the backend ladder (one line per
// rung, the chosen one first), the run, each epoch and the end.
import type { BackendReport } from '../../core/train/run/backendReport';
import { backendReportLines } from '../../core/train/run/backendReport';
import type { MetricValues, TrainMessage } from '../../core/train/run/trainMessage';

/** `12:04:31` for the start of a log line. */
export function clock(date = new Date()): string {
  return date.toTimeString().slice(0, 8);
}

/** `loss 0.312 · accuracy 0.914 · val_loss 0.35`. */
export function metricsText(values: MetricValues): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} ${Number.isFinite(value) ? value.toPrecision(3) : String(value)}`)
    .join(' · ');
}

/** The ladder's outcome: which backend trains, then why each other rung did not. */
export function backendLines(report: BackendReport): string[] {
  const tf = report.tfBackend && report.tfBackend !== report.chosen ? ` (tf.getBackend() = ${report.tfBackend})` : '';
  return [`backend: ${report.chosen}${tf}`, ...backendReportLines(report).map((line) => `  ${line}`)];
}

/** The log lines of one message (none for batches, which only move the progress notification). */
export function messageLines(message: TrainMessage): string[] {
  switch (message.kind) {
    case 'backend':
      return backendLines(message.report);
    case 'start':
      return [`run ${message.runId} in ${message.runDir}: ${message.trainSamples} training and ${message.validationSamples} validation samples, ${message.parameters.toLocaleString('en-US')} parameters, ${message.epochs} epochs of ${message.stepsPerEpoch} steps, seed ${message.seed}`];
    case 'epoch':
      return [`epoch ${message.epoch}: ${metricsText(message.values)} (${message.seconds.toFixed(1)} s, ${Math.round(message.samplesPerSecond).toLocaleString('en-US')} samples/s)`];
    case 'checkpoint':
      return [`checkpoint after epoch ${message.epoch}: ${message.dir}`];
    case 'done':
      if (message.stopped) return [`stopped after epoch ${message.epochs}; checkpoint in ${message.runDir}/checkpoints/stopped`];
      return [`finished: ${message.epochs} epochs${message.stoppedEarly ? ' (stopped early)' : ''}, ${metricsText(message.values)}; model in ${message.modelDir}`];
    case 'error':
      return [`error: ${message.message}`, ...(message.specProblems ?? []).map((problem) => `  ${problem.line}:${problem.column} ${problem.field}: ${problem.message}`)];
    default:
      return [];
  }
}
