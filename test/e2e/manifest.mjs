// What the e2e tests expect on screen, read from the extension's own manifest (package.json) rather than repeated here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

/** The views of the Tensorsight container, each with the first line of its welcome text. */
export function containerViews() {
  return manifest.contributes.views.tensorsight.map((view) => {
    const welcome = manifest.contributes.viewsWelcome?.find((entry) => entry.view === view.id);
    return { id: view.id, name: view.name, welcomeFirstLine: welcome?.contents.split('\n')[0] ?? null };
  });
}

/** A command's title as the palette shows it: `Category: Title`. */
export function paletteTitle(commandId) {
  const command = manifest.contributes.commands.find((entry) => entry.command === commandId);
  if (!command) throw new Error(`package.json contributes no command ${commandId}`);
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/** The extension's folder name once installed: publisher.name-version. */
export const installedFolderName = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
