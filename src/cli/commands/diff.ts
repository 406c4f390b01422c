// `tensorsight diff <a> <b>` (options in `usage` below): what differs between two model files of any formats
// (JSON contract: docs/cli.md).
import * as path from 'node:path';
import { InputError, UsageError, parseArgs, type CliCommand } from '../cliCommand';
import { formatDiffText } from '../../core/diff/diffText';
import type { ModelDiffRequest, ModelDiffResult } from '../../core/diff/modelDiffWorker';
import { DEFAULT_PARSE_TIMEOUT_SECONDS, runWatched } from '../../core/parse/parseWatchdog';
import { workerScript } from '../../core/parse/workerScript';

const usage = `Usage: tensorsight diff <a> <b> [--json] [--stats] [--timeout <seconds>]

Compares two model files (A, the "before", and B, the "after"): layers are matched by name and scope,
then by structure (two exports that name nodes differently still match); prints both summaries
(nodes, params, MACs) and the added, removed and changed layers (op, attributes, input and output
shapes and dtypes, params) and weights (dtype, shape, values with --stats).

  <a> <b>      model files or folders of any format \`tensorsight summary\` reads; two formats
               (ONNX against TFLite) compare ops by family, approximately (the output says what)
  --json       machine-readable output: {a, b, crossFormat, notes, counts, nodes: {added, removed,
               changed, renamed}, tensors: {matched, added, removed, changed}}
  --stats      read the values of every matched weight for min/max/mean/std (reads all weights)
  --timeout S  stop after S seconds (default ${DEFAULT_PARSE_TIMEOUT_SECONDS}): parsing runs in a worker thread stopped at the limit`;

/** Parses and diffs in a worker thread (dist/workers/modelDiff.js, or its source under tsx), stopped at `timeoutMs`. */
function diffInWorker(request: ModelDiffRequest, timeoutMs: number): Promise<ModelDiffResult> {
  const script = workerScript(path.join(__dirname, 'workers'), 'modelDiff', path.resolve(__dirname, '../../core/diff/modelDiffWorker.ts'), __filename);
  const fail = (error: string): ModelDiffResult => ({ ok: false, error, formatError: true });
  return runWatched<ModelDiffResult>(script, request, { subject: `${request.path} and ${request.other}`, timeoutMs, fail }).result;
}

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'what differs between two model files: added, removed and changed layers and weights',
  usage,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['timeout'], ['stats']);
    if (positionals.length !== 2) throw new UsageError(positionals.length < 2 ? 'expected two model files' : 'expected exactly two model files');
    const timeoutFlag = flags.get('timeout');
    const timeout = timeoutFlag === undefined ? DEFAULT_PARSE_TIMEOUT_SECONDS : Number(timeoutFlag);
    if (!(timeout > 0 && Number.isFinite(timeout))) throw new UsageError(`--timeout needs a positive number of seconds, got '${String(timeoutFlag)}'`);
    const [a, b] = positionals;
    const result = await diffInWorker({ path: a, other: b, options: { weightStats: flags.has('stats') } }, timeout * 1000);
    if (!result.ok) throw result.formatError ? new InputError(result.error) : new Error(result.error);
    io.out(flags.has('json') ? `${JSON.stringify(result.diff, null, 2)}\n` : formatDiffText(result.diff));
    return 0;
  },
};
