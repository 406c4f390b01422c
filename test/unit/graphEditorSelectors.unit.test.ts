// The graph editor's selectors in package.json come from the format registry: every extension a reader declares opens
// as a graph by default (content sniffing sends non-models elsewhere), except the two that are usually other things
// (.json, .bin), which stay an option with an editor-title action. A reader added later fails this test until its
// extensions are in package.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatModules } from '../../src/core/formats/registry';

interface Manifest {
  contributes: {
    customEditors: { viewType: string; selector: { filenamePattern: string }[]; priority: 'default' | 'option' }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as Manifest;
const graphEditors = manifest.contributes.customEditors.filter((editor) => editor.viewType === 'tensorsight.graph');
const patterns = (priority: 'default' | 'option') => graphEditors.filter((editor) => editor.priority === priority).flatMap((editor) => editor.selector.map((entry) => entry.filenamePattern)).sort();
const registryExtensions = formatModules.flatMap((module) => module.extensions);
/** Extensions whose files are usually something else, with the pattern the option selector uses for them. */
const optionOnly: Record<string, string> = { '.json': 'model.json', '.bin': '*.bin' };

test('the graph editor is the default for every registry extension but .json and .bin', () => {
  const expected = registryExtensions.filter((extension) => !(extension in optionOnly)).map((extension) => `*${extension}`).sort();
  assert.deepEqual(patterns('default'), expected);
});

test('model.json and .bin files can be opened as graphs, as an option', () => {
  for (const extension of Object.keys(optionOnly)) assert.ok(registryExtensions.includes(extension), `the registry reads ${extension}`);
  assert.deepEqual(patterns('option'), Object.values(optionOnly).sort());
});

test('the editor-title action shows for the option-only files, the Explorer action for every registry extension', () => {
  const when = (menu: string) => manifest.contributes.menus[menu].find((item) => item.command === 'tensorsight.graph.open')?.when ?? '';
  assert.equal(when('editor/title'), 'resourceExtname == .bin || resourceFilename == model.json');
  const explorer = when('explorer/context');
  const extensions = /resourceExtname =~ \/\^\\\.\(([\w|]+)\)\$\//.exec(explorer)?.[1].split('|') ?? [];
  assert.deepEqual(extensions.map((extension) => `.${extension}`).sort(), registryExtensions.filter((extension) => extension !== '.json').sort());
  assert.match(explorer, /resourceFilename == model\.json/);
});
