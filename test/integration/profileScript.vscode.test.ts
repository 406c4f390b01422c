// Profile Training Script in the real extension host with Debian's python3-torch: the command launches the
// tiny CNN through the profiler wrapper, waits for the run to end and opens its trace in the trace editor
// (viewType tensorsight.trace); a run that ends before the profiled steps opens nothing and says why.
// The runs go to a temporary folder (tensorsight.runs.folder), so the demo workspace stays clean.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfiledRun } from '../../src/host/launch/profileScriptCommand';

const repoRoot = path.resolve(__dirname, '../../..');
const tinyCnn = path.join(repoRoot, 'test/fixtures/scripts/tiny_cnn.py');
const python = '/usr/bin/python3';

/** Why these tests cannot run here, or '' when Debian's python3 imports torch. */
function skipReason(): string {
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? '' : `${python} with torch is not on this machine`;
}

describe('Profile Training Script', function () {
  this.timeout(120_000);
  let runsDir: string;
  let reason = '';

  before(async function () {
    reason = skipReason();
    if (reason) {
      console.log(`[profileScript] skipped: ${reason}`);
      this.skip();
    }
    runsDir = mkdtempSync(path.join(tmpdir(), 'ts-profile-it-'));
    await vscode.workspace.getConfiguration('tensorsight.runs').update('folder', runsDir, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (reason) return;
    await vscode.workspace.getConfiguration('tensorsight.runs').update('folder', undefined, vscode.ConfigurationTarget.Global);
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('Train: tiny_cnn')) terminal.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(runsDir, { recursive: true, force: true });
  });

  it('profiles 3 of 8 steps and opens the trace in the trace editor', async () => {
    const outcome = await vscode.commands.executeCommand<ProfiledRun>('tensorsight.profile.script', vscode.Uri.file(tinyCnn), { args: ['--steps', '8'], python });
    assert.ok(outcome, 'the command resolved once the run ended');
    assert.equal(outcome.status, 'finished');
    const written = readdirSync(path.join(outcome.dir, 'profile')).filter((name) => name.endsWith('.pt.trace.json'));
    assert.equal(written.length, 1, 'one trace in <run>/profile');
    const trace = path.join(outcome.dir, 'profile', written[0]);
    assert.deepEqual(outcome.profile.traces, [trace]);
    assert.equal(outcome.profile.recordedSteps, 3);
    assert.equal(outcome.opened, trace);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputCustom, 'a custom editor tab is active');
    assert.equal(input.viewType, 'tensorsight.trace');
    assert.equal(input.uri.fsPath, trace);
  });

  it('a script that ends before the profiled steps: no trace opened, the reason names the step counts', async () => {
    const outcome = await vscode.commands.executeCommand<ProfiledRun>('tensorsight.profile.script', vscode.Uri.file(tinyCnn), { args: ['--steps', '2'], python });
    assert.ok(outcome);
    assert.equal(outcome.status, 'finished');
    assert.equal(outcome.opened, undefined);
    assert.deepEqual(outcome.profile.traces, []);
    assert.match(outcome.profile.problem ?? '', /^the script ended after 2 steps, before the profiled ones: the profiler skips 1, warms up over 1 and records 3/);
  });
});
