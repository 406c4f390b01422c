// The Runs view: one item per run with a checkbox (shown in the charts or not) and its live state.
import * as vscode from 'vscode';
import type { RunEntry, RunsModel } from './runsModel';

/** A run row; the id is the run's id in the model. */
export interface RunTreeNode {
  readonly id: string;
}

/** "3 s ago", "5 min ago", "2 h ago", "4 d ago". */
export function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** Tag count and last step of a run. */
export function runFacts(run: RunEntry): { tags: number; lastStep: number | undefined; points: number } {
  const store = run.store;
  let lastStep: number | undefined;
  let points = 0;
  const scalarTags = store.scalarTags();
  for (const tag of scalarTags) {
    const series = store.scalar(tag)!;
    points += series.length;
    if (series.length > 0) lastStep = Math.max(lastStep ?? -Infinity, series.stepAt(series.length - 1));
  }
  for (const series of store.histograms.values()) if (series.length > 0) lastStep = Math.max(lastStep ?? -Infinity, series.steps[series.length - 1]);
  const tags = scalarTags.length + store.histograms.size + store.other.size;
  return { tags, lastStep, points };
}

/** Tree data for tensorsight.runs. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: RunsModel) {
    this.subscription = model.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: RunTreeNode): RunTreeNode[] {
    return node ? [] : this.model.runs().map((run) => ({ id: run.name }));
  }

  getTreeItem(node: RunTreeNode): vscode.TreeItem {
    const run = this.model.run(node.id);
    const item = new vscode.TreeItem(node.id, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.contextValue = 'run';
    item.iconPath = new vscode.ThemeIcon('graph-line');
    if (!run) return item;
    const { tags, lastStep, points } = runFacts(run);
    const { records, corrupt } = run.reader.totals();
    item.checkboxState = this.model.isShown(node.id) ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
    const step = lastStep === undefined ? 'no steps' : `step ${lastStep}`;
    item.description = `${tags} tags · ${step} · updated ${ago(Date.now() - run.updatedAt)}`;
    item.resourceUri = vscode.Uri.file(run.reader.dir);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${node.id}**\n\n`);
    tooltip.appendText(`${run.reader.dir}\n${run.reader.files.length} event file(s), ${records} records, ${points} scalar points${corrupt ? `, ${corrupt} corrupt region(s) skipped` : ''}\n`);
    item.tooltip = tooltip;
    item.command = { command: 'tensorsight.runs.openCharts', title: 'Open Training Charts', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
