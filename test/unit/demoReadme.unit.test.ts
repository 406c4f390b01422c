// demo/README.md tells a new user what Tensorsight prints for the demo files. This reads its tables
// (models, runs, GPU report), its command names and its CLI lines, and checks each claim against the
// CLI run in-process and against package.json's contributed commands and views, so the README cannot
// drift from the tool again. The training spec is read by the trainer's own reader and its model built to count
// the parameters the README states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
// Building the model creates its weights, which needs a TF.js backend: the always-present JavaScript one.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { main } from '../../src/cli/main';
import { cliCommands } from '../../src/cli/commandList';
import { buildLayersModel } from '../../src/core/train/run/buildLayersModel';
import { readTrainSpec } from '../../src/core/train/spec/readTrainSpec';

const root = path.resolve(__dirname, '../..');
const demo = path.join(root, 'demo');
const readme = fs.readFileSync(path.join(demo, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { title: string; category?: string }[]; views: Record<string, { name: string }[]> };
};

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

async function cliJson(args: string[]): Promise<Record<string, unknown>> {
  const { code, out, err } = await cli([...args, '--json']);
  assert.equal(code, 0, `tensorsight ${args.join(' ')}: ${err}`);
  return JSON.parse(out) as Record<string, unknown>;
}

/** The rows of the first table under `## heading`, keyed by the header cells. */
function table(heading: string): Record<string, string>[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.notEqual(start, -1, `demo/README.md has no section '## ${heading}'`);
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const cells = (line: string) => line.slice(1, -1).split('|').map((cell) => cell.trim());
  const header = cells(lines[first]);
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(Object.fromEntries(cells(line).map((cell, i) => [header[i], cell])));
  }
  assert.ok(rows.length > 0, `the table under '## ${heading}' has no rows`);
  return rows;
}

const code = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
const demoPath = (cell: string): string => path.join(demo, code(cell)[0]);

test('models: format, layers and parameters are what `tensorsight summary` prints', async () => {
  for (const row of table('Models')) {
    const file = demoPath(row.file);
    const summary = await cliJson(['summary', file]);
    const where = `demo/README.md, ${row.file}`;
    assert.equal(summary.format, row.format, `${where}: format`);
    assert.equal(summary.nodes, Number(row.layers), `${where}: layers (the summary's nodes)`);
    assert.equal(summary.params, Number(row.parameters), `${where}: parameters`);
  }
});

test('runs: every run and scalar tag with its records, points and steps is what `tensorsight events` prints', async () => {
  interface Series { count: number; first: { step: number }; last: { step: number } }
  const report = (await cliJson(['events', path.join(demo, 'runs')])) as { runs: { run: string; records: number; scalars: Record<string, Series> }[] };
  const claimed = new Map<string, Set<string>>();
  for (const row of table('Training runs')) {
    const name = path.relative(path.join(demo, 'runs'), demoPath(row.run));
    const run = report.runs.find((candidate) => candidate.run === name);
    assert.ok(run, `demo/README.md lists run ${name}; the CLI found ${report.runs.map((r) => r.run).join(', ')}`);
    assert.equal(run.records, Number(row.records), `${name}: records`);
    const [firstStep, lastStep] = row.steps.split('–').map(Number);
    for (const tag of code(row['scalar tags'])) {
      const series: Series | undefined = run.scalars[tag];
      assert.ok(series, `${name}: the CLI reports no scalar tag ${tag}`);
      assert.deepEqual([series.count, series.first.step, series.last.step], [Number(row['points per tag']), firstStep, lastStep], `${name} ${tag}: points, first and last step`);
      claimed.set(name, (claimed.get(name) ?? new Set()).add(tag));
    }
  }
  for (const run of report.runs) {
    assert.deepEqual([...(claimed.get(run.run) ?? [])].sort(), Object.keys(run.scalars).sort(), `demo/README.md leaves out scalar tags of ${run.run}`);
  }
});

test('GPU report: GPUs, driver, CUDA and processes are what `tensorsight gpu --from` prints', async () => {
  for (const row of table('GPU report')) {
    const snapshot = (await cliJson(['gpu', '--from', demoPath(row.file)])) as { gpus: { name: string }[]; driverVersion: string; cudaVersion: string; processes: unknown[] };
    assert.deepEqual(
      [snapshot.gpus.map((gpu) => gpu.name).join(', '), snapshot.driverVersion, snapshot.cudaVersion, snapshot.processes.length],
      [row.GPUs, row.driver, row.CUDA, Number(row.processes)],
      row.file,
    );
  }
});

test('every palette command and view it names is contributed by package.json', () => {
  const titles = new Set(manifest.contributes.commands.map((command) => `${command.category ? `${command.category}: ` : ''}${command.title}`));
  const commands = [...readme.matchAll(/\*(Tensorsight: [^*]+)\*/g)].map((match) => match[1]);
  assert.ok(commands.length >= 3, 'demo/README.md names palette commands as *Tensorsight: Title*');
  for (const command of commands) assert.ok(titles.has(command), `demo/README.md names *${command}*, which package.json does not contribute`);
  const views = new Set(Object.values(manifest.contributes.views).flat().map((view) => view.name));
  const named = [...readme.matchAll(/\*([^*]+)\* view/g)].map((match) => match[1]);
  assert.ok(named.length >= 2);
  for (const view of named) assert.ok(views.has(view), `demo/README.md names the *${view}* view, which package.json does not contribute`);
});

test('every CLI line runs and exits 0, and every command it mentions exists', async () => {
  const names = new Set(cliCommands.map((command) => command.name));
  for (const match of readme.matchAll(/(?:node dist\/cli\.js|tensorsight) ([a-z][\w-]*)/g)) {
    assert.ok(names.has(match[1]), `demo/README.md mentions the CLI command '${match[1]}', which does not exist`);
  }
  const lines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1].split('\n')).filter((line) => line.startsWith('node dist/cli.js '));
  assert.ok(lines.length >= 3, 'demo/README.md shows CLI lines in a ```sh block');
  for (const line of lines) {
    // Paths are relative to the repository root, where the README says to run them.
    const args = line.slice('node dist/cli.js '.length).split(/\s+/).map((arg) => (arg.includes('/') && fs.existsSync(path.join(root, arg)) ? path.join(root, arg) : arg));
    const { code: exit, out, err } = await cli(args);
    assert.equal(exit, 0, `${line}: ${err}`);
    assert.ok(out.length > 0, `${line} printed nothing`);
  }
});

test('every demo file is listed with its origin, and nothing points outside the repository', () => {
  const origins = table('Where the files come from').map((row) => code(row.file)[0]);
  const listed = (file: string) => origins.some((origin) => (origin.endsWith('/') ? file.startsWith(origin) : new RegExp(`^${origin.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`).test(file)));
  // Running the demo's training script writes run folders (and Python its bytecode cache): made here, not shipped.
  const made = (file: string) => file.split(path.sep)[0] === 'tensorsight-runs' || file.split(path.sep).includes('__pycache__');
  const files = (fs.readdirSync(demo, { recursive: true }) as string[]).filter((file) => fs.statSync(path.join(demo, file)).isFile() && file !== 'README.md' && !made(file));
  assert.ok(files.length >= 10);
  for (const file of files) assert.ok(listed(file.split(path.sep).join('/')), `demo/${file} has no row in 'Where the files come from'`);
  assert.doesNotMatch(readme, /\.\.\/shared|shared\/fixtures/);
});

test('the training spec is valid, its model has the parameters the README states, its digits are the test fixtures', async () => {
  await tf.setBackend('cpu');
  // The cpu backend advises installing tfjs-node on first use; that is not this test's business.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  const spec = readTrainSpec(path.join(demo, 'train/digits_cnn.train.json'));
  assert.ok('layers' in spec.model && spec.model.inputShape, 'the demo spec builds its model from layers with an inputShape');
  const section = readme.slice(readme.indexOf('\n## Training a model with TF.js\n'));
  const stated = /([\d,]+) parameters/.exec(section);
  assert.ok(stated, "demo/README.md's TF.js section states the model's parameters");
  const model = buildLayersModel(spec.model, spec.model.inputShape, 1);
  assert.equal(model.countParams(), Number(stated[1].replace(/,/g, '')));
  model.dispose();
  assert.equal(spec.data.format, 'idx');
  const fixtures = path.join(root, 'test/fixtures/digits');
  for (const file of [spec.data.features, spec.data.labels, path.join(path.dirname(spec.data.features), 'MANIFEST.tsv')]) {
    assert.ok(fs.readFileSync(file).equals(fs.readFileSync(path.join(fixtures, path.basename(file)))), `${file} differs from test/fixtures/digits/`);
  }
});
