// schemas/train.schema.json is the one list of spec fields: it is valid draft-07 (checked by ajv, an independent
// implementation, the way VS Code's JSON service will read it), uses only keywords our validator interprets, describes
// every property for hover, agrees with ajv on every spec in trainSpecCases.ts, and lists exactly the properties of the
// TypeScript interfaces in trainSpec.ts (read with the TypeScript compiler through their @schema tags).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { SUPPORTED_KEYWORDS, type SchemaNode } from '../../src/core/train/spec/schemaValidator';
import { brokenCases, csvLstm, digitsCnn, fineTune } from './trainSpecCases';

const root = resolve(__dirname, '../..');
const schemaFile = resolve(root, 'schemas/train.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaNode & Record<string, unknown>;
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

type AjvLike = { validateSchema(s: unknown): boolean; compile(s: unknown): ((data: unknown) => boolean) & { errors?: unknown }; errors?: unknown };
// ajv is in the tree through @vscode/vsce (and eslint); the runtime never loads it (it compiles schemas with new Function).
function loadAjv(): (new (options: Record<string, unknown>) => AjvLike) | undefined {
  try {
    return createRequire(__filename)('ajv') as new (options: Record<string, unknown>) => AjvLike;
  } catch {
    return undefined;
  }
}
const Ajv = loadAjv();
const noAjv = Ajv ? false : 'ajv is not installed (it comes with the devDependencies)';

/** Every schema node with its JSON pointer. */
function nodes(node: unknown, pointer = '#'): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  const record = node as Record<string, unknown>;
  const out: [string, Record<string, unknown>][] = [[pointer, record]];
  for (const key of ['properties', 'definitions']) {
    for (const [name, child] of Object.entries((record[key] as Record<string, unknown>) ?? {})) out.push(...nodes(child, `${pointer}/${key}/${name}`));
  }
  if (record.items) out.push(...nodes(record.items, `${pointer}/items`));
  ((record.oneOf as unknown[]) ?? []).forEach((child, i) => out.push(...nodes(child, `${pointer}/oneOf/${i}`)));
  return out;
}

test('the schema is draft-07 and valid against its meta-schema, compiled in strict mode', { skip: noAjv }, () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv!({ strict: true, allErrors: true });
  assert.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
  ajv.compile(schema);
});

test('the schema uses only keywords the validator interprets; every property has a description', () => {
  const all = nodes(schema);
  assert.ok(all.length > 100);
  for (const [pointer, node] of all) {
    for (const key of Object.keys(node)) assert.ok(SUPPORTED_KEYWORDS.includes(key), `${pointer}: keyword ${key}`);
    for (const [name, property] of Object.entries((node.properties as Record<string, { description?: string }>) ?? {})) {
      assert.ok(typeof property.description === 'string' && property.description.length > 5, `${pointer}/properties/${name} has no description`);
    }
  }
});

test('package.json contributes the schema for *.train.json', () => {
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: ['*.train.json'], url: './schemas/train.schema.json' }]);
});

test('ajv agrees: the valid specs pass and every broken one fails, except the cross-field rules the schema cannot state', { skip: noAjv }, () => {
  const validate = new Ajv!({ strict: true, allErrors: true }).compile(schema);
  for (const make of [digitsCnn, csvLstm, fineTune]) assert.ok(validate(make()), `${make.name}: ${JSON.stringify(validate.errors)}`);
  for (const broken of brokenCases) {
    const spec = broken.base();
    broken.edit(spec);
    assert.equal(validate(spec), Boolean(broken.crossField), `${broken.name}: ajv ${broken.crossField ? 'rejects' : 'accepts'} it`);
  }
});

/** Each interface in trainSpec.ts with its @schema pointers and its property names (inherited ones included). */
function interfaces(): { name: string; pointers: string[]; properties: string[] }[] {
  const file = resolve(root, 'src/core/train/spec/trainSpec.ts');
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const out: { name: string; pointers: string[]; properties: string[] }[] = [];
  program.getSourceFile(file)!.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const pointers = ts.getJSDocTags(node).filter((tag) => tag.tagName.text === 'schema').map((tag) => String(tag.comment ?? '').trim());
    const properties = checker.getPropertiesOfType(checker.getTypeAtLocation(node)).map((symbol) => symbol.name);
    out.push({ name: node.name.text, pointers, properties });
  });
  return out;
}

function resolvePointer(pointer: string): Record<string, unknown> {
  let node: unknown = schema;
  for (const part of pointer.slice(2).split('/').filter(Boolean)) node = (node as Record<string, unknown>)[part];
  return node as Record<string, unknown>;
}

test('every object in the schema has a TypeScript interface with the same properties, and vice versa', () => {
  const declared = interfaces().filter((entry) => entry.pointers.length > 0);
  assert.ok(declared.length >= 25, `${declared.length} interfaces carry @schema`);
  const claimed = new Set<string>();
  for (const entry of declared) {
    for (const pointer of entry.pointers) {
      const node = resolvePointer(pointer);
      assert.ok(node && typeof node.properties === 'object', `${entry.name}: @schema ${pointer} is not an object schema`);
      assert.deepEqual(entry.properties.slice().sort(), Object.keys(node.properties as object).sort(), `${entry.name} vs ${pointer}`);
      claimed.add(pointer);
    }
  }
  // The shorthand objects ({ scale }, { seed }) are typed inline in unions; every other object schema needs an interface.
  const inline = new Set(['scale', 'seed']);
  for (const [pointer, node] of nodes(schema)) {
    if (typeof node.properties !== 'object' || claimed.has(pointer)) continue;
    const keys = Object.keys(node.properties as object);
    assert.ok(keys.length === 1 && inline.has(keys[0]), `${pointer} (${keys.join(', ')}) has no interface in trainSpec.ts`);
  }
});

test('the inline shorthand objects match their TypeScript types', () => {
  const source = readFileSync(resolve(root, 'src/core/train/spec/trainSpec.ts'), 'utf8');
  assert.match(source, /export type Normalize = 'none' \| 'standardize' \| \{ scale: number \};/);
  assert.deepEqual(resolvePointer('#/definitions/normalize/oneOf/0').enum, ['none', 'standardize']);
  assert.match(source, /shuffle: false \| \{ seed\?: number \};/);
});
