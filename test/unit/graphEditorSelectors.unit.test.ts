// package.json follows the format registry: the graph editor's selectors are every format's filePatterns (default
// ones open as a graph, option ones only offer it), and the menus that open a model (Explorer, editor title,
// Show Model Summary) show for exactly those names. A format added to the registry fails this test until
// package.json lists it; the extension host reads its model-file names from these selectors (host/model/modelFiles.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { followedPatterns, matchesFilePattern } from '../../src/core/formats/modelFileNames';
import { formatModules, registryFilePatterns } from '../../src/core/formats/registry';

interface Manifest {
  contributes: {
    customEditors: { viewType: string; selector: { filenamePattern: string }[]; priority: 'default' | 'option' }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as Manifest;
const graphEditors = manifest.contributes.customEditors.filter((editor) => editor.viewType === 'tensorsight.graph');
const selectors = (priority: 'default' | 'option') => graphEditors.filter((editor) => editor.priority === priority).flatMap((editor) => editor.selector.map((entry) => entry.filenamePattern)).sort();
const registryPatterns = (priority: 'default' | 'option') => [...new Set(formatModules.flatMap((module) => (priority === 'default' ? module.filePatterns.default : module.filePatterns.option ?? [])))];

/** The when-clause that matches `patterns`: extensions in one regex, then names and name suffixes. */
function whenFor(patterns: readonly string[]): string {
  const extensions = patterns.filter((pattern) => /^\*\.[^.*]+$/.test(pattern)).map((pattern) => pattern.slice(2));
  const suffixes = patterns.filter((pattern) => pattern.startsWith('*') && !/^\*\.[^.*]+$/.test(pattern)).map((pattern) => `resourceFilename =~ /${pattern.slice(1).replace(/\./g, '\\.')}$/`);
  const names = patterns.filter((pattern) => !pattern.startsWith('*')).map((pattern) => `resourceFilename == ${pattern}`);
  return [...(extensions.length > 0 ? [`resourceExtname =~ /^\\.(${extensions.join('|')})$/i`] : []), ...suffixes, ...names].join(' || ');
}

const when = (menu: string, command: string) => manifest.contributes.menus[menu].find((item) => item.command === command)?.when ?? '';

test('the graph editor is the default for every format\'s default patterns, an option for the rest', () => {
  assert.deepEqual(selectors('default'), registryPatterns('default').sort());
  assert.deepEqual(selectors('option'), registryPatterns('option').sort());
});

test('Open Model Graph shows in the Explorer for every model name, in the editor title for the option-only ones', () => {
  assert.equal(when('explorer/context', 'tensorsight.graph.open'), whenFor(registryFilePatterns()));
  assert.equal(when('editor/title', 'tensorsight.graph.open'), whenFor(registryPatterns('option')));
});

test('Show Model Summary shows for every model name, local files only', () => {
  for (const menu of ['explorer/context', 'editor/title']) assert.equal(when(menu, 'tensorsight.model.showSummary'), `resourceScheme == file && (${whenFor(registryFilePatterns())})`, menu);
});

test('model file names: a package.json or any other JSON is not a model; model.json, an index and the new formats are', () => {
  const patterns = registryFilePatterns();
  for (const name of ['model.json', 'Model.JSON', 'net.tflite', 'llama.Q4_K_M.gguf', 'model.safetensors', 'model.safetensors.index.json', 'saved_model.pb', 'frozen.pb', 'det1.caffemodel', 'deploy.prototxt', 'net.t7', 'iris.zip', 'resnet.onnx']) {
    assert.ok(matchesFilePattern(name, patterns), name);
  }
  for (const name of ['package.json', 'tsconfig.json', 'config.json', 'README.md', 'train.py', 'model.json.bak']) assert.ok(!matchesFilePattern(name, patterns), name);
});

test('the Model view follows model names in the active editor, but not the bare extensions that are mostly data', () => {
  const followed = followedPatterns(graphEditors.flatMap((editor) => editor.selector.map((entry) => ({ pattern: entry.filenamePattern, priority: editor.priority }))));
  for (const name of ['resnet.onnx', 'model.json', 'model.safetensors.index.json', 'net.tflite', 'frozen.pb', 'llama.gguf']) assert.ok(matchesFilePattern(name, followed), name);
  for (const name of ['group1-shard1of1.bin', 'dataset.zip', 'solver.prototxt', 'x.lite', 'package.json']) assert.ok(!matchesFilePattern(name, followed), name);
});
