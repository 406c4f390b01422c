// One table of every command, registered in one loop (after rust-analyzer's ctx.ts).
// A unit test checks this table against package.json contributes.commands.
import * as vscode from 'vscode';

type Handler = (...args: unknown[]) => unknown;

/** Builds a command's handler; imports of heavy modules happen inside the handler, on first use. */
export type CommandFactory = (context: vscode.ExtensionContext) => Handler;

export const commandTable = {
  'tensorsight.env.check': (context) => async () => {
    const { showDoctorReport } = await import('./env/doctorReport');
    return showDoctorReport(context);
  },
} satisfies Record<string, CommandFactory>;

export type CommandId = keyof typeof commandTable;

export function registerCommands(context: vscode.ExtensionContext): void {
  for (const [id, factory] of Object.entries(commandTable) as [CommandId, CommandFactory][]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(context)));
  }
}
