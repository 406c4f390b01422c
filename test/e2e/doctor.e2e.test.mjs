// (b) 'Tensorsight: Check Deep Learning Environment' from the command palette opens the environment report.
import { after, afterEach, before, describe, it } from 'mocha';
import { developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { paletteTitle } from './manifest.mjs';
import { openContainer, openWorkbench, runCommand, screenshot, screenshotIfFailed, updateReadmeScreenshot, viewPane, waitForEditorText } from './workbench.mjs';

describe('environment doctor from the palette', function () {
  let page;

  before(async () => {
    const { browser, server } = e2eSession();
    page = await openWorkbench(browser, server, developmentPayload(server));
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await page?.close(); });

  it('shows the Deep Learning Environment report', async () => {
    await openContainer(page);
    await runCommand(page, paletteTitle('tensorsight.env.check'));
    const where = await waitForEditorText(page, /Deep Learning Environment/);
    console.log(`      report found in the ${where}`);
    await screenshot(page, 'doctor');
    // The README's picture (media/screenshot.png), remade by every run once the checks above passed, so it shows
    // the current UI: the container, with the demo workspace's runs listed in the Runs view, beside the report.
    await viewPane(page, 'Runs').locator('.pane-body .monaco-list-row').first().waitFor();
    updateReadmeScreenshot(await screenshot(page, 'tensorsight'));
  });
});
