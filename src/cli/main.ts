// The `tensorsight` command line: dispatches to one module per subcommand over src/core.
import { cliCommands } from './commandList';
import { InputError, UsageError, type CliIo } from './cliCommand';
// A named import from JSON: esbuild inlines only this field into dist/cli.js.
import { version } from '../../package.json';

const stdio: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function help(): string {
  const width = Math.max(...cliCommands.map((command) => command.name.length), 8);
  const lines = cliCommands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: tensorsight <command> [options]',
    '       tensorsight <command> --help',
    '       tensorsight --version',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --json for machine-readable output on stdout; messages and errors go to stderr.',
    'Exit codes: 0 ok, 1 bad input, 2 bad usage.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version}\n`);
    return 0;
  }
  // No command is bad usage: the help goes to stderr, so a script reading stdout gets nothing it could mistake for output.
  if (name === undefined) {
    io.err(`tensorsight: missing the command\n\n${help()}`);
    return 2;
  }
  const command = cliCommands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`tensorsight: unknown ${name.startsWith('-') ? 'option' : 'command'} '${name}'\n\n${help()}`);
    return 2;
  }
  // Arguments after `--` belong to someone else (`tensorsight run train.py -- --help` asks the script for its help).
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) {
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
