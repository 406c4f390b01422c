// Detection of zip-based formats by their members, whatever order the archive stores them in (tools that rewrite
// a zip reorder it): real PyTorch, Keras 3 and DL4J archives are repacked in reverse order with Python's zipfile,
// a torch.export-like archive (an archive_format member) is named as a .pt2 and not taken for torch.save, and
// a JSON object's top-level keys are read from a head that cuts it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { topLevelJsonKeys } from '../../src/core/formats/matchContext';
import { detectFormat } from '../../src/core/formats/registry';
import { tempDirsFor } from './tempDirs';

const fixtures = path.resolve(__dirname, '../fixtures');
const tempDir = tempDirsFor('tensorsight-match-');

/** `source`'s members written in reverse order (or `names` with empty contents) into `target`, by Python's zipfile. */
function repack(target: string, source: string | undefined, names: string[] = []): string {
  const script = `
import sys, zipfile
target, source, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(target, 'w') as out:
    if source:
        with zipfile.ZipFile(source) as src:
            for info in reversed(src.infolist()):
                out.writestr(info, src.read(info))
    for name in names:
        out.writestr(name, b'x')
`;
  execFileSync('/usr/bin/python3', ['-c', script, target, source ?? '', ...names]);
  return target;
}

test('PyTorch, Keras 3 and DL4J archives are detected by their members in any order', () => {
  const dir = tempDir();
  const cases: [string, string, string][] = [
    ['pytorch/small_state_dict.pth', 'reordered.pth', 'pytorch'],
    ['keras/keras3_functional_nested.keras', 'reordered.keras', 'keras'],
    ['upstream/dl4j/trained_iris_model.zip', 'reordered.zip', 'dl4j'],
  ];
  for (const [source, name, format] of cases) {
    const file = repack(path.join(dir, name), path.join(fixtures, source));
    assert.equal(detectFormat(file).id, format, name);
  }
});

test('a torch.export archive (archive_format member) is named as a .pt2, also under another name', () => {
  const dir = tempDir();
  const names = ['model/archive_format', 'model/version', 'model/data/0', 'model/models/model.json'];
  for (const name of ['exported.pt2', 'exported.pt']) {
    const file = repack(path.join(dir, name), undefined, names);
    assert.throws(() => detectFormat(file), (error: unknown) => error instanceof FormatError && /looks like a PyTorch 2 exported program \(\.pt2\): not supported yet/.test(error.message), name);
  }
});

test('top-level JSON keys: nested objects skipped, strings with braces and escapes, a cut-off object', () => {
  assert.deepEqual(topLevelJsonKeys('{"metadata": {"total_size": 10, "a": "}"}, "weight_map": {"x": "m-1.safetensors"'), ['metadata', 'weight_map']);
  assert.deepEqual(topLevelJsonKeys(' \n{"a\\"b": [1, {"c": 2}], "d": "e"}'), ['a"b', 'd']);
  assert.equal(topLevelJsonKeys('[1, 2]'), undefined);
  assert.equal(topLevelJsonKeys(''), undefined);
});

test('a sharded safetensors index is detected by its weight_map; another JSON of the same name is not', () => {
  const dir = tempDir();
  const index = path.join(dir, 'model.safetensors.index.json');
  fs.writeFileSync(index, JSON.stringify({ metadata: { total_size: 8 }, weight_map: { w: 'model-00001-of-00001.safetensors' } }));
  assert.equal(detectFormat(index).id, 'safetensors');
  const other = path.join(tempDir(), 'model.safetensors.index.json');
  fs.writeFileSync(other, JSON.stringify({ hello: 'world' }));
  assert.notEqual((() => { try { return detectFormat(other).id; } catch { return 'refused'; } })(), 'safetensors');
});
