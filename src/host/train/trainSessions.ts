// The trainings this window started: their output channel (`Tensorsight Training`, one line per backend rung
// and per epoch), the spec diagnostics, and the children still training, asked to stop (SIGINT: they save a
// checkpoint) when the window closes. Created at activation; everything in it is made on first use.
import * as vscode from 'vscode';

/** A training in progress: its spec and, once the child made it, the run folder and the child's pid. */
export interface ActiveTraining {
  specFile: string;
  runDir?: string;
  pid?: number;
  /** Kills the child (before the run exists there is nothing to save). */
  abort(): void;
}

const RECENT_LINES = 500;

export class TrainSessions implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  private collection: vscode.DiagnosticCollection | undefined;
  private readonly running = new Set<ActiveTraining>();
  /** The last lines written to the channel, which has no read API (for the integration tests). */
  readonly recentLines: string[] = [];

  /** @param extensionPath where the extension's own optional backends (webgpu, wasm) are resolved from. */
  constructor(readonly extensionPath: string) {}

  /** The `Tensorsight Training` output channel. */
  get log(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel('Tensorsight Training');
    return this.channel;
  }

  /** Writes one line to the channel. */
  appendLine(line: string): void {
    this.log.appendLine(line);
    this.recentLines.push(line);
    if (this.recentLines.length > RECENT_LINES) this.recentLines.splice(0, this.recentLines.length - RECENT_LINES);
  }

  /** Problems of *.train.json files the trainer rejected. */
  get diagnostics(): vscode.DiagnosticCollection {
    this.collection ??= vscode.languages.createDiagnosticCollection('tensorsight-train');
    return this.collection;
  }

  /** Keeps `training` until the returned disposable is disposed. */
  add(training: ActiveTraining): vscode.Disposable {
    this.running.add(training);
    return { dispose: () => this.running.delete(training) };
  }

  active(): ActiveTraining[] {
    return [...this.running];
  }

  dispose(): void {
    for (const training of this.running) {
      if (training.pid === undefined) training.abort();
      else {
        try {
          process.kill(training.pid, 'SIGINT');
        } catch {
          // already gone
        }
      }
    }
    this.running.clear();
    this.channel?.dispose();
    this.collection?.dispose();
  }
}
