// (d) The Training Charts in the real VS Code UI: opened from the palette on the demo runs, the scalar charts
// render on canvas inside the webview, moving the smoothing slider redraws them, and a record appended by a live
// writer (the core EventFileWriter under tsx) shows up in the open panel without a reload; histograms, hparams,
// text and images of a sample written by an independent Python writer (test/fixtures/events) are shown; its
// single-point series are drawn as dots with their values, and hovering a histogram reads out step, bin and count.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { paletteTitle } from './manifest.mjs';
import { openContainer, openWorkbench, runCommand, screenshot, screenshotIfFailed } from './workbench.mjs';

/** A writer process appending one scalar per stdin line `tag step value`, flushing each, answering `ok`. */
function startWriter(dir) {
  const script = `
    const { EventFileWriter } = require('./src/core/events/eventWriter.ts');
    const writer = new EventFileWriter(process.argv[1], { host: 'e2e', pid: process.pid, index: 0 });
    require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
      const [tag, step, value] = line.split(' ');
      writer.addScalar(tag, Number(value), Number(step));
      writer.flush();
      process.stdout.write('ok\\n');
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, dir], { cwd: repoRoot });
  const write = (line) => new Promise((resolve) => {
    child.stdout.once('data', resolve);
    child.stdin.write(`${line}\n`);
  });
  return { child, write };
}

/** Points of the long run: more than the host sends whole (seriesLod.ts FULL_LIMIT = 50k), so it arrives level-of-detail'd. */
const longPoints = 120_000;

/** Writes a run of `longPoints` scalars of tag e2e/long in one go (the core EventFileWriter under tsx). */
function writeLongRun(dir) {
  const script = `
    const { EventFileWriter } = require('./src/core/events/eventWriter.ts');
    const writer = new EventFileWriter(process.argv[1], { host: 'e2e', pid: process.pid, index: 0, time: 1900000000 });
    for (let step = 0; step < ${longPoints}; step++) writer.addScalar('e2e/long', Math.sin(step / 500), step, 1900000000 + step);
    writer.close();`;
  const made = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, dir], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  assert.equal(made.status, 0, made.stderr);
}

describe('training charts', function () {
  let page;
  let liveRoot;
  let writer;

  before(async () => {
    // A live run inside the demo workspace (removed afterwards), written before the panel opens.
    liveRoot = mkdtempSync(join(repoRoot, 'demo/runs/.e2e-live-'));
    writer = startWriter(join(liveRoot, 'live'));
    await writer.write('e2e/live 1 0.5');
    cpSync(join(repoRoot, 'test/fixtures/events/python_sample'), join(liveRoot, 'sample'), { recursive: true });
    writeLongRun(join(liveRoot, 'long'));
    const { browser, server } = e2eSession();
    page = await openWorkbench(browser, server, developmentPayload(server));
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => {
    writer?.child.kill();
    await page?.close();
    if (liveRoot) rmSync(liveRoot, { recursive: true, force: true });
  });

  it('draws the demo runs, redraws on smoothing, and shows an appended point live', async () => {
    await openContainer(page);
    await runCommand(page, paletteTitle('tensorsight.runs.openCharts'));
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const chart = frame.locator('.ts-chart[data-tag="strict/foo"]');
    await chart.locator('canvas').first().waitFor({ timeout: 60_000 });
    // The demo runs' tags (MANIFEST.tsv: strict/foo for the PyTorch runs, epoch_loss for Keras) each get a chart.
    for (const tag of ['strict/foo', 'epoch_loss', 'epoch_sparse_categorical_accuracy', 'e2e/live']) {
      await frame.locator(`.ts-chart[data-tag="${tag}"] canvas`).first().waitFor();
    }
    const charts = await frame.locator('.ts-scalars .ts-chart').count();
    console.log(`      ${charts} scalar charts drawn`);
    assert.ok(charts >= 4);

    const before = await chart.locator('canvas').first().screenshot();
    await frame.locator('input.ts-smoothing').fill('0.95');
    await frame.locator('.ts-value', { hasText: '0.95' }).waitFor();
    let after = before;
    for (let attempt = 0; attempt < 20 && after.equals(before); attempt++) {
      await page.waitForTimeout(100);
      after = await chart.locator('canvas').first().screenshot();
    }
    assert.ok(!after.equals(before), 'the strict/foo chart redrew after the smoothing slider moved');

    const status = frame.locator('.ts-status');
    const pointsBefore = Number((await status.textContent()).match(/(\d+) points/)[1]);
    const start = Date.now();
    await writer.write('e2e/live 2 0.25');
    await frame.locator('.ts-status', { hasText: `${pointsBefore + 1} points` }).waitFor({ timeout: 10_000 });
    console.log(`      appended point shown after ${Date.now() - start} ms`);

    const linear = await chart.locator('canvas').first().screenshot();
    await frame.getByLabel('Log Y').check();
    let logScale = linear;
    for (let attempt = 0; attempt < 20 && logScale.equals(linear); attempt++) {
      await page.waitForTimeout(100);
      logScale = await chart.locator('canvas').first().screenshot();
    }
    assert.ok(!logScale.equals(linear), 'the chart redrew with a log-scale Y axis');
    await frame.getByLabel('Log Y').uncheck();
    await frame.locator('#app').evaluate((app) => app.ownerDocument.defaultView.scrollTo(0, 0));
    await screenshot(page, 'training');
  });

  it('shows the histograms, hparams, text and images of the Python-written sample', async () => {
    // Figures from the Python writer's own record of what it wrote (tfevents_reference.py sample).
    const expected = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/events/python_sample.expected.json'), 'utf8'));
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    for (const tag of Object.keys(expected.histograms)) {
      await frame.locator(`.ts-histogram[data-tag="${tag}"] canvas`).first().waitFor();
      assert.equal(await frame.locator(`.ts-histogram[data-tag="${tag}"] canvas`).count(), 2, `${tag}: a ridgeline and a distribution`);
    }
    const table = frame.locator('.ts-hparams table');
    await table.waitFor();
    const headers = await table.locator('th').allTextContents();
    for (const name of ['lr', 'optimizer', 'augment']) assert.ok(headers.some((header) => header.startsWith(name)), `${name} column in ${headers}`);
    await table.locator('td', { hasText: expected.hparams.optimizer }).waitFor();
    await frame.locator('.ts-media details[data-tag="note"] summary').click();
    await frame.locator('.ts-media pre', { hasText: expected.text }).waitFor();
    await frame.locator('.ts-media details[data-tag="picture"] summary').click();
    const image = frame.locator('.ts-media details[data-tag="picture"] img').first();
    await image.waitFor();
    // tfevents_reference.py writes a 2×1 image whose bytes are a PNG signature then b'not-really': the webview must get them unchanged.
    const bytes = Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\x1a\nnot-really', 'latin1')]);
    assert.equal(await image.getAttribute('src'), `data:image/png;base64,${bytes.toString('base64')}`);
    assert.match(await image.getAttribute('alt'), /step 2 \(2×1\)/);
    await frame.locator('.ts-hparams').evaluate((element) => element.scrollIntoView());
    await screenshot(page, 'training-media');
  });

  it('draws single-point series as a dot with the value written out, and gives each run its own colour', async () => {
    // The Python writer's own record: tf2/double, tf2/content, tf2/int... each hold one point at step 1.
    const expected = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/events/python_sample.expected.json'), 'utf8'));
    const singles = Object.entries(expected.scalars).filter(([, points]) => points.length === 1);
    assert.ok(singles.length >= 5, 'the sample has single-point tags');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    for (const [tag, [[step, value]]] of singles) {
      const chart = frame.locator(`.ts-chart[data-tag="${tag}"]`);
      const line = chart.locator('.ts-single-values div');
      await line.waitFor();
      const text = await line.textContent();
      const match = text.match(/: (\S+) at step (\d+) \(one point\)$/);
      assert.ok(match, `${tag}: ${text}`);
      assert.equal(Number(match[2]), step, `${tag} step`);
      // Six significant digits (formatValue), so compare relatively: 1e-300 and 1099511627776 are among them.
      assert.ok(Math.abs(Number(match[1]) - value) <= Math.abs(value) * 1e-5, `${tag}: ${match[1]} vs ${value}`);
    }
    // The dot itself: pixels of the run's colour on the chart's canvas (before the fix the plot was empty axes).
    const chart = frame.locator('.ts-chart[data-tag="tf2/double"]');
    await chart.scrollIntoViewIfNeeded();
    const dotPixels = await chart.evaluate((element) => {
      const swatch = element.querySelector('.ts-single-values .ts-swatch');
      const [r, g, b] = element.ownerDocument.defaultView.getComputedStyle(swatch).backgroundColor.match(/\d+/g).map(Number);
      const canvas = element.querySelector('.ts-plot canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (Math.abs(pixels[i] - r) <= 4 && Math.abs(pixels[i + 1] - g) <= 4 && Math.abs(pixels[i + 2] - b) <= 4 && pixels[i + 3] > 200) count++;
      }
      return count;
    });
    console.log(`      tf2/double: ${dotPixels} pixels of the run colour`);
    assert.ok(dotPixels >= 16, `the single point is drawn (${dotPixels} pixels of the run colour)`);
    // Run colours: a ten-colour palette with distinct slots, so up to ten runs never share one.
    const colors = await frame.locator('.ts-legend .ts-swatch').evaluateAll((swatches) => swatches.map((swatch) => swatch.style.background));
    if (colors.length <= 10) assert.equal(new Set(colors).size, colors.length, `distinct run colours: ${colors.join(' ')}`);
  });

  it('reads out the histogram under the cursor: step, bin range and count; and the distribution\'s percentiles', async () => {
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const histogram = frame.locator('.ts-histogram[data-tag="weights/histo"]');
    const ridge = histogram.locator('canvas').first();
    await ridge.scrollIntoViewIfNeeded();
    const box = await ridge.boundingBox();
    // weights/histo (python_sample.expected.json): step 5 buckets [-1,0):1 [0,1):3 [1,2]:2, step 6 [0.5,0.9):4. The
    // ridgeline rebins onto 40 bins over [-1, 2] (width 0.075), plotted between 8 px and width - 50 px; bin 22 is
    // [0.65, 0.725), holding 4 × 0.075 / 0.4 = 0.75 of step 6, whose curve (the lower one) rises from 184 px.
    const plotWidth = box.width - 58;
    await ridge.hover({ position: { x: 8 + (22.5 / 40) * plotWidth, y: 180 } });
    const tooltip = histogram.locator('.ts-histogram-tooltip');
    await tooltip.waitFor();
    assert.match(await tooltip.textContent(), /^step 6 · \[0\.65, 0\.725\) · count 0\.75$/);
    // The distribution's right edge is step 6: all four values in [0.5, 0.9], median 0.7 by linear interpolation.
    const bands = histogram.locator('canvas').nth(1);
    const bandsBox = await bands.boundingBox();
    await bands.hover({ position: { x: bandsBox.width - 10, y: 100 } });
    await histogram.locator('.ts-histogram-tooltip', { hasText: 'median' }).waitFor();
    assert.equal(await tooltip.textContent(), 'step 6 · min 0.5 · median 0.7 · max 0.9');
    await screenshot(page, 'training-histogram-hover', { lightOnly: true });
  });

  it('draws a 120k-point run from its level of detail, and a drag zoom fetches every point of the window', async () => {
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const chart = frame.locator('.ts-chart[data-tag="e2e/long"]');
    await chart.locator('canvas').first().waitFor();
    await chart.locator('.ts-lod', { hasText: `of ${longPoints} points` }).waitFor();
    const label = await chart.locator('.ts-lod').textContent();
    const shown = Number(label.match(/showing (\d+) of/)[1]);
    console.log(`      ${label}`);
    assert.ok(shown > 0 && shown < longPoints / 4, label);
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.locator('.u-over').boundingBox();
    const draws = Number(await chart.getAttribute('data-draws'));
    // A drag over a tenth of the x range: about 12k points, under the 50k the host returns exactly.
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    for (let attempt = 0; attempt < 100 && Number(await chart.getAttribute('data-draws')) < draws + 2; attempt++) await page.waitForTimeout(50);
    assert.ok(Number(await chart.getAttribute('data-draws')) >= draws + 2, 'redrawn on zoom, then with the window the host sent');
    assert.equal(await chart.locator('.ts-lod').textContent(), '', 'the zoomed window is drawn from exact points');
    await screenshot(page, 'training-zoom');
    await chart.locator('.ts-plot').dblclick();
    await chart.locator('.ts-lod', { hasText: `of ${longPoints} points` }).waitFor();
  });

  it('comes back after a window reload (the webview serializer), with the smoothing kept', async () => {
    // The workbench's own reload saves the open editors first; a bare page reload can beat that save and lose the tab.
    const reloaded = page.waitForEvent('load');
    await runCommand(page, 'Developer: Reload Window').catch(() => { /* the page navigates away while the palette closes */ });
    await reloaded;
    await page.locator('.monaco-workbench').waitFor();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('.ts-chart[data-tag="strict/foo"] canvas').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('input.ts-smoothing').inputValue(), '0.95');
  });
});
