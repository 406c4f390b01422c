// Emscripten's printed text never reaches the user: a module bound to the console while it loads writes to the
// sink afterwards, and reading a file on which HDF5 aborts (test/fixtures/fuzz/MANIFEST.tsv) in this very
// process writes nothing to stderr or stdout, while the FormatError says what happened in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describeWasmFailure, isWasmFailure, loadCapturingOutput } from '../../src/core/formats/containers/emscriptenOutput';
import { FormatError } from '../../src/core/formats/formatError';
import { readKeras } from '../../src/core/formats/keras/kerasReader';

test('a module that binds the console while loading prints to the sink afterwards; the console is restored', async () => {
  const original = console.error;
  const sunk: string[] = [];
  // As Emscripten does: `var err = console.error.bind(console)` when the module is instantiated.
  const module = await loadCapturingOutput(async () => ({ err: console.error.bind(console) }), (text) => sunk.push(text));
  assert.equal(console.error, original);
  module.err('Aborted(native code called abort())');
  assert.deepEqual(sunk, ['Aborted(native code called abort())']);
});

test('aborts and traps are wasm failures, said without Emscripten\'s text', () => {
  const abort = Object.assign(new Error('Aborted(native code called abort())'), { name: 'RuntimeError' });
  const trap = Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' });
  assert.equal(isWasmFailure(abort), true);
  assert.equal(isWasmFailure(trap), true);
  assert.equal(isWasmFailure(new Error('H5Fopen(): unable to open file')), false);
  assert.equal(describeWasmFailure(abort), 'native abort');
  assert.equal(describeWasmFailure(trap), 'WebAssembly trap: memory access out of bounds');
});

test('HDF5 aborting on a real damaged file: a FormatError, and nothing written to stderr or stdout', async () => {
  const file = path.resolve(__dirname, '../fixtures/fuzz/keras2_nested_abort.h5');
  const written: string[] = [];
  const stderr: string[] = [];
  const writes = { err: process.stderr.write, out: process.stdout.write };
  // Recorded and passed on: node:test talks to its runner over stdout.
  process.stderr.write = ((...args: Parameters<typeof process.stderr.write>) => (stderr.push(String(args[0])), writes.err.apply(process.stderr, args))) as typeof process.stderr.write;
  process.stdout.write = ((...args: Parameters<typeof process.stdout.write>) => (written.push(String(args[0])), writes.out.apply(process.stdout, args))) as typeof process.stdout.write;
  let error: unknown;
  try {
    await readKeras(file);
  } catch (caught) {
    error = caught;
  } finally {
    process.stderr.write = writes.err;
    process.stdout.write = writes.out;
  }
  assert.ok(error instanceof FormatError, String(error));
  assert.match(error.message, /keras2_nested_abort\.h5: HDF5 object .*: the HDF5 library stopped on damaged data \(native abort\)/);
  // stdout carries the runner's messages too, so it is checked for Emscripten's text; stderr for anything.
  assert.deepEqual(written.filter((chunk) => /Aborted\(|native code called abort/.test(chunk)), []);
  assert.deepEqual(stderr, []);
});
