// The read-only virtual document that holds the latest report; re-running the check refreshes it in place.
import * as vscode from 'vscode';
import type { DoctorReport } from '../../core/env/doctorReport';
import { renderDoctorMarkdown } from '../../core/env/renderDoctorMarkdown';

/** URI scheme of the report document. */
export const DOCTOR_SCHEME = 'tensorsight-doctor';

/** The one report document; its .md name makes VS Code treat it as Markdown. */
export const DOCTOR_URI = vscode.Uri.from({ scheme: DOCTOR_SCHEME, path: '/Deep Learning Environment.md' });

const FOOTER = '\n---\n\nRun **Tensorsight: Check Deep Learning Environment** again (or *Re-run* on its notification) to refresh this report.\n';

/** Serves the latest report's Markdown and tells VS Code (and an open preview) when it changes. */
export class DoctorDocument implements vscode.TextDocumentContentProvider {
  private static instance: DoctorDocument | undefined;
  private markdown = '# Deep Learning Environment\n\nThe checks are running...\n';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Registers the provider once per activation and returns it. */
  static register(context: vscode.ExtensionContext): DoctorDocument {
    if (!DoctorDocument.instance) {
      const document = new DoctorDocument();
      context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DOCTOR_SCHEME, document), document.changed, {
        dispose: () => {
          DoctorDocument.instance = undefined;
        },
      });
      DoctorDocument.instance = document;
    }
    return DoctorDocument.instance;
  }

  provideTextDocumentContent(): string {
    return this.markdown;
  }

  update(report: DoctorReport): void {
    this.markdown = renderDoctorMarkdown(report) + FOOTER;
    this.changed.fire(DOCTOR_URI);
  }
}
