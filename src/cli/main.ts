// The `tensorsight` command line: dispatches to one module per subcommand over src/core.
import { cliCommands } from './commandList';
import { InputError, UsageError, type CliIo } from './cliCommand';

const stdio: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function help(): string {
  const width = Math.max(...cliCommands.map((command) => command.name.length), 8);
  const lines = cliCommands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ['Usage: tensorsight <command> [options]', '', 'Commands:', ...lines, '', 'Every command takes --json for machine-readable output on stdout.', 'Exit codes: 0 ok, 1 bad input, 2 bad usage.', ''].join('\n');
}

export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? 2 : 0;
  }
  const command = cliCommands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`tensorsight: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tensorsight ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.err(`tensorsight ${name}: ${error.message}\n`);
      return 1;
    }
    io.err(`tensorsight ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
