// `Tensorsight: Open Profiler Trace`: opens a trace file in the trace editor: the one given (Explorer), the active
// tab's JSON file, or one picked from the workspace's traces or the open dialog.
import * as vscode from 'vscode';
import { pickTrace } from './traceCompare';
import { TraceEditorProvider } from './traceEditorProvider';

const traceFile = /\.json(\.gz)?$/i;

/** The active tab's file when it could be a trace (JSON, gzipped or not). */
function activeTraceUri(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = tab instanceof vscode.TabInputText || tab instanceof vscode.TabInputCustom ? tab.uri : undefined;
  return uri && uri.scheme === 'file' && traceFile.test(uri.fsPath) && !(tab instanceof vscode.TabInputCustom && tab.viewType === TraceEditorProvider.viewType) ? uri : undefined;
}

/** Opens `uri` (or the active JSON file, or one picked) in the trace editor; resolves to the file opened. */
export async function openTrace(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const target = uri instanceof vscode.Uri ? uri : activeTraceUri() ?? (await pickTrace('', 'Open Profiler Trace', 'A trace of the workspace, or Browse… for any file'));
  if (!target) return undefined;
  await vscode.commands.executeCommand('vscode.openWith', target, TraceEditorProvider.viewType);
  return target;
}
