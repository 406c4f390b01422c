// Every CLI subcommand, in the order `tensorsight --help` lists them. Add one line per command.
import type { CliCommand } from './cliCommand';

export const cliCommands: readonly CliCommand[] = [
];
