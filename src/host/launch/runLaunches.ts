// Starts runs with the user's settings and remembers each run's terminal (Show Output reveals it while open).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nvidiaSmiSetting } from '../gpu/nvidiaSmiSetting';
import type { LaunchedRun, RunRecords } from '../runs/runRecords';
import type { RunsModel } from '../runs/runsModel';
import { launchInTerminal, type Launch, type LaunchRequest } from './launchTerminal';

/** A started run: the launch and, once the launcher made it, the run folder and its record. */
export interface StartedRun {
  launch: Launch;
  dir: string;
  run: LaunchedRun | undefined;
}

/** Seconds Stop gives a script between SIGINT and SIGTERM. */
export function stopGraceSeconds(): number {
  return Math.max(1, vscode.workspace.getConfiguration('tensorsight.runs').get<number>('stopGraceSeconds', 10));
}

export class RunLaunches implements vscode.Disposable {
  private readonly terminals = new Map<string, vscode.Terminal>();
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly extensionPath: string,
    private readonly model: RunsModel,
    private readonly records: RunRecords,
  ) {
    this.listener = vscode.window.onDidCloseTerminal((terminal) => {
      for (const [dir, open] of this.terminals) if (open === terminal) this.terminals.delete(dir);
    });
  }

  /** Opens the run's terminal (shown unless `showTerminal` is false); resolves once the run folder exists (rejects when the launcher ends before that). */
  async start(request: LaunchRequest, { showTerminal = true } = {}): Promise<StartedRun> {
    if (this.model.idOf(request.runsDir) === undefined) this.model.addRoot(request.runsDir);
    const launch = launchInTerminal(this.extensionPath, request, { nvidiaSmi: nvidiaSmiSetting(), graceSeconds: stopGraceSeconds(), show: showTerminal });
    const dir = path.resolve(await launch.runDir);
    if (launch.terminal.exitStatus === undefined) this.terminals.set(dir, launch.terminal);
    const run = this.records.track(dir);
    this.model.poll(true);
    return { launch, dir, run };
  }

  /** The run's terminal while it is open. */
  terminalOf(dir: string): vscode.Terminal | undefined {
    return this.terminals.get(path.resolve(dir));
  }

  dispose(): void {
    this.listener.dispose();
  }
}
