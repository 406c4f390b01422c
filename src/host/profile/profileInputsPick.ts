// The inputs of a profile, asked of the user: random tensors of the declared shapes (with a value asked for each
// symbolic dim), or the user's own .npy/.npz/.pb files. The declared inputs come from the model-outline worker.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseDims } from '../../core/ir/dimBindings';
import type { IoSummary } from '../../core/ir/summary';
import { loadModelOutline } from '../model/modelOutlineClient';

/** What the profile feeds: random tensors with these dims, or these files. */
export type InputChoice = { dims: Record<string, number> } | { inputFiles: string[] };

/** The symbolic dims of the inputs, each once, in order of appearance. */
export function symbolicDims(inputs: readonly Pick<IoSummary, 'shape'>[]): string[] {
  return [...new Set(inputs.flatMap((input) => (input.shape ?? []).filter((dim): dim is string => typeof dim === 'string')))];
}

const shapeText = (input: IoSummary) => `${input.name}: ${input.dtype} [${(input.shape ?? []).map((dim) => dim ?? '?').join(', ')}]`;

/** Asks where the inputs come from; undefined when the user cancelled. */
export async function pickInputs(extensionPath: string, model: vscode.Uri): Promise<InputChoice | undefined> {
  const outline = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading the inputs of ${path.basename(model.fsPath)}` }, () => loadModelOutline(extensionPath, model.fsPath).result);
  // A model the reader cannot read goes to ORT anyway: its own error says more about why it cannot run.
  const inputs = outline.ok ? outline.outline.summary.inputs : [];
  const symbols = symbolicDims(inputs);
  const random = { label: '$(symbol-numeric) Random inputs', detail: inputs.length > 0 ? inputs.map(shapeText).join('; ') : 'of each input\'s declared type and shape', choice: 'random' as const };
  const files = { label: '$(file) Input files…', detail: '.npy, .npz or ONNX TensorProto .pb files; a tensor named like an input feeds it', choice: 'files' as const };
  const picked = await vscode.window.showQuickPick([random, files], { title: `Profile ${path.basename(model.fsPath)}: inputs`, placeHolder: 'What to feed the model' });
  if (!picked) return undefined;
  if (picked.choice === 'files') {
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Use as inputs', defaultUri: vscode.Uri.joinPath(model, '..'), filters: { 'Tensors': ['npy', 'npz', 'pb'] } });
    return chosen && chosen.length > 0 ? { inputFiles: chosen.map((uri) => uri.fsPath) } : undefined;
  }
  if (symbols.length === 0) return { dims: {} };
  const text = await vscode.window.showInputBox({
    title: `Profile ${path.basename(model.fsPath)}: symbolic dims`,
    prompt: `Values for the symbolic dims of the inputs (${inputs.map(shapeText).join('; ')})`,
    value: symbols.map((symbol) => `${symbol}=1`).join(','),
    validateInput: (value) => {
      try {
        const dims = parseDims(value);
        const missing = symbols.filter((symbol) => !(symbol in dims));
        return missing.length > 0 ? `give a value for ${missing.join(', ')}` : undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  return text === undefined ? undefined : { dims: parseDims(text) };
}
