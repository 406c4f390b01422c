// The nvidia-smi the user named in tensorsight.gpu.nvidiaSmiPath, read in one place for the GPU view, its terminal
// command, the doctor and Set Up Environment, so all of them ask the same binary about the driver.
import * as vscode from 'vscode';

/** The setting's path, or undefined when it is empty (nvidia-smi is then looked up on PATH). */
export function nvidiaSmiSetting(): string | undefined {
  const path = vscode.workspace.getConfiguration('tensorsight.gpu').get<string>('nvidiaSmiPath', '').trim();
  return path === '' ? undefined : path;
}
