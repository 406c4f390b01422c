// Wiring checks inside the real extension host: activation, the view container and views, every manifest command.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';

const extensionId = 'tensorsight.tensorsight';
const containerId = 'tensorsight';
const viewIds = ['tensorsight.gpus', 'tensorsight.model', 'tensorsight.runs'];

/** The parts of package.json these checks read, as VS Code loaded it. */
interface Manifest {
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    commands: { command: string; title: string }[];
  };
}

function tensorsight(): vscode.Extension<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded in this extension host`);
  return extension;
}

describe('activation', () => {
  it('activates and returns activationMs from activate()', async () => {
    const extension = tensorsight();
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    // A positive, finite figure: zero or NaN would mean activate() did not measure its own module load.
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activationMs was ${api.activationMs}`);
  });

  it('contributes the Tensorsight container with the GPUs, Model and Runs views', async () => {
    const manifest = tensorsight().packageJSON as Manifest;
    const container = manifest.contributes.viewsContainers.activitybar.find((entry) => entry.id === containerId);
    assert.ok(container, `no activity-bar container ${containerId} in the loaded manifest`);
    assert.equal(container.title, 'Tensorsight');
    assert.deepEqual(manifest.contributes.views[containerId].map((view) => view.id), viewIds);

    // The workbench registers an open command per container and a focus command per view only for what it really created.
    const commands = new Set(await vscode.commands.getCommands(false));
    assert.ok(commands.has(`workbench.view.extension.${containerId}`), 'the workbench did not create the Tensorsight container');
    for (const view of viewIds) assert.ok(commands.has(`${view}.focus`), `the workbench did not create view ${view}`);
    await vscode.commands.executeCommand(`workbench.view.extension.${containerId}`);
    await vscode.commands.executeCommand(`${viewIds[0]}.focus`);
  });

  it('registers every command the manifest contributes', async () => {
    await tensorsight().activate();
    const contributed = (tensorsight().packageJSON as Manifest).contributes.commands.map((entry) => entry.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
