// The Model view's Architecture and Fits on GPU sections in the real VS Code UI: a vocabulary-only Llama-2-7B GGUF
// opened from Quick Open, checked against GPUs played back by the nvidia-smi replay double (an idle H200 and a loaded
// RTX 4080 SUPER, recorded from real machines), screenshot in light and dark.
import { delimiter, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { activeWebview, openContainer, quickOpen, screenshot, screenshotIfFailed, updateReadmeScreenshot, viewPane } from './workbench.mjs';
import { openReplayWorkbench } from './replayWorkbench.mjs';

describe('Model view: LLM fit in the workbench', function () {
  let page;
  let workbench;

  before(async () => {
    workbench = await openReplayWorkbench('e2e-llm', {
      env: { NVIDIA_SMI_REPLAY_GPUS: ['csv/h200_590.48.01_idle_query-gpu.csv', 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv'].join(delimiter), NVIDIA_SMI_REPLAY_APPS: 'none' },
    });
    page = workbench.page;
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await workbench?.close(); });

  it('shows the architecture and a fit row per GPU for a GGUF', async () => {
    await openContainer(page);
    // The Model view gets the sidebar: GPUs and Runs collapsed, the sidebar widened so descriptions read whole.
    for (const name of ['GPUs', 'Runs']) await page.locator('.part.sidebar .pane-header.expanded', { hasText: name }).first().click();
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebar.width + 260, sidebar.y + sidebar.height / 2, { steps: 5 });
    await page.mouse.up();
    await quickOpen(page, join(repoRoot, 'test/fixtures/upstream/gguf/ggml-vocab-llama-spm.gguf'));
    const model = viewPane(page, 'Model');
    await model.locator('.monaco-list-row', { hasText: 'Architecture' }).first().waitFor({ timeout: 60_000 });
    await model.locator('.monaco-list-row', { hasText: /Total needed\s*14\.55 GiB/ }).first().waitFor();
    await model.locator('.monaco-list-row', { hasText: /GPU 0: NVIDIA H200\s*fits, 125\.85 GiB to spare/ }).first().waitFor({ timeout: 30_000 });
    await model.locator('.monaco-list-row', { hasText: /GPU 1: NVIDIA GeForce RTX 4080 SUPER\s*fits/ }).first().waitFor();
    await model.locator('.monaco-list-row', { hasText: 'Architecture' }).first().click();
    await model.locator('.monaco-list-row', { hasText: /Layers\s*32/ }).first().waitFor();
    // The graph editor beside it has drawn its first scene, so the picture shows both.
    await activeWebview(page).locator('#graph-status[data-state="ready"][data-format="gguf"]').waitFor({ state: 'attached', timeout: 120_000 });
    await activeWebview(page).locator('#properties').hover();
    const light = await screenshot(page, 'llm-fit');
    updateReadmeScreenshot(light, 'llm-fit.png');
    updateReadmeScreenshot(light.replace(/\.png$/, '-dark.png'), 'llm-fit-dark.png');
  });
});
