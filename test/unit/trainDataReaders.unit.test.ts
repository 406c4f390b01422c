// The trainer's data readers: IDX files (plain and gzip) and .npy/.npz written by Debian's python3 read back value
// for value, the committed digits IDX files checked against a plain-Python read of the same bytes, CSV tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readIdx, readIdxFile } from '../../src/core/train/data/idxReader';
import { readCsv } from '../../src/core/train/data/csvReader';
import { datasetFromTable } from '../../src/core/train/data/dataset';
import { loadDataset } from '../../src/core/train/data/loadDataset';

const hasPython = fs.existsSync('/usr/bin/python3');
const hasNumpy = hasPython && spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { timeout: 60_000 }).status === 0;
const noPython = hasPython ? false : "Debian's /usr/bin/python3 is not on this machine";
const noNumpy = hasNumpy ? false : "Debian's /usr/bin/python3 with numpy is not on this machine";
const digits = path.resolve(__dirname, '../fixtures/digits');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-train-data-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function python(script: string, ...args: string[]): unknown {
  const result = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('IDX of every dtype, plain and gzip, reads back the values Python packed big-endian', { skip: noPython }, () => {
  // Each case: IDX dtype byte, struct format letter, dims, values.
  const written = python(`
import gzip, json, struct, sys
d = sys.argv[1]
cases = {
  'u8': (0x08, 'B', [2, 3], [0, 1, 127, 128, 200, 255]),
  'i8': (0x09, 'b', [3], [-128, 0, 127]),
  'i16': (0x0B, 'h', [2, 2], [-32768, -1, 300, 32767]),
  'i32': (0x0C, 'i', [3], [-2**31, 70000, 2**31 - 1]),
  'f32': (0x0D, 'f', [2, 2, 2], [0.5, -1.25, 3e-5, 1e10, -0.0, 2.0, 7.75, -1e-3]),
  'f64': (0x0E, 'd', [2], [1/3, -1e300]),
}
out = {}
for name, (code, fmt, dims, values) in cases.items():
    raw = struct.pack('>BBBB', 0, 0, code, len(dims)) + struct.pack('>%dI' % len(dims), *dims) + struct.pack('>%d%s' % (len(values), fmt), *values)
    open(f'{d}/{name}.idx', 'wb').write(raw)
    open(f'{d}/{name}.idx.gz', 'wb').write(gzip.compress(raw))
    # the values as they read back from the packed bytes (float32 rounding included)
    out[name] = {'dims': dims, 'values': list(struct.unpack('>%d%s' % (len(values), fmt), raw[4 + 4 * len(dims):]))}
print(json.dumps(out))
`, dir) as Record<string, { dims: number[]; values: number[] }>;
  const dtypes: Record<string, string> = { u8: 'uint8', i8: 'int8', i16: 'int16', i32: 'int32', f32: 'float32', f64: 'float64' };
  for (const [name, expected] of Object.entries(written)) {
    for (const file of [`${name}.idx`, `${name}.idx.gz`]) {
      const tensor = readIdxFile(path.join(dir, file));
      assert.equal(tensor.dtype, dtypes[name], file);
      assert.deepEqual(tensor.shape, expected.dims, file);
      assert.deepEqual(Array.from(tensor.data as ArrayLike<number>), expected.values, file);
    }
  }
});

test('a truncated IDX file, a bad magic and an unknown dtype fail naming the byte offset', { skip: noPython }, () => {
  const full = fs.readFileSync(path.join(dir, 'f32.idx')); // 4 + 12 + 32 bytes, written by the test above
  assert.throws(() => readIdx(full.subarray(0, full.length - 3), 'cut.idx'),
    /^FormatError: cut\.idx \(at byte 45\): the file ends early: shape \[2, 2, 2\] float32 needs 32 bytes of data from byte 16, the file holds 29$/);
  assert.throws(() => readIdx(full.subarray(0, 10), 'dims.idx'), /dims\.idx \(at byte 4\): expected 3 dims of 4 bytes each, the file ends at byte 10/);
  assert.throws(() => readIdx(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), 'x.png'), /x\.png \(at byte 0\): expected the IDX magic \(two zero bytes\), got 0x89 0x50/);
  assert.throws(() => readIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), 'odd.idx'), /odd\.idx \(at byte 2\): unknown IDX dtype byte 0x0A/);
  const gz = fs.readFileSync(path.join(dir, 'f32.idx.gz'));
  fs.writeFileSync(path.join(dir, 'cut.idx.gz'), gz.subarray(0, gz.length - 6));
  assert.throws(() => readIdxFile(path.join(dir, 'cut.idx.gz')), /cut\.idx\.gz \(at byte 0\): expected a complete gzip stream/);
});

test('the committed digits IDX files match a plain-Python read of their bytes (MANIFEST: 1,797 images of 8×8, 10 classes)', { skip: noPython }, () => {
  const facts = python(`
import json, struct, sys
d = sys.argv[1]
img = open(d + '/digits-images-idx3-ubyte', 'rb').read()
lab = open(d + '/digits-labels-idx1-ubyte', 'rb').read()
magic_i, n, rows, cols = struct.unpack('>IIII', img[:16])
magic_l, m = struct.unpack('>II', lab[:8])
pixels, labels = img[16:], lab[8:]
print(json.dumps({'magic': [magic_i, magic_l], 'shape': [n, rows, cols], 'labels': m,
  'histogram': [labels.count(c) for c in range(10)], 'first': list(pixels[:64]), 'last': list(pixels[-64:]),
  'firstLabels': list(labels[:12]), 'pixelSum': sum(pixels), 'max': max(pixels)}))
`, digits) as { magic: number[]; shape: number[]; labels: number; histogram: number[]; first: number[]; last: number[]; firstLabels: number[]; pixelSum: number; max: number };
  assert.deepEqual(facts.magic, [0x0803, 0x0801]);
  const images = readIdxFile(path.join(digits, 'digits-images-idx3-ubyte'));
  assert.equal(images.dtype, 'uint8');
  assert.deepEqual(images.shape, facts.shape);
  const data = loadDataset({ format: 'idx', features: 'digits-images-idx3-ubyte', labels: 'digits-labels-idx1-ubyte' }, digits);
  assert.deepEqual(data.shape, [1797, 8, 8]);
  assert.equal(data.shape[0], facts.labels);
  assert.equal(data.numClasses, 10);
  assert.deepEqual(data.labelShape, [1797]);
  const histogram = new Array<number>(10).fill(0);
  data.labels.forEach((label) => histogram[label]++);
  assert.deepEqual(histogram, facts.histogram);
  assert.deepEqual(histogram, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]); // the MANIFEST row
  assert.deepEqual(Array.from(data.labels.subarray(0, 12)), facts.firstLabels);
  assert.deepEqual(Array.from(data.features.subarray(0, 64)), facts.first);
  assert.deepEqual(Array.from(data.features.subarray(-64)), facts.last);
  assert.equal(data.features.reduce((a, b) => a + b, 0), facts.pixelSum);
  assert.equal(Math.max(...data.features), facts.max);
});

test('.npy and .npz written by numpy load as datasets value for value; labels kind from the dtype', { skip: noNumpy }, () => {
  const written = python(`
import json, sys, numpy as np
d = sys.argv[1]
x = (np.arange(30, dtype=np.float32).reshape(5, 2, 3) - 7) / 4
y = np.array([2, 0, 1, 2, 4], dtype=np.int64)
t = np.array([[0.5, 1.0], [1.5, -2.0], [0.0, 3.25], [9.0, 1.0], [-1.0, 0.125]], dtype=np.float64)
np.save(d + '/x.npy', x); np.save(d + '/y.npy', y); np.save(d + '/t.npy', t)
np.savez_compressed(d + '/xy.npz', x=x.astype(np.float64), y=y.astype(np.uint8))  # float64 features, uint8 labels
np.savez(d + '/named.npz', pixels=x, target=t)
print(json.dumps({'x': x.ravel().tolist(), 'y': y.tolist(), 't': t.ravel().tolist()}))
`, dir) as { x: number[]; y: number[]; t: number[] };
  const npy = loadDataset({ format: 'npy', features: 'x.npy', labels: 'y.npy' }, dir);
  assert.deepEqual(npy.shape, [5, 2, 3]);
  assert.deepEqual(Array.from(npy.features), written.x);
  assert.ok(npy.labels instanceof Int32Array);
  assert.deepEqual(Array.from(npy.labels), written.y);
  assert.equal(npy.numClasses, 5);
  const npz = loadDataset({ format: 'npz', path: 'xy.npz' }, dir); // default keys x and y
  assert.deepEqual(Array.from(npz.features), written.x);
  assert.deepEqual(Array.from(npz.labels), written.y);
  const regression = loadDataset({ format: 'npz', path: 'named.npz', featuresKey: 'pixels', labelsKey: 'target' }, dir);
  assert.ok(regression.labels instanceof Float32Array);
  assert.equal(regression.numClasses, 0);
  assert.deepEqual(regression.labelShape, [5, 2]);
  assert.deepEqual(Array.from(regression.labels), written.t);
  assert.throws(() => loadDataset({ format: 'npz', path: 'named.npz' }, dir), /named\.npz: expected one of x, features, .* the archive holds pixels, target/);
  assert.throws(() => loadDataset({ format: 'npy', features: 'x.npy', labels: 't.npy', labelKind: 'classification' }, dir), /t\.npy: class labels must be one index per sample \(\[5\]\), got \[5, 2\]/);
  fs.writeFileSync(path.join(dir, 'short.npy'), fs.readFileSync(path.join(dir, 'y.npy')).subarray(0, 140));
  assert.throws(() => loadDataset({ format: 'npy', features: 'x.npy', labels: 'short.npy' }, dir), /short\.npy \(at byte 128\): expected 40 bytes of data/);
});

const iris = `sepal_length,sepal_width,"species, as named"
5.1,3.5,setosa
7.0,3.2,versicolor\r
6.3,3.3,virginica

4.9,3.0,setosa
`;

test('CSV: a header row, the label column by name or index, class names in sorted order', () => {
  const table = readCsv(iris, 'iris.csv', { label: 'species, as named' });
  assert.deepEqual(table.featureColumns, ['sepal_length', 'sepal_width']);
  assert.equal(table.rows, 4); // the blank line is skipped
  assert.deepEqual(Array.from(table.features), [5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0].map(Math.fround));
  const data = datasetFromTable(table.features, 2, table.labels, 'auto', 'iris.csv');
  assert.deepEqual(data.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(Array.from(data.labels), [0, 1, 2, 0]);
  assert.equal(data.numClasses, 3);
  // by index, a numeric label column: integer labels are classes, fractional ones regression targets
  const byIndex = readCsv('a;b;c\n1;2;3\n4;5;6\n', 'n.csv', { label: 0, delimiter: ';' });
  assert.deepEqual(Array.from(byIndex.features), [2, 3, 5, 6]);
  assert.deepEqual(datasetFromTable(byIndex.features, 2, byIndex.labels, 'auto', 'n.csv').numClasses, 5);
  const target = readCsv('x,y\n1,0.5\n2,1.5\n', 't.csv', { label: 'y' });
  const regression = datasetFromTable(target.features, 1, target.labels, 'auto', 't.csv');
  assert.equal(regression.numClasses, 0);
  assert.deepEqual(Array.from(regression.labels), [0.5, 1.5]);
});

test('CSV: a non-numeric cell names the file, line, column and byte offset; a missing label column lists the header', () => {
  const bad = 'a,b,label\n1,2,x\n3,,y\n';
  assert.throws(() => readCsv(bad, 'bad.csv', { label: 'label' }), /^FormatError: bad\.csv \(at byte 16\): line 3, column 2 \(b\): expected a number, got ""$/);
  assert.throws(() => readCsv('a,b\n1,0x10\n', 'hex.csv', { label: 'a' }), /line 2, column 2 \(b\): expected a number, got "0x10"/);
  assert.throws(() => readCsv('a,b\n1,2,3\n', 'wide.csv', { label: 'a' }), /wide\.csv \(at byte 4\): line 2: expected 2 columns as in the header, got 3/);
  assert.throws(() => readCsv(iris, 'iris.csv', { label: 'species' }), /line 1: no label column "species"; the header has 3 columns: sepal_length, sepal_width, species, as named/);
  assert.throws(() => readCsv('a,b\n"1,2\n', 'q.csv', { label: 0 }), /q\.csv \(at byte 4\): line 2: a quoted field is not closed/);
});

test('an image folder written by PIL: classes from subfolder names, PNG pixels exact, JPEG within decoder rounding', { skip: noPython }, () => {
  const root = path.join(dir, 'images');
  const written = python(`
import json, os, sys
from PIL import Image
root = sys.argv[1]
os.makedirs(root + '/dog', exist_ok=True); os.makedirs(root + '/cat', exist_ok=True)
def img(seed, mode):
    im = Image.new('RGB', (5, 4))
    im.putdata([((seed * 37 + 11 * i) % 256, (seed * 91 + 29 * i) % 256, (seed * 53 + 7 * i) % 256) for i in range(20)])
    return im if mode == 'RGB' else im.convert(mode)
img(1, 'RGB').save(root + '/cat/a.png')
img(2, 'RGBA').save(root + '/cat/b.png')
img(3, 'L').save(root + '/dog/c.png')
img(4, 'RGB').save(root + '/dog/d.jpg', quality=95, subsampling=0)  # 4:4:4: chroma upsampling differs between decoders
open(root + '/dog/notes.txt', 'w').write('not an image')
out = []
for f in ('cat/a.png', 'cat/b.png', 'dog/c.png', 'dog/d.jpg'):
    im = Image.open(root + '/' + f)
    out.append({'rgb': [v for px in im.convert('RGB').getdata() for v in px], 'grey': list(im.convert('L').getdata())})
print(json.dumps(out))
`, root) as { rgb: number[]; grey: number[] }[];
  const rgb = loadDataset({ format: 'images', path: 'images' }, dir);
  assert.deepEqual(rgb.shape, [4, 4, 5, 3]);
  assert.deepEqual(rgb.classNames, ['cat', 'dog']);
  assert.deepEqual(Array.from(rgb.labels), [0, 0, 1, 1]);
  assert.equal(rgb.numClasses, 2);
  for (let i = 0; i < 3; i++) assert.deepEqual(Array.from(rgb.features.subarray(60 * i, 60 * (i + 1))), written[i].rgb, `image ${i}`);
  const jpeg = Array.from(rgb.features.subarray(180));
  assert.ok(jpeg.every((v, k) => Math.abs(v - written[3].rgb[k]) <= 3), `JPEG pixels ${jpeg.slice(0, 6)} vs PIL ${written[3].rgb.slice(0, 6)}`);
  const grey = loadDataset({ format: 'images', path: 'images', channels: 1 }, dir);
  assert.deepEqual(grey.shape, [4, 4, 5, 1]);
  // PIL rounds its luma to an integer; ours keeps the fraction
  for (let i = 0; i < 3; i++) assert.ok(Array.from(grey.features.subarray(20 * i, 20 * (i + 1))).every((v, k) => Math.abs(v - written[i].grey[k]) <= 0.5), `grey image ${i}`);
  spawnSync('/usr/bin/python3', ['-c', `from PIL import Image; Image.new('RGB', (6, 4)).save('${root}/dog/e.png')`]);
  assert.throws(() => loadDataset({ format: 'images', path: 'images' }, dir), /dog\/e\.png: the image is 6×4, the first image \(.*cat\/a\.png\) is 5×4/);
  fs.writeFileSync(path.join(root, 'dog', 'e.png'), 'GIF89a');
  assert.throws(() => loadDataset({ format: 'images', path: 'images' }, dir), /e\.png \(at byte 0\): expected a PNG \(89 50 4E 47\) or JPEG \(FF D8\) file, got 47 49 46 38/);
});
