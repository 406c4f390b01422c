// The trace editor: a read-only custom editor for profiler traces (PyTorch/Kineto, ONNX Runtime, TensorFlow, Chrome
// trace JSON, gzipped or not). The trace worker reads the file as soon as the editor opens; its progress, summary,
// timeline or error are posted as they come and again at every `ready`. Closing the editor stops the worker.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CompareCommand, ExportCommand, OpenSourceCommand, ProfileFailureNotification, ProfileProgressNotification, ProfileReadyCommand, TraceSummaryNotification, TraceTimelineNotification } from '../../core/protocol/profile';
import type { TraceSummary } from '../../core/profile/traceSummary';
import { WebviewChannel } from '../webviewChannel';
import { webviewResourceRoots } from '../webviewPage';
import { ProfileReplay } from './profileReplay';
import type { ProfileProbes } from './profileProbe';
import { profileWebviewHtml } from './profileWebviewHtml';
import { loadTrace } from './traceLoad';
import { userAction } from './userAction';

/** Provides `tensorsight.trace` editors. */
export class TraceEditorProvider implements vscode.CustomReadonlyEditorProvider {
  static readonly viewType = 'tensorsight.trace';

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly probes: ProfileProbes,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const { extensionUri, extensionPath } = this.context;
    const file = document.uri.fsPath;
    const title = path.basename(file);
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    panel.webview.html = profileWebviewHtml(panel.webview, extensionUri, title, `Reading ${title}…`);
    const channel = new WebviewChannel(panel.webview);
    const probe = this.probes.add(file, title);
    const replay = new ProfileReplay(channel, probe);
    let summary: TraceSummary | undefined;

    // The size, so the page says how much there is before the reader's first report (after a large file's first chunk).
    let reported = false;
    void stat(file).then((info) => {
      if (!reported) replay.post(ProfileProgressNotification, { title, bytesRead: 0, totalBytes: info.size });
    }, () => undefined);
    const load = loadTrace(extensionPath, file, { timeline: true }, (bytesRead, totalBytes) => {
      reported = true;
      probe.bytesRead = bytesRead;
      replay.post(ProfileProgressNotification, { title, bytesRead, totalBytes });
    });
    void load.result.then((result) => {
      reported = true;
      if (!result.ok) {
        probe.cancelled = result.cancelled;
        if (result.cancelled) return;
        probe.failure = result.error;
        return replay.post(ProfileFailureNotification, { title, message: result.error });
      }
      summary = result.summary;
      probe.summary = result.summary;
      replay.post(TraceSummaryNotification, { summary: result.summary });
      if (result.timeline) {
        probe.timelineEvents = result.timeline.startUs.length;
        replay.post(TraceTimelineNotification, { timeline: result.timeline });
      }
    });

    const loaded = (): TraceSummary => {
      if (!summary) throw new Error(`${title} is not read yet`);
      return summary;
    };
    channel
      .onCommand(ProfileReadyCommand, () => replay.replay())
      .onCommand(OpenSourceCommand, userAction('could not open the source', async ({ file: source, line }) => (await import('./openSource')).openSource(document.uri, source, line)))
      .onCommand(CompareCommand, userAction('could not compare the traces', async () => (await import('./traceCompare')).compareTrace(extensionPath, loaded(), replay, probe)))
      .onCommand(ExportCommand, userAction('could not export the trace', async (params) => (await import('./traceExport')).exportTrace(document.uri, loaded(), params)));
    panel.onDidDispose(() => {
      load.cancel();
      channel.dispose();
    });
  }
}

/** Registers the trace editor; the webview keeps no context when hidden (every `ready` gets the trace again). */
export function registerTraceEditor(context: vscode.ExtensionContext, probes: ProfileProbes): TraceEditorProvider {
  const provider = new TraceEditorProvider(context, probes);
  context.subscriptions.push(vscode.window.registerCustomEditorProvider(TraceEditorProvider.viewType, provider, { supportsMultipleEditorsPerDocument: true }));
  return provider;
}
