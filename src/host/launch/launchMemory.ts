// What was last used for each script (its arguments, interpreter and sweep grid), kept in workspaceState so
// Run Training Script opens pre-filled with them.
import type * as vscode from 'vscode';

/** The last choices for one script. */
export interface ScriptChoices {
  args?: string;
  python?: string;
  grid?: string;
}

const memoryKey = 'tensorsight.launch.scripts';

export class LaunchMemory {
  constructor(private readonly state: vscode.Memento) {}

  get(script: string): ScriptChoices {
    return this.state.get<Record<string, ScriptChoices>>(memoryKey, {})[script] ?? {};
  }

  async remember(script: string, choices: ScriptChoices): Promise<void> {
    const all = this.state.get<Record<string, ScriptChoices>>(memoryKey, {});
    await this.state.update(memoryKey, { ...all, [script]: { ...all[script], ...choices } });
  }
}
