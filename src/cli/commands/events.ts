// `tensorsight events`: what the TensorBoard event files of a logdir (or one file) hold, per run;
// `tensorsight events export`: every point of one scalar tag as CSV or JSON.
import { existsSync } from 'node:fs';
import { runReport } from '../../core/events/eventsReport';
import { formatEventsText } from '../../core/events/eventsTextTable';
import { LogdirReader } from '../../core/events/logdirReader';
import { InputError, parseArgs, UsageError, type CliCommand, type CliIo } from '../cliCommand';

const USAGE = `Usage: tensorsight events <file-or-logdir> [--json] [--include <globs>]
       tensorsight events export <file-or-logdir> --tag <tag> [--run <run>] [--csv | --json]

Reads TensorBoard event files (events.out.tfevents.*, any name holding tfevents) natively, keeping every point except those a restarted
run orphaned: a tag's step going back, the same step written again by a new writer session (another event
file, or after SessionLog.START), or a later SessionLog.START; they are counted by reason. A logdir is searched
for run folders (node_modules and .git are skipped); a run's name is its folder path relative to the logdir.
  --include <globs> keep only runs whose path matches one of these comma-separated globs (e.g. 'train/**')
  --json            print {runs: [{run, files, records, corrupt, scalars: {tag: {count, first: {step, value},
                    last: {step, value}}}, histograms: {tag: count}, other: {tag: count},
                    dropped: {stepBack, rewritten, sessionStart}, eventFiles}]}
export:
  --tag <tag>       the scalar tag to export (required)
  --run <run>       only this run (default: every run that has the tag)
  --csv             print run,step,wall_time,value lines (the default); --json prints {run: {steps, wallTimes, values}}
A record cut off at the end of a file is reported as pending bytes, not as an error; a record with a bad
CRC is counted as corrupt with its byte offset, and reading goes on. A missing path exits with code 1.`;

export const eventsCommand: CliCommand = {
  name: 'events',
  summary: 'summarize TensorBoard event files: runs, scalar tags, first/last points, corrupt records',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['include', 'tag', 'run'], ['csv']);
    const exporting = positionals[0] === 'export';
    const paths = exporting ? positionals.slice(1) : positionals;
    if (paths.length !== 1) throw new UsageError(paths.length === 0 ? 'missing <file-or-logdir>' : `unexpected argument '${paths[1]}'`);
    if (!exporting && (flags.has('tag') || flags.has('run') || flags.has('csv'))) throw new UsageError('--tag, --run and --csv apply only to `events export`');
    const include = flags.get('include');
    const reader = open(paths[0], typeof include === 'string' ? include.split(',') : undefined);
    reader.poll();
    if (exporting) return exportTag(reader, flags, io);
    const reports = reader.runList().map((run) => runReport(run, reader.root));
    io.out(flags.has('json') ? `${JSON.stringify({ runs: reports }, null, 2)}\n` : formatEventsText(reports, paths[0]));
    return 0;
  },
};

function open(path: string, include: string[] | undefined): LogdirReader {
  if (!existsSync(path)) throw new InputError(`no such file or folder: ${path}`);
  try {
    return new LogdirReader(path, { include });
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function exportTag(reader: LogdirReader, flags: Map<string, string | true>, io: CliIo): number {
  const tag = flags.get('tag');
  if (typeof tag !== 'string') throw new UsageError('export needs --tag <tag>');
  const only = flags.get('run');
  const runs = reader.runList().filter((run) => (only === undefined || run.name === only) && run.store.scalar(tag)?.length);
  if (runs.length === 0) throw new InputError(`no run${typeof only === 'string' ? ` named '${only}'` : ''} has scalar tag '${tag}'`);
  if (flags.has('json')) {
    const out: Record<string, { steps: number[]; wallTimes: number[]; values: number[] }> = {};
    for (const run of runs) {
      const { steps, wallTimes, values } = run.store.scalar(tag)!.columns();
      out[run.name] = { steps: Array.from(steps), wallTimes: Array.from(wallTimes), values: Array.from(values) };
    }
    io.out(`${JSON.stringify(out)}\n`);
    return 0;
  }
  io.out('run,step,wall_time,value\n');
  for (const run of runs) {
    const { steps, wallTimes, values } = run.store.scalar(tag)!.columns();
    const name = /[",\n]/.test(run.name) ? `"${run.name.replace(/"/g, '""')}"` : run.name;
    // Chunked so a million points do not build one giant string.
    for (let start = 0; start < steps.length; start += 10_000) {
      let text = '';
      for (let i = start; i < Math.min(start + 10_000, steps.length); i++) text += `${name},${steps[i]},${wallTimes[i]},${values[i]}\n`;
      io.out(text);
    }
  }
  return 0;
}
