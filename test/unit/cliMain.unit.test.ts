// The `tensorsight` entry point itself: --version, --help, and where usage errors go (stderr, exit 2)
// for every command. The expected version is read from package.json, the command list from commandList.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { cliCommands } from '../../src/cli/commandList';

const packageJson = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

for (const flag of ['--version', '-v']) {
  test(`${flag} prints package.json's version on stdout`, async () => {
    assert.deepEqual(await cli(flag), { code: 0, out: `${packageJson.version}\n`, err: '' });
  });
}

test('--help lists every command on stdout and exits 0', async () => {
  const { code, out, err } = await cli('--help');
  assert.equal(code, 0);
  assert.equal(err, '');
  assert.match(out, /^Usage: tensorsight <command>/);
  for (const command of cliCommands) assert.match(out, new RegExp(`^  ${command.name} +${command.summary.replace(/[()]/g, '\\$&')}$`, 'm'));
});

test('no command is bad usage: the help goes to stderr, stdout stays empty, exit 2', async () => {
  const { code, out, err } = await cli();
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /^tensorsight: missing the command\n/);
  for (const command of cliCommands) assert.ok(err.includes(`  ${command.name} `), command.name);
});

test('an unknown command or option is named on stderr with exit 2', async () => {
  const unknown = await cli('no-such-command', 'x.json');
  assert.equal(unknown.code, 2);
  assert.equal(unknown.out, '');
  assert.match(unknown.err, /^tensorsight: unknown command 'no-such-command'\n/);
  const option = await cli('--verbose');
  assert.equal(option.code, 2);
  assert.equal(option.out, '');
  assert.match(option.err, /^tensorsight: unknown option '--verbose'\n/);
});

for (const command of cliCommands) {
  test(`${command.name}: --help prints its usage on stdout; an unknown option goes to stderr with exit 2`, async () => {
    assert.deepEqual(await cli(command.name, '--help'), { code: 0, out: `${command.usage}\n`, err: '' });
    const { code, out, err } = await cli(command.name, '--no-such-option');
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err, `tensorsight ${command.name}: unknown option --no-such-option\n\n${command.usage}\n`);
  });
}

test('a missing argument is a usage error on stderr', async () => {
  for (const name of ['summary', 'events']) {
    const { code, out, err } = await cli(name);
    assert.equal(code, 2, name);
    assert.equal(out, '', name);
    assert.match(err, new RegExp(`^tensorsight ${name}: missing`), name);
  }
});

test('the help texts speak only of what ships: no path outside the repository', async () => {
  const texts = [(await cli('--help')).out, ...cliCommands.map((command) => command.usage)];
  for (const text of texts) assert.doesNotMatch(text, /\.\.\/shared|shared\/fixtures|DESIGN\.md/);
});
