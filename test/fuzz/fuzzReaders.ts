// The readers the fuzz suite covers, each with the real fixtures its cases are made from. Fixtures are found
// by walking test/fixtures (new real files join by themselves); test/fixtures/fuzz, which holds files the
// fuzzer found, is left out so a known hanging file never seeds cases.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../fixtures');

/** Files larger than this are skipped: each case copies its fixture, and small files fuzz as deep. */
const MAX_FIXTURE_BYTES = 300_000;

/** One reader under fuzz. */
export interface FuzzReader {
  name: string;
  /** Fixture files (absolute, sorted) the cases change. */
  fixtures(): string[];
  /**
   * For readers of several files (TF.js: model.json and its weight shards): the folder is copied whole, the
   * changed fixture replaced, and this file opened.
   */
  entry?: (fixture: string) => string;
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) {
      if (full !== path.join(FIXTURES, 'fuzz')) found.push(...walk(full));
    } else if (item.isFile() && statSync(full).size <= MAX_FIXTURE_BYTES) found.push(full);
  }
  return found.sort();
}

let allFiles: string[] | undefined;
const files = (test: (file: string) => boolean): string[] => (allFiles ??= walk(FIXTURES)).filter(test);
const ext = (file: string) => path.extname(file).toLowerCase();
const head = (file: string, bytes = 4) => readFileSync(file).subarray(0, bytes);
const isZip = (file: string) => head(file).equals(Buffer.from('PK\x03\x04', 'latin1'));
// A TorchScript archive holds constants.pkl beside data.pkl; torch.save zips do not.
const isTorchScript = (file: string) => isZip(file) && readFileSync(file).includes('constants.pkl');
const isPyTorchFile = (file: string) => ['.pt', '.pth'].includes(ext(file));

export const fuzzReaders: readonly FuzzReader[] = [
  { name: 'onnx', fixtures: () => files((file) => ext(file) === '.onnx') },
  { name: 'keras-h5', fixtures: () => files((file) => ['.h5', '.hdf5'].includes(ext(file))) },
  { name: 'keras-zip', fixtures: () => files((file) => ext(file) === '.keras') },
  {
    name: 'tfjs',
    fixtures: () => files((file) => path.basename(file) === 'model.json' || (ext(file) === '.bin' && existsSync(path.join(path.dirname(file), 'model.json')))),
    entry: (fixture) => path.join(path.dirname(fixture), 'model.json'),
  },
  { name: 'pytorch-zip', fixtures: () => files((file) => isPyTorchFile(file) && isZip(file) && !isTorchScript(file)) },
  { name: 'pytorch-legacy', fixtures: () => files((file) => isPyTorchFile(file) && !isZip(file)) },
  { name: 'torchscript', fixtures: () => files((file) => isPyTorchFile(file) && isTorchScript(file)) },
  { name: 'events', fixtures: () => files((file) => path.basename(file).startsWith('events.out.tfevents.')) },
  { name: 'nvidia-smi-xml', fixtures: () => files((file) => file.includes(`${path.sep}nvidia-smi${path.sep}`) && ext(file) === '.xml').concat(files((file) => file.startsWith(path.join(FIXTURES, 'gpu')) && ext(file) === '.xml')) },
  { name: 'nvidia-smi-csv', fixtures: () => files((file) => file.includes(`${path.sep}nvidia-smi${path.sep}`) && (ext(file) === '.csv' || file.includes(`${path.sep}captures${path.sep}`))) },
];
