// `Tensorsight: Check Deep Learning Environment`: runs the doctor's checks (all in child processes, so the
// extension host only waits), then shows the report as a Markdown preview of a read-only virtual document.
import * as vscode from 'vscode';
import type { DoctorReport } from '../../core/env/doctorReport';
import { problemCounts } from '../../core/env/describeDoctorFacts';
import { findPythonCandidates } from '../../core/env/findPythonCandidates';
import { DEFAULT_CHECK_TIMEOUT_MS, failedDoctorReport, runDoctor } from '../../core/env/runDoctor';
import { DOCTOR_URI, DoctorDocument } from './doctorDocument';
import { nvidiaSmiSetting } from '../gpu/nvidiaSmiSetting';
import { pythonChoices } from './pythonChoices';

/** What the command returns: the report and the document showing it (integration tests read both). */
export interface DoctorResult {
  report: DoctorReport;
  uri: vscode.Uri;
}

const RERUN = 'Re-run';
const SHOW = 'Show Report';

// A second invocation while checks run joins them instead of starting a second set of processes.
let running: Promise<DoctorResult> | undefined;

export function showDoctorReport(context: vscode.ExtensionContext): Promise<DoctorResult> {
  running ??= checkAndShow(context).finally(() => {
    running = undefined;
  });
  return running;
}

async function checkAndShow(context: vscode.ExtensionContext): Promise<DoctorResult> {
  const document = DoctorDocument.register(context);
  let report: DoctorReport;
  try {
    report = await checkWithProgress(context);
  } catch (error) {
    // runDoctor never rejects; this is for a broken editor API or a bug, and still answers with a report.
    report = failedDoctorReport({ host: 'vscode', timeoutMs: DEFAULT_CHECK_TIMEOUT_MS, moduleRoot: context.extensionPath }, error);
  }
  try {
    document.update(report);
    if (!report.problems.some((problem) => problem.code === 'cancelled')) await openPreview();
  } catch (error) {
    void vscode.window.showErrorMessage(`Tensorsight could not show the environment report: ${error instanceof Error ? error.message : String(error)}`);
  }
  offerRerun(report).catch(() => undefined);
  return { report, uri: DOCTOR_URI };
}

function checkWithProgress(context: vscode.ExtensionContext): Thenable<DoctorReport> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Tensorsight: checking the deep-learning environment', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        return await runChecks(context, controller.signal, (message) => progress.report({ message }));
      } finally {
        cancel.dispose();
      }
    },
  );
}

async function runChecks(context: vscode.ExtensionContext, signal: AbortSignal, say: (message: string) => void): Promise<DoctorReport> {
  const config = vscode.workspace.getConfiguration('tensorsight');
  const configured = config.get<number>('env.checkTimeoutMs', DEFAULT_CHECK_TIMEOUT_MS);
  // The setting's schema says at least 1000; a smaller value from a hand-edited settings.json is raised, not ignored.
  const timeoutMs = Number.isFinite(configured) ? Math.max(1000, configured) : DEFAULT_CHECK_TIMEOUT_MS;
  say('asking the Python extension for its interpreter');
  const choices = await pythonChoices(Math.min(timeoutMs, 5000));
  say('running Python, nvidia-smi and Node runtime checks');
  const report = await runDoctor({
    host: 'vscode',
    pythons: findPythonCandidates(choices),
    nvidiaSmi: nvidiaSmiSetting(),
    timeoutMs,
    moduleRoot: context.extensionPath,
    signal,
  });
  if (signal.aborted) report.problems.unshift({ code: 'cancelled', severity: 'info', message: 'The check was cancelled; results are incomplete', fix: 'Run Tensorsight: Check Deep Learning Environment again.' });
  return report;
}

/** The Markdown preview when the Markdown extension is there; the raw document otherwise. */
async function openPreview(): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', DOCTOR_URI);
  } catch {
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(DOCTOR_URI), { preview: true });
    } catch (error) {
      void vscode.window.showErrorMessage(`Tensorsight could not open the environment report: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Not awaited by the command: the user may answer later, or never. */
async function offerRerun(report: DoctorReport): Promise<void> {
  const hasErrors = report.problems.some((problem) => problem.severity === 'error');
  const text = `Deep-learning environment checked: ${problemCounts(report.problems)}.`;
  const choice = await (hasErrors ? vscode.window.showWarningMessage(text, RERUN, SHOW) : vscode.window.showInformationMessage(text, RERUN, SHOW));
  if (choice === RERUN) await vscode.commands.executeCommand('tensorsight.env.check');
  if (choice === SHOW) await openPreview();
}
