// `--dims` bindings (summary, profile, Profile Model…'s input box): one parser in core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DimBindingsError, parseDims } from '../../src/core/ir/dimBindings';

test('name=value entries, spaces and empty entries allowed; a bad entry is named', () => {
  assert.deepEqual(parseDims('batch=8,sequence=512'), { batch: 8, sequence: 512 });
  assert.deepEqual(parseDims(' batch = 2 ,, seq len=3 '), { batch: 2, 'seq len': 3 });
  assert.deepEqual(parseDims(''), {});
  for (const [text, entry] of [['batch', 'batch'], ['batch=0', 'batch=0'], ['a=1,b=-2', 'b=-2'], ['=4', '=4'], ['a=1.5', 'a=1.5']]) {
    assert.throws(() => parseDims(text), (error: Error) => error instanceof DimBindingsError && error.message === `entries look like name=positive integer, got '${entry}'`, text);
  }
});
