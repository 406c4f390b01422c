// A workbench on a code-server of its own whose PATH starts with a folder holding `nvidia-smi`: the replay double
// (test/fixtures/bin/nvidia-smi-replay), which plays back real recorded outputs from a real child process. `env`
// picks the recordings (NVIDIA_SMI_REPLAY_GPUS, ...); `links` puts more programs in that folder (a python3).
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeRunDir, removeRunDir, startCodeServer } from '../../scripts/vscode/codeServer.mjs';
import { developmentPayload, e2eSession } from '../../scripts/vscode/e2eSession.mjs';
import { repoRoot } from '../../scripts/vscode/toolPaths.mjs';
import { defaultWorkspace } from '../../scripts/vscode/vscodeSession.mjs';
import { openWorkbench } from './workbench.mjs';

/** Starts the server and opens its workbench; `close()` stops both and removes the run folder, whatever got started. */
export async function openReplayWorkbench(name, { env = {}, links = {}, workspace } = {}) {
  const session = { runDir: makeRunDir(name), server: undefined, page: undefined };
  session.close = async () => {
    await session.page?.close();
    await session.server?.stop();
    removeRunDir(session.runDir);
  };
  try {
    const bin = join(session.runDir, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(join(repoRoot, 'test/fixtures/bin/nvidia-smi-replay'), join(bin, 'nvidia-smi'));
    for (const [program, target] of Object.entries(links)) symlinkSync(target, join(bin, program));
    session.server = await startCodeServer({ runDir: session.runDir, workspace: workspace ?? defaultWorkspace(session.runDir), env: { PATH: `${bin}:${process.env.PATH}`, ...env } });
    session.page = await openWorkbench(e2eSession().browser, session.server, developmentPayload(session.server));
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}
