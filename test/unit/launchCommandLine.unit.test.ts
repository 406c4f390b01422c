// The arguments line of Run Training Script against Python's own shlex: every line splits as shlex.split splits
// it, every list joins as shlex.join joins it, and what joinCommandLine writes reads back unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { joinCommandLine, splitCommandLine } from '../../src/core/launch/commandLine';

const lines = [
  '--lr 1e-3 --batch-size 64',
  '  --epochs   3\t--name  run1  ',
  '--name "my run" --tag \'a b\'',
  '--msg "say \\"hi\\" \\\\ \\n $HOME `x`"',
  '--path C:\\\\data\\ dir',
  "--quote 'it'\"'\"'s'",
  'a""b \'\' ""',
  '--eq=--x=1,2 --glob *.py',
  '',
];
const lists = [['--lr', '1e-3'], ['--name', 'my run', ''], ["it's", 'a"b', '$HOME', 'tab\there', 'ünïcode'], ['--x=1,2', '@file', 'a/b.py']];

function python(code: string, input: unknown): unknown {
  const result = spawnSync('python3', ['-c', `import json, shlex, sys\nargs = json.load(sys.stdin)\n${code}`], { input: JSON.stringify(input), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const noPython = spawnSync('python3', ['-c', 'import shlex'], { encoding: 'utf8' }).status !== 0 ? 'no python3 on PATH to ask shlex' : false;

test('splitCommandLine splits as shlex.split does', { skip: noPython }, () => {
  const expected = python('print(json.dumps([shlex.split(line) for line in args]))', lines) as string[][];
  assert.deepEqual(lines.map(splitCommandLine), expected);
});

test('joinCommandLine joins as shlex.join does, and splitCommandLine reads it back', { skip: noPython }, () => {
  const expected = python('print(json.dumps([shlex.join(items) for items in args]))', lists) as string[];
  assert.deepEqual(lists.map(joinCommandLine), expected);
  for (const list of lists) assert.deepEqual(splitCommandLine(joinCommandLine(list)), list);
});

test('an unclosed quote or a trailing escape is an error that says which', () => {
  assert.throws(() => splitCommandLine("--name 'my run"), /No closing quotation for the ' at column 8/);
  assert.throws(() => splitCommandLine('--name "my run'), /No closing quotation for a "/);
  assert.throws(() => splitCommandLine('--name x\\'), /escape character/);
});
