// The command table in src/host/commands.ts and package.json contributes.commands must list the same ids.
// Read statically with the TypeScript compiler, because the table module needs the real vscode API to load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

function tableIds(): string[] {
  const path = resolve(root, 'src/host/commands.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const ids: string[] = [];
  source.forEachChild(function visit(node): void {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'commandTable' && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isSatisfiesExpression(init) || ts.isAsExpression(init)) init = init.expression;
      assert.ok(ts.isObjectLiteralExpression(init), 'commandTable is an object literal');
      for (const property of init.properties) {
        assert.ok(property.name && ts.isStringLiteral(property.name), `command key ${property.getText()} is a string literal`);
        ids.push(property.name.text);
      }
    }
    node.forEachChild(visit);
  });
  return ids;
}

test('every registered command is contributed, and every contributed command is registered', () => {
  const registered = tableIds().sort();
  const contributed = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.ok(registered.length > 0);
  assert.deepEqual(registered, contributed);
});

test('command ids follow tensorsight.<area>.<verb> and carry a title and the Tensorsight category', () => {
  for (const command of manifest.contributes.commands as { command: string; title: string; category: string }[]) {
    assert.match(command.command, /^tensorsight\.[a-z]+\.[a-zA-Z]+$/);
    assert.ok(command.title.length > 0);
    assert.equal(command.category, 'Tensorsight');
  }
});

test('views and settings follow the id scheme', () => {
  for (const view of manifest.contributes.views.tensorsight as { id: string }[]) assert.match(view.id, /^tensorsight\.[a-z]+$/);
  for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.match(key, /^tensorsight\.[a-z]+\.[a-zA-Z]+$/);
});

test('every menu entry names a contributed command', () => {
  const contributed = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
  for (const [menu, entries] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
    for (const entry of entries) assert.ok(contributed.has(entry.command), `${menu}: ${entry.command} is not contributed`);
  }
});
