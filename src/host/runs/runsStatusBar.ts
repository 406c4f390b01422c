// While runs are active, a status bar item counts them (`$(debug-stop) 2 runs`, queued sweep runs after a `+`);
// a click lists them to stop one, or to show its charts or output.
import * as vscode from 'vscode';
import type { SweepQueue } from '../launch/sweepQueue';
import type { RunRecords } from './runRecords';

export class RunsStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('tensorsight.runs', vscode.StatusBarAlignment.Left, 90);
  private readonly subscriptions: vscode.Disposable[];
  private active = false;

  constructor(
    private readonly records: RunRecords,
    private readonly queue: SweepQueue,
  ) {
    this.item.name = 'Tensorsight Training Runs';
    this.item.command = 'tensorsight.runs.showActive';
    this.subscriptions = [records.onDidChange(() => this.update()), queue.onDidChange(() => this.update())];
  }

  update(): void {
    const running = this.records.active();
    const queued = this.queue.items().length;
    if (this.active !== running.length > 0) {
      this.active = running.length > 0;
      void vscode.commands.executeCommand('setContext', 'tensorsight:runsActive', this.active);
    }
    if (running.length === 0 && queued === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(debug-stop) ${running.length} run${running.length === 1 ? '' : 's'}${queued ? ` + ${queued} queued` : ''}`;
    this.item.tooltip = [...running.map((run) => `${run.id}: running`), ...(queued ? [`${queued} sweep run(s) queued`] : []), 'Click to stop a run or show it'].join('\n');
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.item.dispose();
  }
}
