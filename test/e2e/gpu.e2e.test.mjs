// The GPU monitor in the real VS Code UI. This suite starts its own code-server whose PATH begins with a folder
// holding `nvidia-smi`: the replay double, which plays back real recorded outputs from a real child process.
import { after, afterEach, before, describe, it } from 'mocha';
import { openContainer, screenshot, screenshotIfFailed, viewPane } from './workbench.mjs';
import { openReplayWorkbench } from './replayWorkbench.mjs';

describe('GPU monitor in the workbench', function () {
  let page;
  let workbench;

  before(async () => {
    workbench = await openReplayWorkbench('e2e-gpu');
    page = workbench.page;
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await workbench?.close(); });

  it('shows the GPU in the status bar and lists it with its metrics and expanded processes in the GPUs view', async () => {
    await openContainer(page);
    await page.locator('.statusbar-item', { hasText: /\d+% · [\d.]+\/[\d.]+ GiB · \d+°C/ }).first().waitFor();
    const gpus = viewPane(page, 'GPUs');
    await gpus.locator('.monaco-list-row', { hasText: /GPU \d+ · / }).first().waitFor();
    await gpus.locator('.monaco-list-row', { hasText: /Memory\s*[\d.]+ \/ [\d.]+ GiB/ }).first().waitFor();
    // Without a click: the replayed processes (ffmpeg on the recorded RTX 2080 SUPER), program first, then pid and
    // GPU memory, with dashes for the user, CPU and time this machine cannot know of a replayed pid.
    await gpus.locator('.monaco-list-row', { hasText: /ffmpeg\s*\d+ · — · \d+ MiB · CPU — · —/ }).first().waitFor();
    await screenshot(page, 'gpu');
  });

  it('shows one tooltip row per GPU process when the status-bar item is hovered', async () => {
    await page.locator('.statusbar-item', { hasText: /\d+% · [\d.]+\/[\d.]+ GiB · \d+°C/ }).first().hover();
    await page.getByText(/^Processes on GPU \d$/).first().waitFor();
    await page.locator('td', { hasText: /^ffmpeg$/ }).first().waitFor();
    await screenshot(page, 'gpu-tooltip', { lightOnly: true });
  });
});
