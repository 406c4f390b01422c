// (a) The Tensorsight activity-bar container opens and shows its three views with their welcome texts.
import { after, afterEach, before, describe, it } from 'mocha';
import { developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { containerViews } from './manifest.mjs';
import { openContainer, openWorkbench, screenshot, screenshotIfFailed, viewPane } from './workbench.mjs';

describe('Tensorsight container', function () {
  let page;

  before(async () => {
    const { browser, server } = e2eSession();
    page = await openWorkbench(browser, server, developmentPayload(server));
  });

  afterEach(async function () { await screenshotIfFailed(this.currentTest, page); });

  after(async () => { await page?.close(); });

  it('opens from the activity bar with the GPUs, Model and Runs views, each showing its welcome text or its items', async () => {
    await openContainer(page);
    for (const view of containerViews()) {
      const pane = viewPane(page, view.name);
      await pane.waitFor();
      // A view shows its welcome text only while its tree is empty; a view whose provider has items shows rows instead.
      const rows = pane.locator('.pane-body .monaco-list-row');
      const content = view.welcomeFirstLine ? pane.getByText(view.welcomeFirstLine, { exact: false }).or(rows) : rows;
      await content.first().waitFor();
    }
    await screenshot(page, 'container');
  });
});
