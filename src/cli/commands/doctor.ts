// `tensorsight doctor`: checks Python interpreters, frameworks, the NVIDIA driver and Node runtimes.
// Missing pieces are findings, not failures: the exit code is 0 whenever the report could be made.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findPythonCandidates } from '../../core/env/findPythonCandidates';
import { renderDoctorText } from '../../core/env/renderDoctorText';
import { DEFAULT_CHECK_TIMEOUT_MS, runDoctor } from '../../core/env/runDoctor';
import { parseArgs, UsageError, type CliCommand } from '../cliCommand';

const USAGE = `Usage: tensorsight doctor [--json] [--python <path>] [--timeout <ms>]

Checks the deep-learning environment and lists problems with fixes.
  --python <path>   check only this interpreter (default: every python3* on PATH, .venv/venv in the current
                    folder, conda environments and pyenv versions; the first on PATH is the default)
  --timeout <ms>    limit for each check, killed when exceeded (default ${DEFAULT_CHECK_TIMEOUT_MS})
  --json            print the report as JSON
Exit code 0 even when things are missing: they are reported as problems.`;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check Python, frameworks, the NVIDIA driver and Node runtimes',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['python', 'timeout']);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const timeoutMs = parseTimeout(flags.get('timeout'));
    const python = flags.get('python');
    // Children run in their own process groups; on Ctrl-C we kill them rather than leave them behind.
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const report = await runDoctor({
        host: 'cli',
        // The current folder stands for the workspace: its .venv/venv are checked too.
        pythons: findPythonCandidates({ explicit: typeof python === 'string' ? python : undefined, workspaceFolders: [process.cwd()] }),
        timeoutMs,
        moduleRoot: packageRoot(__dirname),
        signal: controller.signal,
      });
      if (controller.signal.aborted) return 130;
      io.out(flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorText(report));
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

function parseTimeout(value: string | true | undefined): number {
  if (value === undefined) return DEFAULT_CHECK_TIMEOUT_MS;
  const ms = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || ms < 1) throw new UsageError(`--timeout takes a whole number of milliseconds (at least 1), got '${value}'`);
  return ms;
}

/** The installed package's folder (dist/.. when bundled, the repository when run from source): its node_modules hold the optional runtimes. */
function packageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}
