// Where profiling shows up in package.json: the trace editor is the default for the file names profilers write
// (checked against the real traces under test/fixtures) and never for other JSON; Profile Model… is offered where an
// ONNX model is (graph editor title, Model view title, Explorer), Open Profiler Trace on JSON files in the Explorer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

interface Manifest {
  contributes: {
    customEditors: { viewType: string; selector: { filenamePattern: string }[]; priority: 'default' | 'option' }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}
const root = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as Manifest;
const patterns = (priority: 'default' | 'option') =>
  manifest.contributes.customEditors.filter((editor) => editor.viewType === 'tensorsight.trace' && editor.priority === priority).flatMap((editor) => editor.selector.map((entry) => entry.filenamePattern));

/** VS Code's filenamePattern on a base name: `*` is any run of characters. */
function matches(pattern: string, name: string): boolean {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i').test(name);
}

test('the trace editor opens the traces profilers name by default, and no other JSON', () => {
  const defaults = patterns('default');
  const traceNames = [
    ...readdirSync(resolve(root, 'test/fixtures/upstream/traces/pytorch')),
    ...readdirSync(resolve(root, 'test/fixtures/upstream/traces/tensorflow')),
    ...readdirSync(resolve(root, 'test/fixtures/traces')),
  ].filter((name) => /\.(pt\.)?trace\.json(\.gz)?$/.test(name));
  assert.ok(traceNames.some((name) => name.endsWith('.pt.trace.json')) && traceNames.some((name) => name.endsWith('.trace.json.gz')), 'fixtures of both kinds');
  for (const name of traceNames) assert.ok(defaults.some((pattern) => matches(pattern, name)), `${name} opens in the trace editor`);
  for (const name of ['package.json', 'model.json', 'tsconfig.json', 'onnxruntime_profile__2024-01-01.json', 'data.json.gz', 'settings.json']) {
    assert.ok(!defaults.some((pattern) => matches(pattern, name)), `${name} does not open in the trace editor by default`);
  }
  const options = patterns('option');
  for (const name of ['onnxruntime_profile__2024-01-01.json', 'hta_cupti_profiler_benchmark_trace.json.gz']) assert.ok(options.some((pattern) => matches(pattern, name)), `${name} can be reopened in it`);
});

test('Profile Model… and Open Profiler Trace are offered where their files are', () => {
  const when = (menu: string, command: string) => manifest.contributes.menus[menu].filter((item) => item.command === command).map((item) => item.when ?? '');
  assert.deepEqual(when('editor/title', 'tensorsight.profile.model'), ['activeCustomEditorId == tensorsight.graph && resourceExtname == .onnx']);
  assert.deepEqual(when('view/title', 'tensorsight.profile.model'), ['view == tensorsight.model']);
  assert.deepEqual(when('explorer/context', 'tensorsight.profile.model'), ['resourceScheme == file && resourceExtname == .onnx']);
  const [explorerTrace] = when('explorer/context', 'tensorsight.trace.open');
  const filename = /resourceFilename =~ \/(.+)\/$/.exec(explorerTrace)?.[1];
  assert.ok(filename, explorerTrace);
  for (const name of ['a.pt.trace.json', 'b.json.gz', 'onnxruntime_profile_x.json']) assert.match(name, new RegExp(filename));
  assert.doesNotMatch('model.onnx', new RegExp(filename));
});
