// The Runs view: one item per run with a checkbox (shown in the charts or not) and its live state.
import * as vscode from 'vscode';
import { runDescription, runDetails, runFacts } from '../../core/charts/runLabels';
import type { RunsModel } from './runsModel';

/** A run row; the id is the run's id in the model. */
export interface RunTreeNode {
  readonly id: string;
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
    const facts = runFacts(run.store);
    const { records, corrupt } = run.reader.totals();
    item.checkboxState = this.model.isShown(node.id) ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
    item.description = runDescription(facts, Date.now() - run.updatedAt);
    item.resourceUri = vscode.Uri.file(run.reader.dir);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${node.id}**\n\n`);
    tooltip.appendText(runDetails(run.reader.dir, run.reader.files.length, records, corrupt, facts, run.store.dropped));
    item.tooltip = tooltip;
    item.command = { command: 'tensorsight.runs.openCharts', title: 'Open Training Charts', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
