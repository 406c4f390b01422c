// The commands `Tensorsight: Set Up Environment` runs, in order, in a terminal the user sees: create a virtual
// environment (or use a chosen interpreter), upgrade pip, install the chosen build. Pure: paths in, argv lists out.
import { posix, win32 } from 'node:path';
import type { WheelVariant } from './chooseWheelVariant';

/** Where to install: a new (or existing) virtual environment made from a base interpreter, or an interpreter as is. */
export type SetupTarget =
  | { kind: 'venv'; basePython: string; venvDir: string; exists: boolean }
  | { kind: 'interpreter'; python: string };

/** One command: a title for the terminal tab and progress, and the argv (no shell between us and it). */
export interface SetupStep {
  title: string;
  command: string;
  args: string[];
}

/** The interpreter inside a virtual environment folder, as `python -m venv` lays it out on each platform. */
export function venvPython(venvDir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? win32.join(venvDir, 'Scripts', 'python.exe') : posix.join(venvDir, 'bin', 'python');
}

/** The interpreter the install and the verification run with. */
export function targetPython(target: SetupTarget, platform: NodeJS.Platform = process.platform): string {
  return target.kind === 'venv' ? venvPython(target.venvDir, platform) : target.python;
}

/** The steps for one install; an existing environment is reused, not recreated. */
export function setupSteps(variant: WheelVariant, target: SetupTarget, platform: NodeJS.Platform = process.platform): SetupStep[] {
  const python = targetPython(target, platform);
  const steps: SetupStep[] = [];
  if (target.kind === 'venv' && !target.exists) {
    steps.push({ title: `Create the virtual environment ${target.venvDir}`, command: target.basePython, args: ['-m', 'venv', target.venvDir] });
  }
  // An old pip may not know the manylinux tags of current wheels and would fall back to building from source.
  steps.push({ title: 'Upgrade pip', command: python, args: ['-m', 'pip', 'install', '--upgrade', 'pip'] });
  steps.push({ title: `Install ${variantLabel(variant)}`, command: python, args: ['-m', 'pip', ...variant.pipArgs] });
  return steps;
}

/** 'PyTorch (cu128)', 'TensorFlow (and-cuda)', 'JAX (cpu)'. */
export function variantLabel(variant: WheelVariant): string {
  const name = { pytorch: 'PyTorch', tensorflow: 'TensorFlow', jax: 'JAX' }[variant.framework];
  return variant.variant === 'default' ? name : `${name} (${variant.variant})`;
}

/** One step as a POSIX shell line, for logs and for users who copy it; arguments quoted where needed. */
export function shellLine(step: SetupStep): string {
  return [step.command, ...step.args].map(quote).join(' ');
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
