// What users read (README.md, docs/, demo/README.md, test/README.md) speaks only of what is in the repository:
// no path outside it, no CLI command or npm script that does not exist, no repository path that is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliCommands } from '../../src/cli/commandList';

const root = path.resolve(__dirname, '../..');
const docs = ['README.md', 'demo/README.md', 'test/README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const read = (doc: string) => fs.readFileSync(path.join(root, doc), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

// Written by builds and test runs, git-ignored: named in the docs, absent from a fresh clone.
const generated = ['test/e2e/artifacts/', 'bench/results/', 'test/fixtures/generated/'];

test('the user docs exist and include docs/cli.md and docs/architecture.md', () => {
  for (const doc of ['docs/cli.md', 'docs/architecture.md']) assert.ok(docs.includes(doc), doc);
});

for (const doc of docs) {
  test(`${doc}: no path outside the repository`, () => {
    assert.doesNotMatch(read(doc), /\.\.\/shared|shared\/fixtures|DESIGN\.md/);
  });

  test(`${doc}: every CLI command and npm script it names exists`, () => {
    const text = read(doc);
    const names = new Set(cliCommands.map((command) => command.name));
    for (const match of text.matchAll(/(?:node dist\/cli\.js|npx tensorsight|\btensorsight) ([a-z][\w-]*)/g)) {
      assert.ok(names.has(match[1]), `${doc} names the CLI command '${match[1]}', which does not exist`);
    }
    for (const match of text.matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts.includes(match[1]), `${doc} names 'npm run ${match[1]}', which package.json does not define`);
  });

  test(`${doc}: every repository path it names in backticks exists`, () => {
    const base = path.dirname(path.join(root, doc));
    // A line citing another repository at a commit (`@ f729a52`) names paths in that repository, not in this one.
    const own = read(doc).split('\n').filter((line) => !/ @ [0-9a-f]{7}/.test(line)).join('\n');
    const paths = [...own.matchAll(/`((?:src|test|docs|demo|scripts|media|bench|syntaxes|\.ci)\/[^`\s]*|[\w.-]+\/[^`\s]*\.(?:md|ts|mjs|json|tsv|png|py))`/g)].map((match) => match[1]);
    for (const named of paths) {
      // Placeholders and patterns (`<panel>`, `*.unit.test.ts`, `{train,validation}`) name no single file.
      if (/[<>*{}$]/.test(named) || generated.some((prefix) => named.startsWith(prefix))) continue;
      const found = [path.join(root, named), path.join(base, named)].some((candidate) => fs.existsSync(candidate));
      assert.ok(found, `${doc} names \`${named}\`, which is not in the repository`);
    }
  });
}
