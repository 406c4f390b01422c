// Training from the editor in the real VS Code UI: the demo script run from the palette (arguments typed in the
// input box, the interpreter picked), its loss and the GPU utilization of the nvidia-smi replay charted live in
// the Training panel, Stop pressed in the panel, the Runs view showing the stopped run; then a re-run with
// changed arguments and the two runs compared. This suite starts its own code-server whose PATH begins with a
// folder holding `nvidia-smi` (the replay double) and `python3` (Debian's, with torch).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { openReplayWorkbench } from './replayWorkbench.mjs';
import { assertGrows, contextMenu, openContainer, runTrainingScript, screenshot, screenshotIfFailed, updateReadmeScreenshot, viewPane } from './workbench.mjs';

const workspace = join(repoRoot, 'demo');
const runsFolder = join(workspace, 'tensorsight-runs');
const demoScript = 'train_digits_cnn.py';
const python = '/usr/bin/python3';
const hasTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;

/** The run folders of the demo script, oldest first. */
function runFolders() {
  const stem = join(runsFolder, 'train_digits_cnn');
  return existsSync(stem) ? readdirSync(stem).sort().map((name) => join(stem, name)) : [];
}

describe('training run from the palette', function () {
  let page;
  let workbench;
  let frame;

  before(async function () {
    if (!hasTorch) {
      console.log(`      skipped: ${python} with torch is needed to run the demo script (apt install python3-torch)`);
      this.skip();
    }
    rmSync(runsFolder, { recursive: true, force: true });
    workbench = await openReplayWorkbench('e2e-launch', { workspace, links: { python3: python } });
    page = workbench.page;
    frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => {
    await workbench?.close();
    rmSync(runsFolder, { recursive: true, force: true });
  });

  it('runs the demo script from the palette, charts loss and GPU utilization live, and stops it', async () => {
    await openContainer(page);
    // Open the script the way a user does (Quick Open), so the command acts on the active editor; the arguments
    // box, then the first interpreter offered (python3 on PATH: Debian's, with torch).
    await runTrainingScript(page, demoScript, '--epochs 500');

    // The panel opens on the run: the header says running, and the loss + GPU utilization chart is drawn.
    const header = frame.locator('.ts-run-header', { has: frame.locator('.ts-status-running') });
    await header.waitFor({ timeout: 120_000 });
    await frame.locator('.ts-overlays canvas').first().waitFor({ timeout: 120_000 });
    // Live: the point count grows while the panel is open (no reload).
    const points = async () => Number(((await frame.locator('.ts-status').textContent()) ?? '').match(/(\d+) points/)?.[1] ?? 0);
    await frame.locator('.ts-status', { hasText: /[1-9]\d* points/ }).waitFor({ timeout: 60_000 });
    await assertGrows(points, await points());
    await header.locator('.ts-elapsed', { hasText: /elapsed/ }).waitFor();
    // The loss is drawn beside the replayed GPUs, whose utilization stays under 20%: after 5 s of steps the
    // overlay marks the GPU idle band (an input-bound run, as the replay's near-idle GPUs make this one look).
    const overlay = frame.locator('.ts-overlays');
    await overlay.getByText('loss (left)').first().waitFor({ timeout: 60_000 });
    await overlay.getByText(/GPU idle: \d+ band/).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'training-run').then((file) => updateReadmeScreenshot(file, 'training-run.png'));

    await header.locator('.ts-stop').click();
    await frame.locator('.ts-run-header .ts-status-stopped').waitFor({ timeout: 60_000 });
    const runs = viewPane(page, 'Runs');
    await runs.locator('.monaco-list-row', { hasText: /stopped/ }).first().waitFor({ timeout: 30_000 });
    const [first] = runFolders();
    const record = JSON.parse(readFileSync(join(first, 'run.json'), 'utf8'));
    assert.equal(record.status, 'stopped');
    assert.deepEqual(record.args, ['--epochs', '500']);
    assert.match(record.interpreter.version ?? '', /^3\./);
  });

  it('re-runs the stopped run with changed arguments and compares the two runs', async () => {
    const runs = viewPane(page, 'Runs');
    // From the run's context menu, as a user does (a left click would open its charts).
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await contextMenu(runs.locator('.monaco-list-row', { hasText: /stopped/ }).first(), 'Re-run with Changed Arguments…', page.locator('.quick-input-widget', { hasText: /Re-run/ }), { resultMs: 5_000 });
    assert.equal(await input.inputValue(), '--epochs 500', 'the box is pre-filled with the run\'s arguments');
    await input.fill('--epochs 1 --lr 0.05');
    await input.press('Enter');
    await runs.locator('.monaco-list-row', { hasText: /finished/ }).first().waitFor({ timeout: 180_000 });
    const folders = runFolders();
    assert.equal(folders.length, 2);
    assert.deepEqual(JSON.parse(readFileSync(join(folders[1], 'run.json'), 'utf8')).args, ['--epochs', '1', '--lr', '0.05']);

    // Select both runs (click, then ctrl+click) and compare them from the context menu.
    await runs.locator('.monaco-list-row', { hasText: /stopped/ }).first().click();
    await runs.locator('.monaco-list-row', { hasText: /finished/ }).first().click({ modifiers: ['Control'] });
    const table = frame.locator('.ts-compare');
    await contextMenu(runs.locator('.monaco-list-row', { hasText: /finished/ }).first(), 'Compare Runs', table, { resultMs: 5_000 });
    await table.waitFor({ timeout: 60_000 });
    await table.locator('h2', { hasText: 'Comparing 2 run(s)' }).waitFor();
    // The arguments that differ (--epochs, --lr) are highlighted.
    await table.locator('th.ts-differs[data-kind="arg"]', { hasText: '--epochs' }).waitFor();
    await table.locator('th.ts-differs[data-kind="arg"]', { hasText: '--lr' }).waitFor();
    // The demo logs its hyperparameters with tensorsight.hparams: they differ too.
    await table.locator('th.ts-differs[data-kind="hparam"]', { hasText: /^epochs$/ }).waitFor();
    await screenshot(page, 'training-compare');
  });
});
