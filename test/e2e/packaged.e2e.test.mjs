// (c) The packaged extension runs: a .vsix built by vsce, installed with code-server --install-extension into a fresh
// extensions dir, in a code-server started without extensionDevelopmentPath.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { keepRunDir, makeRunDir, removeRunDir, startCodeServer } from '../../scripts/vscode/codeServer.mjs';
import { e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { installVsix, packageVsix } from '../../scripts/vscode/packageVsix.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { defaultWorkspace } from '../../scripts/vscode/vscodeSession.mjs';
import { installedFolderName, paletteTitle } from './manifest.mjs';
import { openContainer, openWorkbench, runCommand, screenshot, screenshotIfFailed, waitForEditorText } from './workbench.mjs';

describe('packaged extension (.vsix)', function () {
  // Packing runs the production build and stages this platform's ONNX Runtime in dist/ort; installing unpacks into a fresh extensions dir.
  this.timeout(300_000);
  let runDir;
  let extensionsDir;
  let server;
  let page;
  let failed = false;

  before(async () => {
    runDir = makeRunDir('vsix');
    const { vsix, output } = await packageVsix(runDir);
    console.log(`      ${output.trim().split('\n').filter((line) => /DONE|Packaged/.test(line)).join(' ') || vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KiB)`);
    extensionsDir = join(runDir, 'exts');
    await installVsix(vsix, { extensionsDir, runDir });
    server = await startCodeServer({ runDir, workspace: defaultWorkspace(runDir), extensionsDir });
    page = await openWorkbench(e2eSession().browser, server, [['skipWelcome', 'true']]);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') failed = true;
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    await page?.close();
    await server?.stop();
    if (runDir && !failed) removeRunDir(runDir);
    else if (runDir) keepRunDir(runDir);
  });

  it('is installed by code-server into the extensions dir', () => {
    assert.ok(existsSync(join(extensionsDir, installedFolderName, 'dist/extension.js')), `no ${installedFolderName}/dist/extension.js in ${extensionsDir}`);
  });

  it('profiles a model with the ONNX Runtime the .vsix carries (the installed extension has no node_modules)', () => {
    const root = join(extensionsDir, installedFolderName);
    assert.ok(!existsSync(join(root, 'node_modules')), 'vsce --no-dependencies packs no node_modules');
    assert.ok(existsSync(join(root, `dist/ort/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}`)), 'the native runtime of this platform is in dist/ort');
    const model = resolve(repoRoot, 'test/fixtures/upstream/onnx/migraphx_mnist-8.onnx');
    const run = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'profile', model, '--runs', '2', '--warmup', '1', '--json'], { cwd: runDir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    const profile = JSON.parse(run.stdout);
    assert.match(profile.runtime, /^onnxruntime-node \d/);
    assert.ok(profile.ops.some((row) => row.op === 'Conv'), JSON.stringify(profile.ops));
  });

  it('shows the Tensorsight container in a window that is not an extension development host', async () => {
    await openContainer(page);
    assert.doesNotMatch(await page.title(), /Extension Development Host/);
  });

  it('runs the environment check from the palette', async () => {
    await runCommand(page, paletteTitle('tensorsight.env.check'));
    await waitForEditorText(page, /Deep Learning Environment/);
    await screenshot(page, 'packaged');
  });
});
