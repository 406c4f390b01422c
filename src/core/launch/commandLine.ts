// A script's arguments as the user types them in one line (`--lr 1e-3 --name "my run"`) and back, with POSIX
// shell quoting as Python's shlex.split and shlex.join apply it: no variables, globs or other shell features,
// because the arguments are handed to the script as a list, never through a shell.

/** Splits a line into arguments: whitespace separates, '…' is literal, "…" honours \" and \\, \x outside quotes is x. */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`No closing quotation for the ' at column ${i + 1}`);
      current += line.slice(i + 1, end);
      inArg = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('No closing quotation for a " in the arguments');
        const d = line[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < line.length && (line[i + 1] === '"' || line[i + 1] === '\\')) {
          current += line[i + 1];
          i += 2;
        } else {
          current += d;
          i++;
        }
      }
      inArg = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('The arguments end with an escape character (\\) that escapes nothing');
      current += line[i + 1];
      inArg = true;
      i += 2;
    } else {
      current += c;
      inArg = true;
      i++;
    }
  }
  if (inArg) args.push(current);
  return args;
}

/** Characters that never need quoting (shlex.quote's safe set). */
const SAFE = /^[\w@%+=:,./-]+$/;

/** One argument quoted for a POSIX shell (shlex.quote): unchanged when safe, else in '…' with ' as '"'"'. */
export function quoteArgument(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

/** Arguments joined into one line that splitCommandLine reads back unchanged (shlex.join). */
export function joinCommandLine(args: readonly string[]): string {
  return args.map(quoteArgument).join(' ');
}
