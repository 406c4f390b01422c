// Run Sweep…: a grid over arguments (`--lr 1e-3,1e-4 --batch 32,64` is four runs), queued one after another, or
// one per free GPU in parallel with CUDA_VISIBLE_DEVICES pinned (free: no process on it in the GPU monitor's
// latest sample; with no GPU the runs go one at a time).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GpuSnapshot } from '../../core/gpu/gpuSnapshot';
import { joinCommandLine, splitCommandLine } from '../../core/launch/commandLine';
import { sweepGrid } from '../../core/launch/sweepGrid';
import type { GpuFeature } from '../gpu/registerGpu';
import type { RunsFeature } from '../runs/registerRuns';
import type { RunTreeNode } from '../runs/runsTreeProvider';
import { pickInterpreter } from './interpreterPick';
import { requestFor, scriptUri } from './runScriptCommand';

/** Given by tests and callers that know: skips the questions. */
export interface RunSweepOptions {
  grid?: string[];
  python?: string;
  mode?: 'sequential' | 'parallel';
}

/** GPU indexes with no process in the snapshot. */
export function freeGpus(snapshot: GpuSnapshot | undefined): number[] {
  if (!snapshot) return [];
  const busy = new Set(snapshot.processes.map((process) => process.gpu));
  return snapshot.gpus.map((gpu) => gpu.index).filter((index) => !busy.has(index));
}

/** `20261203-154000`, the sweep's id (its runs record it). */
function sweepId(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** Tensorsight: Run Sweep…; resolves to the number of runs queued. */
export async function runSweep(runs: RunsFeature, gpu: GpuFeature, target?: vscode.Uri | RunTreeNode, given?: RunSweepOptions): Promise<number> {
  const uri = await scriptUri(target);
  if (uri?.scheme !== 'file') return 0;
  const script = uri.fsPath;
  const name = path.basename(script);
  const remembered = runs.memory.get(script);
  let grid = given?.grid;
  if (!grid) {
    const typed = await vscode.window.showInputBox({
      title: `Sweep over ${name}`,
      value: remembered.grid ?? remembered.args ?? '',
      prompt: 'Comma-separated values make the grid: --lr 1e-3,1e-4 --batch 32,64 is four runs',
      validateInput: (text) => {
        try {
          const { runs: count } = sweepGrid(splitCommandLine(text));
          return count.length < 2 ? 'Give at least one option two or more values, separated by commas' : undefined;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
    });
    if (typed === undefined) return 0;
    grid = splitCommandLine(typed);
  }
  const { runs: argLists } = sweepGrid(grid);
  const python = given?.python ?? (await pickInterpreter(name, remembered.python));
  if (!python) return 0;
  const snapshot = gpu.monitor.latest;
  const free = freeGpus(snapshot);
  let mode = given?.mode;
  if (!mode) {
    const parallel = free.length > 1 ? `One run per free GPU (${free.length} free now: ${free.join(', ')})` : undefined;
    const picked = await vscode.window.showQuickPick([`One after another (${argLists.length} runs)`, ...(parallel ? [parallel] : [])], { title: `Sweep over ${name}: ${argLists.length} runs` });
    if (!picked) return 0;
    mode = picked === parallel ? 'parallel' : 'sequential';
  }
  await runs.memory.remember(script, { grid: joinCommandLine(grid), python });
  runs.queue.freeGpus = () => freeGpus(gpu.monitor.latest);
  runs.queue.enqueue(sweepId(), argLists.map((args) => requestFor(script, args, python)), mode);
  await vscode.commands.executeCommand('tensorsight.runs.focus');
  return argLists.length;
}
