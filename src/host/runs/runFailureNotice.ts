// A run that ends `failed` says so: the exception (and what to try, for CUDA out of memory or a device-side
// assert), with the traceback in output.log and the innermost frame of the user's own code one click away.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunFailure } from '../../core/launch/runRecord';
import type { LaunchedRun } from './runRecords';

const OUTPUT_LOG = 'output.log';
const TRACEBACK_HEADER = 'Traceback (most recent call last)';

/** The innermost traceback frame in the user's own files (not site-packages or the standard library). */
export function innermostScriptFrame(failure: RunFailure | null): RunFailure['frames'][number] | undefined {
  return failure?.frames.filter((frame) => frame.inScript).at(-1);
}

/** The notification's text: `train.py failed: RuntimeError: CUDA out of memory. … Try a smaller batch size.` */
export function failureNoticeText(run: LaunchedRun): string {
  const { record } = run;
  const how = record.failure?.message ?? (record.signal ? `signal ${record.signal}` : `exit code ${record.exitCode ?? 'unknown'}`);
  const hint = record.failure?.hint ? ` ${record.failure.hint}` : '';
  return `Run ${record.id} of ${path.basename(record.script)} failed: ${how}${hint}`;
}

/** Shows the notification; resolves to the button pressed, after acting on it. */
export async function showFailureNotice(run: LaunchedRun): Promise<string | undefined> {
  const frame = innermostScriptFrame(run.record.failure);
  const goTo = frame ? `Go to ${path.basename(frame.file)}:${frame.line}` : undefined;
  const buttons = ['Show Traceback', ...(goTo ? [goTo] : [])];
  const choice = await vscode.window.showErrorMessage(failureNoticeText(run), ...buttons);
  if (choice === 'Show Traceback') await showTraceback(run.dir);
  else if (choice && frame) await revealFrame(frame.file, frame.line, run.record.cwd);
  return choice;
}

/** Opens output.log at the last traceback (its end when there is none). */
export async function showTraceback(dir: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, OUTPUT_LOG)));
  let line = document.lineCount - 1;
  for (let i = document.lineCount - 1; i >= 0; i--) {
    if (document.lineAt(i).text.includes(TRACEBACK_HEADER)) {
      line = i;
      break;
    }
  }
  const position = new vscode.Position(line, 0);
  return vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
}

/** Opens a traceback frame's file at its line (a relative path is read against the run's working folder). */
export async function revealFrame(file: string, line: number, cwd: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.resolve(cwd, file)));
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  return vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}
