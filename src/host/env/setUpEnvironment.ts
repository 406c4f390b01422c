// `Tensorsight: Set Up Environment`: pick a framework, read the driver with nvidia-smi, install the matching build
// into a workspace .venv (or the selected interpreter) with tasks the user watches in the terminal, then verify it.
// The decisions live in core/env (chooseWheelVariant, setupSteps, verifyFramework); this file asks and shows.
import { existsSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { checkNvidiaSmi } from '../../core/env/checkNvidiaSmi';
import { chooseWheelVariant, machineFacts, type SetupFramework, type WheelVariant } from '../../core/env/chooseWheelVariant';
import { findPythonCandidates } from '../../core/env/findPythonCandidates';
import { setupSteps, shellLine, targetPython, variantLabel, venvPython, type SetupStep, type SetupTarget } from '../../core/env/setupSteps';
import { describeVerifyResult, verifiedCorrect, verifyFramework, type VerifyResult } from '../../core/env/verifyFramework';
import { nvidiaSmiSetting } from '../gpu/nvidiaSmiSetting';
import { pythonChoices } from './pythonChoices';

/** What the command returns (integration tests read it): the choices made, each step's exit code, the check. */
export interface SetupOutcome {
  framework: SetupFramework;
  variant: WheelVariant;
  target: SetupTarget;
  exitCodes: (number | undefined)[];
  verify?: VerifyResult;
}

const FRAMEWORKS: (vscode.QuickPickItem & { framework: SetupFramework })[] = [
  { label: 'PyTorch', description: 'torch, torchvision', framework: 'pytorch' },
  { label: 'TensorFlow', description: 'tensorflow (Keras included)', framework: 'tensorflow' },
  { label: 'JAX', description: 'jax, jaxlib', framework: 'jax' },
];

const TITLE = 'Tensorsight: Set Up Environment';
let output: vscode.OutputChannel | undefined;
let running: Promise<SetupOutcome | undefined> | undefined;

/** One setup at a time: a second invocation while pip runs would fight over the same environment. */
export function setUpEnvironment(context: vscode.ExtensionContext): Promise<SetupOutcome | undefined> {
  if (running) {
    void vscode.window.showInformationMessage('Tensorsight is already setting up an environment; see the terminal.');
    return running;
  }
  running = run(context).finally(() => {
    running = undefined;
  });
  return running;
}

async function run(context: vscode.ExtensionContext): Promise<SetupOutcome | undefined> {
  const picked = await vscode.window.showQuickPick(FRAMEWORKS, { title: TITLE, placeHolder: 'Which framework to install?' });
  if (!picked) return undefined;
  if (!output) {
    output = vscode.window.createOutputChannel(TITLE);
    context.subscriptions.push(output);
  }
  const log = output;

  const gpu = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${TITLE}: reading the NVIDIA driver` }, () => checkNvidiaSmi({ timeoutMs: 20_000, nvidiaSmi: nvidiaSmiSetting() }));
  const variant = chooseWheelVariant(picked.framework, machineFacts(gpu, process.platform, release(), process.env));
  log.appendLine(`[${new Date().toISOString()}] ${variantLabel(variant)}: ${gpu.status === 'ok' ? `driver ${gpu.driverVersion ?? '?'}, CUDA up to ${gpu.cudaVersion ?? '?'}` : (gpu.error ?? gpu.status)}`);
  for (const reason of variant.reasons) log.appendLine(`  ${reason}`);

  const target = await pickTarget(variant);
  if (!target) return undefined;
  const steps = setupSteps(variant, target);
  const exitCodes: (number | undefined)[] = [];
  for (const step of steps) {
    log.appendLine(`$ ${shellLine(step)}`);
    const code = await runStep(step);
    exitCodes.push(code);
    log.appendLine(`  exit code ${code ?? 'unknown'}`);
    if (code !== 0) {
      void vscode.window.showErrorMessage(`${step.title} failed (exit code ${code ?? 'unknown'}); the terminal shows why.`, 'Show Log').then((choice) => choice && log.show());
      return { framework: picked.framework, variant, target, exitCodes };
    }
  }

  const python = targetPython(target);
  const verify = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${TITLE}: checking ${variantLabel(variant)} in ${python}` }, () => verifyFramework(python, picked.framework, { timeoutMs: 300_000 }));
  const summary = describeVerifyResult(verify);
  log.appendLine(summary);
  void showVerdict(verify, summary, target, variant, log);
  return { framework: picked.framework, variant, target, exitCodes, verify };
}

/** A workspace .venv (new or existing), or the interpreter Tensorsight uses now. */
async function pickTarget(variant: WheelVariant): Promise<SetupTarget | undefined> {
  // The doctor's default: the first candidate in its precedence order.
  const selected = findPythonCandidates(await pythonChoices(5000))[0]?.path;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const items: (vscode.QuickPickItem & { target: SetupTarget })[] = [];
  if (folder && selected) {
    const venvDir = join(folder, '.venv');
    const exists = existsSync(venvPython(venvDir));
    items.push({ label: exists ? `Install into ${venvDir}` : `Create ${venvDir}`, description: exists ? 'the existing virtual environment' : `a virtual environment made with ${selected}`, target: { kind: 'venv', basePython: selected, venvDir, exists } });
  }
  if (selected) items.push({ label: `Install into ${selected}`, description: 'the interpreter Tensorsight uses now', target: { kind: 'interpreter', python: selected } });
  if (items.length === 0) {
    void vscode.window.showErrorMessage('No Python interpreter found: install Python 3, or set tensorsight.python.path, then run Set Up Environment again.');
    return undefined;
  }
  const choice = await vscode.window.showQuickPick(items, { title: `${TITLE}: ${variantLabel(variant)}`, placeHolder: variant.reasons[0] });
  return choice?.target;
}

/** Runs one step as a task (its terminal shows the command and pip's output) and resolves with its exit code. */
function runStep(step: SetupStep): Promise<number | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const cwd = folder?.uri.fsPath;
  const task = new vscode.Task({ type: 'tensorsight-setup' }, folder ?? vscode.TaskScope.Workspace, step.title, 'Tensorsight', new vscode.ProcessExecution(step.command, step.args, cwd ? { cwd } : {}));
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Shared, echo: true, clear: false, showReuseMessage: false };
  return new Promise((resolve) => {
    let execution: vscode.TaskExecution | undefined;
    const ended = vscode.tasks.onDidEndTaskProcess((event) => {
      // The end can be reported before executeTask's promise gives us the execution: then match our task by name.
      const ours = event.execution === execution || (execution === undefined && event.execution.task.definition.type === 'tensorsight-setup' && event.execution.task.name === step.title);
      if (!ours) return;
      ended.dispose();
      resolve(event.exitCode);
    });
    vscode.tasks.executeTask(task).then(
      (started) => {
        execution = started;
      },
      (error: unknown) => {
        ended.dispose();
        void vscode.window.showErrorMessage(`Could not start "${step.title}": ${error instanceof Error ? error.message : String(error)}`);
        resolve(undefined);
      },
    );
  });
}

/** The check's one line, with the next steps: the log, and making a new venv the interpreter Tensorsight uses. */
async function showVerdict(verify: VerifyResult, summary: string, target: SetupTarget, variant: WheelVariant, log: vscode.OutputChannel): Promise<void> {
  const USE = 'Use This Interpreter';
  const LOG = 'Show Log';
  const python = targetPython(target);
  const actions = target.kind === 'venv' && verify.ok ? [USE, LOG] : [LOG];
  let choice: string | undefined;
  if (!verify.ok || !verifiedCorrect(verify)) choice = await vscode.window.showErrorMessage(summary, ...actions);
  else if (variant.gpu && !verify.cudaAvailable) choice = await vscode.window.showWarningMessage(`${summary}. A GPU build was installed but sees no GPU: run Check Deep Learning Environment.`, ...actions);
  else choice = await vscode.window.showInformationMessage(summary, ...actions);
  if (choice === LOG) log.show();
  if (choice === USE) await vscode.workspace.getConfiguration('tensorsight').update('python.path', python, vscode.ConfigurationTarget.Workspace);
}
