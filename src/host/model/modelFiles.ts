// Which files are models, for the Model view, Open Model Graph and their file pickers: the graph editor's
// selectors in package.json (kept equal to the format registry's filePatterns by a unit test), read from the
// manifest so the host bundle does not carry the registry's readers.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { followedPatterns, matchesFilePattern, pickerExtensions } from '../../core/formats/modelFileNames';

interface GraphEditorContribution {
  viewType: string;
  selector: { filenamePattern: string }[];
  priority?: 'default' | 'option';
}

let patterns: readonly string[] = [];
let followed: readonly string[] = [];

/** Reads the patterns from the extension's manifest; call once at activation. */
export function initModelFiles(context: vscode.ExtensionContext): void {
  const editors = (context.extension.packageJSON as { contributes?: { customEditors?: GraphEditorContribution[] } }).contributes?.customEditors ?? [];
  const graphEditors = editors.filter((editor) => editor.viewType === 'tensorsight.graph');
  patterns = graphEditors.flatMap((editor) => editor.selector.map((entry) => entry.filenamePattern));
  followed = followedPatterns(graphEditors.flatMap((editor) => editor.selector.map((entry) => ({ pattern: entry.filenamePattern, priority: editor.priority ?? 'default' }))));
}

/** Whether `uri` is a local file whose name a model format claims. */
export function isModelUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && matchesFilePattern(path.basename(uri.fsPath), patterns);
}

/**
 * Whether the Model view follows `uri` when it becomes the active editor: a model file by name, but not the
 * extensions that mostly hold something else (a .bin weight shard, any .zip), which it shows when asked.
 */
export function isFollowedModelUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && matchesFilePattern(path.basename(uri.fsPath), followed);
}

/** showOpenDialog filters for model files. */
export function modelFileFilters(): Record<string, string[]> {
  return { 'Model files': pickerExtensions(patterns) };
}
