// The shape every `tensorsight` subcommand implements, and the two error kinds of its contract (docs/cli.md).

/** One subcommand of the CLI; `run` returns the process exit code. */
export interface CliCommand {
  readonly name: string;
  /** One line for `tensorsight --help`. */
  readonly summary: string;
  /** Usage text for `tensorsight <name> --help`. */
  readonly usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Where a command writes; tests pass buffers, main.ts passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Bad usage (unknown flag, missing argument): exit code 2. */
export class UsageError extends Error {}

/** Bad input (unreadable or malformed file): exit code 1. */
export class InputError extends Error {}

/** Splits argv into flags and positionals; `valued` names flags that take a value. */
export function parseArgs(args: string[], valued: readonly string[] = [], known: readonly string[] = []): { flags: Map<string, string | true>; positionals: string[] } {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2);
    if (!valued.includes(name) && !known.includes(name) && name !== 'json' && name !== 'help') throw new UsageError(`unknown option --${name}`);
    if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      flags.set(name, true);
    }
  }
  return { flags, positionals };
}
