// The trace editor's compare: the user picks a second trace (the workspace's traces, or any file), it is read in
// the trace worker under a cancellable progress notification, and the diff (this trace as the baseline) is posted.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diffTraces } from '../../core/profile/analysis/traceDiff';
import { TraceDiffNotification } from '../../core/protocol/profile';
import type { TraceSummary } from '../../core/profile/traceSummary';
import type { ProfileViewProbe } from './profileProbe';
import type { ProfileReplay } from './profileReplay';
import { loadTrace } from './traceLoad';

/** Trace files the workspace holds, by the names profilers give them. */
const traceGlob = '**/{*.pt.trace.json,*.pt.trace.json.gz,*.trace.json,*.trace.json.gz,onnxruntime_profile_*.json}';

/** Asks for a second trace: one of the workspace's, or any file through the open dialog. */
export async function pickTrace(exclude: string, title: string, placeHolder: string): Promise<vscode.Uri | undefined> {
  const found = (await vscode.workspace.findFiles(traceGlob, '**/node_modules/**', 200)).filter((uri) => uri.fsPath !== exclude);
  const browse = { label: '$(folder-opened) Browse…', uri: undefined as vscode.Uri | undefined };
  const items = [
    ...found.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), uri })),
    browse,
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Open', filters: { 'Profiler traces': ['json', 'gz'] } });
  return chosen?.[0];
}

/** Reads `file`'s summary in the trace worker under a cancellable progress notification; undefined when cancelled. */
export async function readTraceSummary(extensionPath: string, file: string): Promise<TraceSummary | undefined> {
  const name = path.basename(file);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${name}`, cancellable: true }, async (progress, token) => {
    let reported = 0;
    const load = loadTrace(extensionPath, file, { timeline: false }, (bytesRead, totalBytes) => {
      if (totalBytes <= 0) return;
      const percent = (100 * bytesRead) / totalBytes;
      progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` });
      reported = percent;
    });
    const subscription = token.onCancellationRequested(() => load.cancel());
    try {
      const result = await load.result;
      if (result.ok) return result.summary;
      if (result.cancelled) return undefined;
      throw new Error(result.error);
    } finally {
      subscription.dispose();
    }
  });
}

/** Asks for a second trace and posts the diff of `baseline` against it. */
export async function compareTrace(extensionPath: string, baseline: TraceSummary, replay: ProfileReplay, probe: ProfileViewProbe, other?: vscode.Uri): Promise<void> {
  const target = other ?? (await pickTrace(baseline.file, `Compare ${path.basename(baseline.file)} with…`, 'A trace to compare with (this one is the baseline)'));
  if (!target) return;
  const summary = await readTraceSummary(extensionPath, target.fsPath);
  if (!summary) return;
  const diff = diffTraces(baseline, summary);
  probe.diff = diff;
  replay.post(TraceDiffNotification, { diff });
}
