// The environment doctor end to end inside the real extension host: the command runs the real probes and opens its report.
// Expected facts come from the machine itself (python3, nvidia-smi), never from the doctor's own output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { DoctorResult } from '../../src/host/env/doctorReport';

/** What an interpreter itself prints for `code`, or null when it fails (module absent, interpreter broken). */
function askPython(executable: string, code: string): string | null {
  const probe = spawnSync(executable, ['-c', code], { encoding: 'utf8', timeout: 90_000 });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** The first truthy value of `probe`, checked now and on each `event`, or undefined after `timeoutMs`. */
function eventually<T>(probe: () => T | undefined, event: vscode.Event<unknown>, timeoutMs: number): Promise<T | undefined> {
  const now = probe();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = (value: T | undefined) => { clearTimeout(timer); listener.dispose(); resolve(value); };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const listener = event(() => { const value = probe(); if (value) finish(value); });
  });
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

describe('environment doctor', function () {
  // The probes import real frameworks (torch alone takes seconds on a small machine).
  this.timeout(180_000);
  let result: DoctorResult;

  before(async () => {
    result = await vscode.commands.executeCommand<DoctorResult>('tensorsight.env.check');
  });

  it('resolves to a report with python, gpu and problems sections', () => {
    assert.ok(result, 'tensorsight.env.check resolved to nothing');
    const { report } = result;
    assert.ok(Array.isArray(report.python), 'report.python is not a list');
    assert.ok(report.gpu && typeof report.gpu.status === 'string', 'report.gpu has no status');
    assert.ok(Array.isArray(report.problems), 'report.problems is not a list');
    assert.equal(report.platform.host, 'vscode');
  });

  it('probes the python3 on PATH, and reports for every interpreter the torch it really imports', function () {
    if (!onPath('python3')) this.skip();
    const { report } = result;
    const executable = askPython('python3', 'import sys; print(sys.executable)');
    assert.ok(report.python.some((python) => python.executable === executable),
      `python3 on PATH (${executable}) is not among the probed interpreters: ${report.python.map((python) => `${python.path} (${python.status})`).join(', ')}`);
    for (const python of report.python.filter((entry) => entry.status === 'ok' && entry.executable)) {
      const torch = askPython(python.executable as string, 'import torch; print(torch.__version__)');
      const probe = python.modules.torch;
      if (torch === null) assert.notEqual(probe?.status, 'installed', `${python.executable}: torch does not import, the report says installed`);
      else assert.deepEqual([probe?.status, probe?.version], ['installed', torch], `${python.executable}: torch ${torch}`);
    }
  });

  it('reports the GPU state nvidia-smi gives', () => {
    const { gpu } = result.report;
    if (!onPath('nvidia-smi')) {
      assert.equal(gpu.status, 'not-found');
      assert.deepEqual(gpu.gpus, []);
      return;
    }
    const listed = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 30_000 });
    if (listed.status === 0) assert.equal(gpu.gpus.length, listed.stdout.trim().split('\n').filter((line) => line.startsWith('GPU ')).length);
    else assert.equal(gpu.status, 'failed');
  });

  it('opens the report in an editor tab', async () => {
    const uri = result.uri.toString();
    // A Markdown preview (a webview tab) where the Markdown extension is there, the text document otherwise.
    const showsReport = (tab: vscode.Tab) => (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri)
      || (tab.input instanceof vscode.TabInputWebview && tab.label.includes('Deep Learning Environment'));
    const allTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    // The tab model reaches the extension host a moment after the command resolves.
    const shown = await eventually(() => allTabs().find(showsReport), vscode.window.tabGroups.onDidChangeTabs, 15_000);
    assert.ok(shown, `no editor tab shows ${uri}; tabs: ${allTabs().map((tab) => tab.label).join(', ')}`);
    const document = await vscode.workspace.openTextDocument(result.uri);
    assert.match(document.getText(), /^# Deep Learning Environment/m);
  });
});
