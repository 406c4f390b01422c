// Training a *.train.json spec with Tensorsight's TF.js trainer in the real VS Code UI: `Tensorsight: Train Model…`
// from the palette on the digits CNN spec, its batch and epoch scalars charted live in the Training panel whose run
// header names the spec and the backend it trains on, Stop from the Runs view (the trainer saves
// checkpoints/stopped/), then Resume Training from the stopped run's context menu, and the resumed run trains to
// its last epoch. This suite starts its own code-server on a fresh workspace holding the spec and its IDX digits
// (demo/train when it has the spec, else test/fixtures/digits with the spec below).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { makeRunDir, removeRunDir, startCodeServer } from '../../scripts/vscode/codeServer.mjs';
import { developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { paletteTitle } from './manifest.mjs';
import { activeWebview, assertGrows, contextMenu, openContainer, openWorkbench, quickOpen, runCommand, screenshot, screenshotIfFailed, updateReadmeScreenshot, viewPane } from './workbench.mjs';

const specName = 'digits_cnn.train.json';
const demoSpec = join(repoRoot, 'demo/train', specName);

/** The spec used when demo/train has none: a small CNN on the 8×8 digits, a checkpoint every epoch. */
const fixtureSpec = {
  model: {
    inputShape: [8, 8, 1],
    layers: [
      { type: 'Conv2D', filters: 16, kernelSize: 3, activation: 'relu', padding: 'same' },
      { type: 'MaxPooling2D', poolSize: 2 },
      { type: 'Flatten' },
      { type: 'Dense', units: 32, activation: 'relu' },
      { type: 'Dense', units: 10, activation: 'softmax' },
    ],
  },
  data: { format: 'idx', features: 'digits/digits-images-idx3-ubyte', labels: 'digits/digits-labels-idx1-ubyte', validationSplit: 0.2, normalize: { scale: 16 } },
  loss: 'categoricalCrossentropy',
  optimizer: { type: 'adam', learningRate: 0.005 },
  metrics: ['accuracy'],
  epochs: 8,
  batchSize: 32,
  seed: 1,
  checkpoint: { everyEpochs: 1 },
};

/** Writes the workspace: the demo's spec and data when there, else the fixture digits and the spec above. */
function makeWorkspace(workspace) {
  mkdirSync(workspace, { recursive: true });
  if (existsSync(demoSpec)) {
    cpSync(join(repoRoot, 'demo/train'), workspace, { recursive: true, filter: (source) => !/tensorsight-runs|\.py$/.test(source) });
    // Its `$schema` is relative to the repository (the copy would get an unresolvable-schema warning); the extension's
    // jsonValidation covers *.train.json files anyway.
    const { $schema, ...copied } = JSON.parse(readFileSync(demoSpec, 'utf8'));
    assert.ok($schema === undefined || typeof $schema === 'string');
    writeFileSync(join(workspace, specName), `${JSON.stringify(copied, null, 2)}\n`);
  } else {
    cpSync(join(repoRoot, 'test/fixtures/digits'), join(workspace, 'digits'), { recursive: true });
    writeFileSync(join(workspace, specName), `${JSON.stringify(fixtureSpec, null, 2)}\n`);
  }
  return JSON.parse(readFileSync(join(workspace, specName), 'utf8'));
}

describe('TF.js training from the palette', function () {
  let page;
  let server;
  let runDir;
  let workspace;
  let spec;
  let frame;

  /** The spec's run folders, oldest first. */
  function runFolders() {
    const stem = join(workspace, 'tensorsight-runs', 'digits_cnn');
    return existsSync(stem) ? readdirSync(stem).sort().map((name) => join(stem, name)) : [];
  }

  const record = (dir) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));

  before(async function () {
    runDir = makeRunDir('e2e-train');
    workspace = join(runDir, 'ws');
    spec = makeWorkspace(workspace);
    // Dawn (the webgpu rung) complains on every start without a runtime folder.
    server = await startCodeServer({ runDir, workspace, env: { XDG_RUNTIME_DIR: join(runDir, 'tmp') } });
    page = await openWorkbench(e2eSession().browser, server, developmentPayload(server));
    frame = activeWebview(page);
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => {
    await page?.close();
    await server?.stop();
    if (runDir) removeRunDir(runDir);
  });

  it('trains the spec from the palette, charts it live with its backend in the header, and stops from the Runs view', async () => {
    await openContainer(page);
    // The spec open in the editor, as a user would have it, so the command trains that one.
    await quickOpen(page, join(workspace, specName));
    await page.locator('.tab.active', { hasText: specName }).waitFor();
    await runCommand(page, paletteTitle('tensorsight.train.model'));

    // The panel opens on the run: running, the spec's name and the backend it trains on.
    const header = frame.locator('.ts-run-header', { has: frame.locator('.ts-status-running') });
    await header.waitFor({ timeout: 120_000 });
    await header.locator('.ts-trainer-spec', { hasText: 'digits_cnn' }).waitFor();
    const badge = header.locator('.ts-trainer-backend', { hasText: /^TF\.js · \S+$/ });
    await badge.waitFor({ timeout: 60_000 });
    const [first] = runFolders();
    assert.ok(first, 'the run folder exists');
    const backend = record(first).frameworks.backend;
    assert.equal(await badge.textContent(), `TF.js · ${backend}`);
    console.log(`      training on ${backend}`);

    // Live: batch scalars first, then each epoch's, with validation beside training; the point count grows.
    await frame.locator('.ts-chart[data-tag="batch/loss"] canvas').first().waitFor({ timeout: 60_000 });
    const points = async () => Number(((await frame.locator('.ts-status').textContent()) ?? '').match(/(\d+) points/)?.[1] ?? 0);
    await assertGrows(points, await points());
    await frame.locator('.ts-chart[data-tag="val_loss"] canvas').first().waitFor({ timeout: 120_000 });
    // Each validation chart sits right after its training twin (loss, val_loss, ...), the epoch charts apart from the batch ones.
    const epochTags = await frame.locator('.ts-scalars details', { hasText: '(ungrouped)' }).locator('.ts-chart').evaluateAll((charts) => charts.map((chart) => chart.dataset.tag));
    for (const name of ['loss', ...spec.metrics]) assert.equal(epochTags[epochTags.indexOf(name) + 1], `val_${name}`, `val_${name} follows ${name} in ${epochTags}`);
    assert.ok(epochTags.includes('samples_per_second'), `${epochTags}`);
    // Epoch x/N and samples/s in the header.
    await header.locator('.ts-run-facts', { hasText: new RegExp(`epoch \\d+/${spec.epochs}`) }).waitFor();
    await header.locator('.ts-run-facts', { hasText: /[\d,.]+ samples\/s/ }).waitFor();
    await frame.locator('#app').evaluate((app) => app.ownerDocument.defaultView.scrollTo(0, 0));
    const running = await screenshot(page, 'train-running');
    updateReadmeScreenshot(running, 'train-running.png');
    updateReadmeScreenshot(running.replace(/\.png$/, '-dark.png'), 'train-running-dark.png');

    assert.equal(record(first).status, 'running', 'still training after the screenshots (a spec this short cannot show Stop and Resume)');

    // Stop from the Runs view: the run row's inline Stop (shown on hover).
    const runs = viewPane(page, 'Runs');
    const row = runs.locator('.monaco-list-row', { hasText: basename(first) });
    await row.hover();
    await row.locator('.action-label[aria-label^="Stop Run"]').click();
    await frame.locator('.ts-run-header .ts-status-stopped').waitFor({ timeout: 60_000 });
    await runs.locator('.monaco-list-row', { hasText: basename(first) }).filter({ hasText: /stopped/ }).waitFor({ timeout: 30_000 });
    const stopped = record(first);
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.trainer, 'tfjs');
    assert.ok(existsSync(join(first, 'checkpoints/stopped/model.json')), 'Stop saved checkpoints/stopped/');
    assert.ok(stopped.progress.epoch < spec.epochs, `stopped before the last epoch (at ${stopped.progress.epoch})`);
  });

  it('resumes the stopped run from its checkpoint and trains it to the last epoch', async () => {
    const runs = viewPane(page, 'Runs');
    const [first] = runFolders();
    const checkpoints = readdirSync(join(first, 'checkpoints')).filter((name) => existsSync(join(first, 'checkpoints', name, 'model.json')));
    // Several checkpoints: a pick listing the latest (the Stop's) first; one: it starts at once.
    const picker = page.locator('.quick-input-widget', { hasText: /from which checkpoint/ });
    const resumedHeader = frame.locator('.ts-run-header', { has: frame.locator('.ts-resumed') });
    const row = runs.locator('.monaco-list-row', { hasText: basename(first) });
    await contextMenu(row, 'Resume Training', checkpoints.length > 1 ? picker : resumedHeader, { resultMs: checkpoints.length > 1 ? 10_000 : 120_000 });
    if (checkpoints.length > 1) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: /stopped/ }).first().waitFor();
      await page.keyboard.press('Enter');
    }
    await resumedHeader.waitFor({ timeout: 120_000 });
    const stoppedAt = JSON.parse(readFileSync(join(first, 'checkpoints/stopped/checkpoint.json'), 'utf8'));
    const resumedText = await resumedHeader.locator('.ts-resumed').textContent();
    assert.match(resumedText, stoppedAt.batch > 0 ? new RegExp(`^resumed from Stop at epoch ${stoppedAt.epoch + 1}, batch ${stoppedAt.batch}$`) : new RegExp(`^resumed from Stop after epoch ${stoppedAt.epoch}$`));
    await resumedHeader.locator('.ts-trainer-backend', { hasText: /^TF\.js · \S+$/ }).waitFor();

    // Trains to the end: finished, at its last epoch or where early stopping ended it, which the header says.
    const finished = frame.locator('.ts-run-header[data-status="finished"]', { has: frame.locator('.ts-resumed') });
    await finished.waitFor({ timeout: 300_000 });
    const folders = runFolders();
    assert.equal(folders.length, 2);
    const resumed = record(folders[1]);
    assert.equal(resumed.status, 'finished');
    assert.equal(resumed.hparams.resumedFrom, join(first, 'checkpoints', 'stopped'));
    const last = resumed.progress.epoch;
    assert.ok(last > stoppedAt.epoch && last <= spec.epochs, `ended at epoch ${last}`);
    await finished.locator('.ts-run-facts', { hasText: `epoch ${last}/${spec.epochs}${last < spec.epochs ? ' (early stopping)' : ''}` }).waitFor();
    console.log(`      resumed after epoch ${stoppedAt.epoch} (batch ${stoppedAt.batch}), finished at epoch ${last}/${spec.epochs}`);
    assert.ok(existsSync(join(folders[1], 'model/model.json')), 'the resumed run saved the final model');
    // Both runs are charted: the resumed one's epoch curves continue where the stopped one's end.
    await frame.locator('.ts-legend .ts-swatch').nth(1).waitFor();
    await frame.locator('#app').evaluate((app) => app.ownerDocument.defaultView.scrollTo(0, 0));
    const file = await screenshot(page, 'train-resumed');
    updateReadmeScreenshot(file, 'train-resumed.png');
    updateReadmeScreenshot(file.replace(/\.png$/, '-dark.png'), 'train-resumed-dark.png');
    // Further down: the batch scalars (at the global step), then the hparams the trainer logged (artifacts only).
    await frame.locator('.ts-chart[data-tag="batch/loss"]').evaluate((chart) => chart.closest('details').scrollIntoView());
    await screenshot(page, 'train-resumed-batches', { lightOnly: true });
    await frame.locator('.ts-hparams').evaluate((element) => element.scrollIntoView());
    await screenshot(page, 'train-resumed-hparams', { lightOnly: true });
  });
});
