// Every CLI subcommand, in the order `tensorsight --help` lists them. Add one line per command.
import type { CliCommand } from './cliCommand';
import { diffCommand } from './commands/diff';
import { doctorCommand } from './commands/doctor';
import { gpuCommand } from './commands/gpu';
import { eventsCommand } from './commands/events';
import { profileCommand } from './commands/profile';
import { runCommand } from './commands/run';
import { summaryCommand } from './commands/summary';
import { traceCommand } from './commands/trace';
import { trainCommand } from './commands/train';

export const cliCommands: readonly CliCommand[] = [
  doctorCommand,
  gpuCommand,
  eventsCommand,
  summaryCommand,
  diffCommand,
  traceCommand,
  profileCommand,
  runCommand,
  trainCommand,
];
