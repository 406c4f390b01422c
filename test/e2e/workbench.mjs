// Page-level steps against the real VS Code workbench (code-server in headless chromium). Every wait is on a selector.
/* global document, HTMLElement -- page.evaluate bodies run in the page */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { artifactsDir, developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { paletteTitle } from './manifest.mjs';

export const containerTitle = 'Tensorsight';
const containerButton = `.part.activitybar a.action-label[aria-label^="${containerTitle}"]`;

/** Opens a new page on the workbench (with an optional smoke-test payload) and waits until the workbench DOM is there. */
export async function openWorkbench(browser, server, payload, { timeoutMs = 60_000 } = {}) {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeoutMs);
  await page.goto(server.workbenchUrl(payload));
  await page.locator('.monaco-workbench').waitFor();
  return page;
}

/**
 * Waits for the Tensorsight activity-bar entry (the extension's contributions loaded) and opens the container.
 * A click on the entry of the container already showing hides the sidebar, and the workbench may restore the
 * container from the last page while this runs: so it clicks only when the container is not showing, and checks again.
 */
export async function openContainer(page, { attempts = 3 } = {}) {
  const button = page.locator(containerButton);
  const title = page.locator('.part.sidebar .composite.title', { hasText: containerTitle });
  await button.waitFor();
  for (let attempt = 1; ; attempt += 1) {
    if (await title.isVisible()) return;
    await button.click();
    try {
      await title.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/** The pane of one view in the open container, found by its header title. */
export function viewPane(page, name) {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: name }) });
}

/**
 * Runs a command from the palette (F1) by its full title, clicking exactly that row. The palette lists the commands known
 * when it opens and does not refresh, so it waits for the extension's contributions first and reopens if the row is missing.
 * `asks`: the command opens an input box or quick pick of its own (reusing the widget), so the widget is not awaited hidden.
 */
export async function runCommand(page, title, { attempts = 3, attemptMs = 15_000, asks = false } = {}) {
  await page.locator(containerButton).waitFor();
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 1; ; attempt += 1) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: attemptMs });
      break;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    }
  }
  await row.click();
  if (!asks) await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The document inside the active editor's webview (a webview's page sits two frames down). */
/**
 * The webview document holding `selector` (a webview's page is a frame two levels down; with two editor groups
 * showing webviews, `activeWebview` cannot tell them apart). Polls until one has it.
 */
export async function frameWith(page, selector, timeoutMs = 120_000) {
  const start = Date.now();
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`no webview shows ${selector} after ${timeoutMs / 1000}s`);
    await page.waitForTimeout(200);
  }
}

/** The data attributes of the status element `selector` in `frame` (the pages' test probes). */
export async function statusOf(frame, selector) {
  return frame.locator(selector).evaluate((element) => ({ ...element.dataset }));
}

/** Node names of an ONNX file, read with Debian's python3-onnx; null when it is missing. */
export function onnxNodeNames(file) {
  const run = spawnSync('/usr/bin/python3', ['-c', 'import json, sys, onnx\nprint(json.dumps([n.name for n in onnx.load(sys.argv[1]).graph.node]))', file], { encoding: 'utf8', timeout: 60_000 });
  return run.status === 0 ? JSON.parse(run.stdout) : null;
}

/**
 * A workbench of the shared session with the primary side bar hidden (room for two editors, or a graph beside a
 * panel), once the Tensorsight container is in the activity bar; `close()` puts the side bar back and closes the page.
 */
export async function openWorkbenchWithoutSidebar() {
  const { browser, server } = e2eSession();
  const page = await openWorkbench(browser, server, developmentPayload(server));
  await page.locator('.part.activitybar a.action-label[aria-label^="Tensorsight"]').waitFor();
  const restore = await hideSidebar(page);
  return {
    page,
    async close() {
      await restore();
      await page.close();
    },
  };
}

/** Hides the primary side bar when it shows; the returned function puts it back. */
async function hideSidebar(page) {
  const toggle = 'View: Toggle Primary Side Bar Visibility';
  const shown = await page.locator('.part.sidebar').isVisible();
  if (shown) await runCommand(page, toggle);
  return async () => {
    if (shown && !(await page.locator('.part.sidebar').isVisible())) await runCommand(page, toggle);
  };
}

export function activeWebview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Opens a file by absolute path through Quick Open; resolves with the wall-clock time of the click that opens it. */
export async function quickOpen(page, file) {
  // Keys typed while a webview has focus go to the webview: give the focus back to the workbench first
  // (by taking it off the webview's frame: the sidebar may be hidden, so there is nothing sure to click).
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // A graph opened by the previous test may still be taking its late payloads, and the workbench can close Quick
  // Open under us (seen once in a clean-clone run: the input went inert, then hidden). Open it again then, and say so.
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.keyboard.press('Control+P');
    await input.waitFor();
    try {
      await input.fill(file, { timeout: attempt < 3 ? 10_000 : 60_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      console.log(`      Quick Open closed before ${basename(file)} was typed (attempt ${attempt}); opening it again`);
    }
  }
  // Recently opened files are listed at once; wait for the row of this file before choosing it.
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: basename(file) }).first();
  await row.waitFor();
  const at = Date.now();
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  return at;
}

/**
 * Opens `fileName` from Quick Open and runs Tensorsight: Run Training Script on it: `args` typed into the arguments
 * box, the first interpreter offered taken (`beforePick` runs just before that choice, e.g. to start a measurement).
 */
export async function runTrainingScript(page, fileName, args, { beforePick } = {}) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('Control+P');
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: fileName }).waitFor();
  // The command asks nothing and starts nothing until its arguments box shows: a palette pick lost while the
  // workbench settles (seen once in a run of this step) is picked again.
  const argumentsBox = page.locator('.quick-input-widget', { hasText: /[Aa]rguments/ });
  for (let attempt = 1; ; attempt += 1) {
    await runCommand(page, paletteTitle('tensorsight.runs.runScript'), { asks: true });
    try {
      await argumentsBox.waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await input.fill(args);
  await input.press('Enter');
  await page.locator('.quick-input-widget', { hasText: /Python interpreter/ }).waitFor();
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await beforePick?.();
  await page.keyboard.press('Enter');
}

/**
 * Waits until `pattern` shows in the editor area: in a text editor, or inside a webview (a preview sits two frames down).
 * Resolves to where it was found.
 */
export async function waitForEditorText(page, pattern, { timeoutMs = 120_000 } = {}) {
  const inEditor = page.locator('.part.editor .view-lines').getByText(pattern).first()
    .waitFor({ timeout: timeoutMs }).then(() => 'text editor');
  const inWebview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').getByText(pattern).first()
    .waitFor({ timeout: timeoutMs }).then(() => 'webview');
  try {
    return await Promise.any([inEditor, inWebview]);
  } catch {
    throw new Error(`${pattern} did not appear in the editor area within ${timeoutMs / 1000}s`);
  }
}

const toggleThemeTitle = 'Preferences: Toggle between Light/Dark Themes';

/** Waits until every shown webview has followed the workbench into the `dark` or light theme, and two frames were drawn. */
async function waitForWebviewTheme(page, dark) {
  const webviews = page.locator('iframe.webview.ready').filter({ visible: true });
  for (let index = 0; index < await webviews.count(); index += 1) {
    await webviews.nth(index).contentFrame().frameLocator('#active-frame').locator(dark ? 'body.vscode-dark' : 'body.vscode-light').waitFor();
  }
  await page.evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve))));
}

/**
 * Saves a screenshot under test/e2e/artifacts in the light theme the tests run in and, unless `lightOnly`, a
 * `<name>-dark.png` twin after toggling the workbench to its dark theme and back; returns the light one's path.
 */
export async function screenshot(page, name, { lightOnly = false } = {}) {
  const file = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  if (lightOnly) return file;
  await switchTheme(page, true);
  await page.screenshot({ path: join(artifactsDir, `${name}-dark.png`) });
  await switchTheme(page, false);
  return file;
}

/**
 * Toggles the theme from the palette until the workbench shows `dark` or light (a toggle can be lost while the palette
 * settles: seen once in CI), then waits for the webviews to follow. Retries only while the workbench has not switched,
 * so a slow webview never turns into a second toggle.
 */
async function switchTheme(page, dark, { attempts = 3 } = {}) {
  const workbench = page.locator(dark ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs');
  for (let attempt = 1; ; attempt += 1) {
    await runCommand(page, toggleThemeTitle);
    try {
      await workbench.waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
  await waitForWebviewTheme(page, dark);
}

/**
 * Saves `<name>-hc.png` in VS Code's Dark High Contrast theme, picked from *Preferences: Color Theme*, then picks the
 * theme the workbench had before; returns the path.
 */
export async function screenshotHighContrast(page, name) {
  const before = await page.evaluate(() => document.querySelector('.monaco-workbench.vs-dark') ? 'dark' : 'light');
  await pickColorTheme(page, 'Dark High Contrast', '.monaco-workbench.hc-black');
  await page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().frameLocator('#active-frame').locator('body.vscode-high-contrast').waitFor();
  await page.evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve))));
  const file = join(artifactsDir, `${name}-hc.png`);
  await page.screenshot({ path: file });
  await pickColorTheme(page, before === 'dark' ? 'Dark Modern' : 'Light Modern', before === 'dark' ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs');
  await waitForWebviewTheme(page, before === 'dark');
  return file;
}

/** Picks a colour theme by its label in *Preferences: Color Theme* and waits for the workbench to show `shown`. */
async function pickColorTheme(page, label, shown) {
  await runCommand(page, 'Preferences: Color Theme', { asks: true });
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await input.press('Enter');
  await page.locator(shown).waitFor({ timeout: 15_000 });
}

/** For an afterEach hook: keeps a screenshot of the page a failed test left, named after the test. */
export async function screenshotIfFailed(test, page) {
  if (test?.state !== 'failed' || !page || page.isClosed()) return;
  const name = `failed-${test.fullTitle().replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80)}`;
  console.log(`      screenshot of the failure: ${await screenshot(page, name, { lightOnly: true })}`);
}

/**
 * Copies `file` to media/<name> (default screenshot.png), a picture the README shows, so it always shows the UI of the
 * last passing run. TENSORSIGHT_UPDATE_SCREENSHOT=0 leaves the pictures alone (a clean working tree after `npm test`).
 */
export function updateReadmeScreenshot(file, name = 'screenshot.png') {
  if (process.env.TENSORSIGHT_UPDATE_SCREENSHOT === '0') return;
  copyFileSync(file, join(repoRoot, 'media', name));
  console.log(`      updated media/${name} from ${file}`);
}

/**
 * Right-clicks `row` (a Runs view row), picks the context-menu entry `title` and waits for `result` to show. The Runs
 * view redraws its rows every 2 s (the "ago" texts), which can close a menu just opened or lose the pick (both seen
 * in clean-clone runs) and leaves no trace, so the whole gesture is tried again while `result` has not appeared.
 */
export async function contextMenu(row, title, result, { attempts = 5, resultMs = 10_000 } = {}) {
  const page = row.page();
  const item = page.locator('.context-view .action-item', { hasText: title }).first();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await row.click({ button: 'right' });
      await item.waitFor({ timeout: 5_000 });
      // Hovering focuses the entry and Enter runs it (a click on it was ignored here every time).
      await item.hover();
      await page.keyboard.press('Enter');
      await result.waitFor({ timeout: resultMs });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      if (await item.isVisible()) await page.keyboard.press('Escape');
    }
  }
}

/** Waits until `count()` exceeds `floor` (a chart's point count grows while the run trains). */
export async function assertGrows(count, floor, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await count();
    if (now > floor) return;
    if (Date.now() > deadline) throw new Error(`the point count stayed at ${now} (was ${floor}) for ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
