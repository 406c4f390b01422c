// Links in a run's terminal for Python traceback frames, `File "train.py", line 42, in main`: a click opens the
// file at that line (a relative path is read against the run's working folder).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { revealFrame } from '../runs/runFailureNotice';

interface FrameLink extends vscode.TerminalLink {
  file: string;
  line: number;
  cwd: string;
}

const FRAME = /File "([^"]+)", line (\d+)/g;

/** Frame links of one terminal line. */
export function frameLinks(line: string, cwd: string): FrameLink[] {
  return [...line.matchAll(FRAME)].map((match) => ({
    startIndex: match.index,
    length: match[0].length,
    tooltip: `Open ${path.basename(match[1])} at line ${match[2]}`,
    file: match[1],
    line: Number(match[2]),
    cwd,
  }));
}

/** Registers the provider for terminals named `Train: …` (the ones runs are launched in). */
export function registerTraceLinks(): vscode.Disposable {
  const provider: vscode.TerminalLinkProvider<FrameLink> = {
    provideTerminalLinks(context) {
      if (!context.terminal.name.startsWith('Train: ')) return [];
      const options = context.terminal.creationOptions as vscode.TerminalOptions;
      const cwd = typeof options.cwd === 'string' ? options.cwd : (options.cwd?.fsPath ?? process.cwd());
      return frameLinks(context.line, cwd);
    },
    async handleTerminalLink(link) {
      await revealFrame(link.file, link.line, link.cwd);
    },
  };
  return vscode.window.registerTerminalLinkProvider(provider);
}
