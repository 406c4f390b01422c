// The restricted unpickler against Python's own pickle module: every protocol 0-5 stream Python
// writes for plain data decodes to the same value; bad streams give FormatErrors that name the
// offset; calls to non-whitelisted globals are recorded and never made.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { unpickle, type UnpickleOptions } from '../../src/core/formats/containers/pickleMachine';
import { PickleCall, PickleDict, PickleGlobal, PickleObject, PickleSet, type PickleValue } from '../../src/core/formats/containers/pickleValues';
import { torchCallables } from '../../src/core/formats/pytorch/pytorchGlobals';

const options: UnpickleOptions = {
  file: 'test.pkl',
  callables: torchCallables((message) => {
    throw new Error(message);
  }),
};

/** Runs Python (standard library only) and returns its stdout; pickling data runs nothing from the data. */
function python(script: string): string {
  const result = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, `python3 failed: ${result.stderr}`);
  return result.stdout;
}

/** The same tagged description Python's side prints: lists and tuples are both sequences. */
function describe(value: PickleValue): unknown {
  if (value === null) return null;
  if (typeof value === 'boolean') return { bool: value };
  if (typeof value === 'number' && Number.isInteger(value) && !Object.is(value, -0)) return { int: String(value) };
  if (typeof value === 'bigint') return { int: String(value) };
  if (typeof value === 'number') return { float: Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : value };
  if (typeof value === 'string') return { str: value };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
  if (Array.isArray(value)) return { seq: value.map(describe) };
  if (value instanceof PickleDict) return { dict: [...value].map(([key, item]) => [describe(key), describe(item)]) };
  if (value instanceof PickleSet) return { set: [...value].map((item) => JSON.stringify(describe(item))).sort() };
  throw new Error(`unexpected value ${String(value)}`);
}

const PYTHON_DESCRIBE = `
import json, math, pickle, sys
def d(o):
    if o is None: return None
    if isinstance(o, bool): return {'bool': o}
    if isinstance(o, int): return {'int': str(o)}
    if isinstance(o, float):
        if math.isnan(o): return {'float': 'nan'}
        if math.isinf(o): return {'float': 'inf' if o > 0 else '-inf'}
        return {'int': str(int(o))} if o.is_integer() else {'float': o}
    if isinstance(o, str): return {'str': o}
    if isinstance(o, (bytes, bytearray)): return {'bytes': o.hex()}
    if isinstance(o, (list, tuple)): return {'seq': [d(x) for x in o]}
    if isinstance(o, dict): return {'dict': [[d(k), d(v)] for k, v in o.items()]}
    if isinstance(o, (set, frozenset)): return {'set': sorted(json.dumps(d(x), separators=(',', ':')) for x in o)}
    raise TypeError(o)
shared = [1, 2]
obj = {'none': None, 't': True, 'f': False, 'small': 7, 'neg': -300, 'i32': 2**31 - 1, 'i64': -2**40, 'big': 2**100, 'negbig': -2**70,
       'float': 1.5, 'tiny': 1e-300, 'inf': float('inf'), 'ninf': float('-inf'), 'nan': float('nan'), 'str': 'h\\u00e9llo \\u2603\\n"q" \\\\ end', 'long': 'x' * 300,
       'bytes': b'\\x00\\xffab', 'bytearray': bytearray(b'xy'), 'tuple': (1, (2, 3), ()), 'list': [1, [2], []], 'set': {1, 2}, 'frozen': frozenset({'a'}),
       'keys': {(1, 2): 'tuple key', 3: 'int key'}, 'empty': {}, 'shared': [shared, shared], 'many': list(range(1000))}
print(json.dumps([{'protocol': p, 'hex': pickle.dumps(obj, protocol=p).hex()} for p in range(6)]))
print(json.dumps(d(obj)))
`;

test('decodes what Python pickles for plain data, protocols 0 to 5', () => {
  const [streams, expected] = python(PYTHON_DESCRIBE).trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(streams.length, 6);
  for (const { protocol, hex } of streams as { protocol: number; hex: string }[]) {
    const bytes = Buffer.from(hex, 'hex');
    const result = unpickle(bytes, options);
    assert.equal(result.end, bytes.length, `protocol ${protocol}: STOP at the end`);
    assert.deepEqual(result.refusedCalls, [], `protocol ${protocol}: no refused calls`);
    assert.deepEqual(describe(result.value), expected, `protocol ${protocol}`);
  }
});

test('keeps shared references and memo cycles as the same object', () => {
  const hex = python('import pickle\nl = []\nl.append(l)\nd = {}\nprint(pickle.dumps([l, d, d], protocol=2).hex())').trim();
  const value = unpickle(Buffer.from(hex, 'hex'), options).value as PickleValue[];
  const loop = value[0] as PickleValue[];
  assert.equal(loop[0], loop, 'the list contains itself');
  assert.equal(value[1], value[2], 'one dict, referenced twice');
});

test('decodes Python 2 strings and the protocol 0 STRING escapes', () => {
  // SHORT_BINSTRING and BINSTRING (Python 2 str), STRING with escapes, INT booleans, LONG with its L suffix.
  const stream = Buffer.concat([
    Buffer.from('(U\x03abcT\x02\x00\x00\x00deS\'a\\nb\\x41\\\'\'\nI01\nI00\nL12345678901234567890L\nF2.5\nl.', 'latin1'),
  ]);
  const check = python(`import pickle,json\nv = pickle.loads(bytes.fromhex('${stream.toString('hex')}'), encoding='latin1')\nprint(json.dumps([str(x) if isinstance(x, int) and not isinstance(x, bool) else x for x in v]))`);
  const fromPython = JSON.parse(check) as unknown[];
  const value = unpickle(stream, options).value as PickleValue[];
  assert.deepEqual(value.map((item) => (typeof item === 'bigint' ? String(item) : item)), fromPython);
});

test('a GLOBAL call to os.system is recorded, never made', () => {
  const markerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-pickle-'));
  after(() => fs.rmSync(markerDir, { recursive: true, force: true }));
  const marker = path.join(markerDir, 'executed');
  // Protocol 0, as `pickle.dumps` writes an object whose __reduce__ returns (os.system, (cmd,)); pickletools checks it is well formed.
  const stream = Buffer.from(`cos\nsystem\n(S'touch ${marker}'\ntR.`, 'latin1');
  assert.match(python(`import pickletools\npickletools.dis(bytes.fromhex('${stream.toString('hex')}'))`), /GLOBAL\s+'os system'/);
  const result = unpickle(stream, options);
  assert.ok(result.value instanceof PickleCall);
  assert.equal(result.value.unsupportedGlobal, 'os.system');
  assert.deepEqual(result.value.args, [`touch ${marker}`]);
  assert.deepEqual(result.refusedCalls.map((call) => call.unsupportedGlobal), ['os.system']);
  assert.equal(fs.existsSync(marker), false, 'nothing ran');
});

test('calls written by Python for posix.system, builtins.eval and builtins.exec (protocols 2 and 4) are refused', () => {
  const script = `
import pickle, os, builtins
class Evil:
    def __init__(self, f, a): self.f, self.a = f, a
    def __reduce__(self): return (self.f, (self.a,))
print(pickle.dumps({'weights': [1.0], 'x': Evil(os.system, 'true')}, protocol=2).hex())
print(pickle.dumps(Evil(builtins.eval, '1+1'), protocol=4).hex())
print(pickle.dumps([Evil(builtins.exec, 'pass')], protocol=5).hex())`;
  const [nested, evalRoot, execList] = python(script).trim().split('\n').map((hex) => Buffer.from(hex, 'hex'));
  const first = unpickle(nested, options);
  assert.ok(first.value instanceof PickleDict);
  assert.ok(first.value.get('x') instanceof PickleCall);
  assert.match((first.value.get('x') as PickleCall).unsupportedGlobal, /^(posix|os|nt)\.system$/);
  const second = unpickle(evalRoot, options);
  assert.equal((second.value as PickleCall).unsupportedGlobal, 'builtins.eval');
  assert.deepEqual(unpickle(execList, options).refusedCalls.map((call) => call.unsupportedGlobal), ['builtins.exec']);
});

test('classes become inert records: NEWOBJ and BUILD keep the class name and state', () => {
  const script = `
import pickle, collections
class Point:
    def __init__(self): self.x, self.y = 1, 2
print(pickle.dumps([Point(), collections.OrderedDict([('a', 1)])], protocol=2).hex())`;
  const value = unpickle(Buffer.from(python(script).trim(), 'hex'), options).value as PickleValue[];
  assert.ok(value[0] instanceof PickleObject);
  assert.equal(value[0].className, '__main__.Point');
  assert.deepEqual(describe(value[0].state), { dict: [[{ str: 'x' }, { int: '1' }], [{ str: 'y' }, { int: '2' }]] });
  assert.ok(value[1] instanceof PickleDict);
  assert.equal(value[1].get('a'), 1);
});

test('globals that are only referenced stay names', () => {
  const value = unpickle(Buffer.from('\x80\x02ctorch\nfloat32\nq\x00.', 'latin1'), options).value;
  assert.ok(value instanceof PickleGlobal);
  assert.equal(value.qualifiedName, 'torch.float32');
});

test('every truncation of a valid stream is a FormatError naming where it stopped', () => {
  const hex = python("import pickle\nprint(pickle.dumps({'a': [1, 2.5, 'text', b'xy', (3, 4)], 'b': 2**80}, protocol=4).hex())").trim();
  const bytes = Buffer.from(hex, 'hex');
  for (let length = 0; length < bytes.length; length++) {
    assert.throws(() => unpickle(bytes.subarray(0, length), options), (error: unknown) => error instanceof FormatError && /byte \d+/.test(error.message), `prefix ${length}`);
  }
});

test('random bytes and absurd lengths give FormatErrors, quickly and without huge allocations', () => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
  const started = Date.now();
  for (let round = 0; round < 500; round++) {
    const bytes = Uint8Array.from({ length: 1 + (round % 64) }, next);
    try {
      unpickle(bytes, options);
    } catch (error) {
      assert.ok(error instanceof FormatError, `round ${round}: ${String(error)}`);
    }
  }
  // BINBYTES8 claiming 2^62 bytes, BINUNICODE claiming 4 GiB: the claims are checked against the input first.
  for (const stream of ['\x80\x04\x8e\x00\x00\x00\x00\x00\x00\x00\x40.', '\x80\x04X\xff\xff\xff\xff.']) {
    assert.throws(() => unpickle(Buffer.from(stream, 'latin1'), options), FormatError);
  }
  assert.throws(() => unpickle(Buffer.from('\x80\x06.', 'latin1'), options), /unsupported pickle protocol 6/);
  assert.throws(() => unpickle(Buffer.from('\x80\x02h\x05.', 'latin1'), options), /memo index 5 was never stored/);
  assert.throws(() => unpickle(Buffer.from('\x80\x02\xff', 'latin1'), options), /byte 2: opcode 0xff: unknown opcode/);
  assert.ok(Date.now() - started < 5000, 'fuzzing finished quickly');
});
