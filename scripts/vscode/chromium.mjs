// Launches Debian's chromium headless through playwright-core, with a fresh profile inside the run folder.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from './toolPaths.mjs';

const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** A persistent browser context on a fresh user-data dir; close() ends the browser. */
export async function launchChromium({ runDir, viewport = { width: 1440, height: 900 }, timeoutMs = 30_000 }) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`chromium not found at ${chromiumPath}: run \`apt-get install -y chromium\` or set TENSORSIGHT_CHROMIUM`);
  }
  const { chromium } = await import('playwright-core');
  const userDataDir = join(runDir, 'chromium-profile');
  const config = join(runDir, 'chromium-xdg');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(config, { recursive: true });
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport,
    timeout: timeoutMs,
    env: { ...process.env, XDG_CONFIG_HOME: config },
  });
}
