// The Runs view: launched runs grouped under their script (status icon, duration, final metrics; the event-file
// folders the script wrote itself as children; queued sweep runs last), then every other event-file run as
// before, each with a checkbox (shown in the charts or not) and its live state.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runDescription, runDetails, runFacts } from '../../core/charts/runLabels';
import { joinCommandLine } from '../../core/launch/commandLine';
import type { RunStatus } from '../../core/launch/runRecord';
import { runRecordDescription, runRecordDetails } from '../../core/launch/runRecordText';
import type { SweepQueue } from '../launch/sweepQueue';
import { hasCheckpoint, isSpecFile, isTrainerRun } from '../train/trainerRuns';
import type { LaunchedRun, RunRecords } from './runRecords';
import type { RunsModel } from './runsModel';

/** A row of the view. `id` is the run's id in the RunsModel for run rows (launched, linked or plain). */
export type RunTreeNode =
  | { readonly kind?: 'run'; readonly id: string }
  | { readonly kind: 'script'; readonly id: string; readonly script: string }
  | { readonly kind: 'linked'; readonly id: string; readonly parent: string }
  | { readonly kind: 'queued'; readonly id: string };

const statusIcons: Record<RunStatus, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('loading~spin'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  stopped: new vscode.ThemeIcon('debug-stop'),
  lost: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
};

/** Tree data for tensorsight.runs. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly model: RunsModel,
    private readonly records: RunRecords,
    private readonly queue: SweepQueue,
  ) {
    this.subscriptions = [model.onDidChange(() => this.refresh()), records.onDidChange(() => this.refresh()), queue.onDidChange(() => this.refresh())];
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: RunTreeNode): RunTreeNode[] {
    if (!node) return [...this.scripts().map(([script]) => ({ kind: 'script' as const, id: `script:${script}`, script })), ...this.plainRuns()];
    if (node.kind === 'script') {
      const runs = (this.scripts().find(([script]) => script === node.script)?.[1] ?? []).map((run) => ({ id: run.id }));
      return [...runs, ...this.queue.items().filter((item) => item.request.script === node.script).map((item) => ({ kind: 'queued' as const, id: item.key }))];
    }
    if (node.kind === 'linked' || node.kind === 'queued') return [];
    return this.linkedIds(node.id).map((id) => ({ kind: 'linked', id, parent: node.id }));
  }

  getParent(node: RunTreeNode): RunTreeNode | undefined {
    if (node.kind === 'linked') return { id: node.parent };
    if (node.kind === 'script') return undefined;
    const script = node.kind === 'queued' ? this.queue.item(node.id)?.request.script : this.records.byId(node.id)?.record.script;
    return script ? { kind: 'script', id: `script:${script}`, script } : undefined;
  }

  /** The run ids a checkbox on `node` ticks: a script's runs, a run with its linked folders, a linked folder alone. */
  tickIds(node: RunTreeNode): string[] {
    if (node.kind === 'queued') return [];
    if (node.kind === 'script') return this.getChildren(node).flatMap((child) => this.tickIds(child));
    if (node.kind === 'linked') return [node.id];
    return [node.id, ...this.linkedIds(node.id)];
  }

  /** Ids of the linked event folders of a launched run. */
  linkedIds(id: string): string[] {
    const run = this.records.byId(id);
    return (run?.record.linkedEventDirs ?? []).map((dir) => this.model.idOf(dir)).filter((linked): linked is string => linked !== undefined && linked !== id);
  }

  /** Launched runs by script (absolute path), scripts sorted by file name, runs newest first. */
  private scripts(): [string, LaunchedRun[]][] {
    const byScript = new Map<string, LaunchedRun[]>();
    for (const run of this.records.all()) byScript.set(run.record.script, [...(byScript.get(run.record.script) ?? []), run]);
    for (const item of this.queue.items()) if (!byScript.has(item.request.script)) byScript.set(item.request.script, []);
    return [...byScript].sort(([a], [b]) => path.basename(a).localeCompare(path.basename(b)) || a.localeCompare(b));
  }

  /** Event-file runs that are neither a launched run nor a folder one wrote. */
  private plainRuns(): RunTreeNode[] {
    const taken = new Set<string>();
    for (const run of this.records.all()) {
      taken.add(run.id);
      for (const linked of this.linkedIds(run.id)) taken.add(linked);
    }
    return this.model
      .runs()
      .filter((run) => !taken.has(run.name))
      .map((run) => ({ id: run.name }));
  }

  getTreeItem(node: RunTreeNode): vscode.TreeItem {
    if (node.kind === 'script') return this.scriptItem(node);
    if (node.kind === 'queued') return this.queuedItem(node);
    const launched = node.kind === 'linked' ? undefined : this.records.byId(node.id);
    if (launched) return this.launchedItem(launched);
    const run = this.model.run(node.id);
    const item = new vscode.TreeItem(node.kind === 'linked' ? (run ? path.basename(run.reader.dir) : node.id) : node.id, vscode.TreeItemCollapsibleState.None);
    item.id = node.kind === 'linked' ? `${node.parent}>${node.id}` : node.id;
    item.contextValue = node.kind === 'linked' ? 'run.linked' : 'run';
    item.iconPath = new vscode.ThemeIcon('graph-line');
    item.checkboxState = this.checkbox(node.id);
    if (!run) return item;
    const facts = runFacts(run.store);
    const { records, corrupt } = run.reader.totals();
    item.description = runDescription(facts, Date.now() - run.updatedAt);
    item.resourceUri = vscode.Uri.file(run.reader.dir);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${node.id}**\n\n`);
    tooltip.appendText(runDetails(run.reader.dir, run.reader.files.length, records, corrupt, facts, run.store.dropped));
    item.tooltip = tooltip;
    item.command = { command: 'tensorsight.runs.openCharts', title: 'Open Training Charts', arguments: [{ id: node.id }] };
    return item;
  }

  private scriptItem(node: { id: string; script: string }): vscode.TreeItem {
    const runs = this.records.all().filter((run) => run.record.script === node.script);
    const item = new vscode.TreeItem(path.basename(node.script), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    // A *.train.json spec trains with Train Model, not Run Training Script.
    item.contextValue = isSpecFile(node.script) ? 'runScript.train' : 'runScript';
    item.iconPath = new vscode.ThemeIcon('file-code');
    item.resourceUri = vscode.Uri.file(node.script);
    const running = runs.filter((run) => run.status === 'running').length;
    const queued = this.queue.items().filter((entry) => entry.request.script === node.script).length;
    item.description = [`${runs.length} run${runs.length === 1 ? '' : 's'}`, running ? `${running} running` : '', queued ? `${queued} queued` : ''].filter(Boolean).join(' · ');
    item.tooltip = node.script;
    const ids = runs.map((run) => run.id);
    if (ids.length) item.checkboxState = ids.every((id) => this.model.isShown(id)) ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
    return item;
  }

  private launchedItem(run: LaunchedRun): vscode.TreeItem {
    const linked = this.linkedIds(run.id);
    const item = new vscode.TreeItem(path.basename(run.dir), linked.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = run.id;
    // A lost run (its launcher died) whose script still runs can be stopped too.
    const stoppable = run.status === 'running' || (run.status === 'lost' && run.record.pid !== null && groupExists(run.record.pid));
    // Runs of the TF.js trainer add `.tfjs`, and `.resumable` once ended with a checkpoint (Resume Training).
    const trainer = isTrainerRun(run.record);
    const resumable = trainer && !stoppable && hasCheckpoint(run.dir);
    item.contextValue = `run.launched.${stoppable ? 'running' : 'ended'}${trainer ? '.tfjs' : ''}${resumable ? '.resumable' : ''}`;
    item.iconPath = statusIcons[run.status];
    item.checkboxState = this.checkbox(run.id);
    const args = run.record.args.length ? ` — ${joinCommandLine(run.record.args)}` : '';
    item.description = `${runRecordDescription(run.record, run.status, Date.now())}${args}`;
    item.resourceUri = vscode.Uri.file(run.dir);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${run.record.id}** · ${run.status}\n\n`);
    tooltip.appendText(`${[...runRecordDetails(run.record, run.status), run.dir].join('\n')}\n`);
    item.tooltip = tooltip;
    item.command = { command: 'tensorsight.runs.openCharts', title: 'Open Training Charts', arguments: [{ id: run.id }] };
    return item;
  }

  private queuedItem(node: { id: string }): vscode.TreeItem {
    const entry = this.queue.item(node.id);
    const item = new vscode.TreeItem(entry ? `queued ${entry.sweep.index + 1}/${entry.sweep.count}` : node.id, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.contextValue = 'runQueued';
    item.iconPath = new vscode.ThemeIcon('clock');
    if (entry) {
      item.description = joinCommandLine(entry.request.args);
      item.tooltip = `Sweep ${entry.sweep.id}: waits for ${entry.mode === 'parallel' ? 'a free GPU' : 'the run before it'}`;
    }
    return item;
  }

  private checkbox(id: string): vscode.TreeItemCheckboxState {
    return this.model.isShown(id) ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.emitter.dispose();
  }
}

/** Whether any process of the group exists (signal 0 to -pgid: one system call, cheap enough per row). */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
