// `npm run fuzz -- [--cases N] [--seed S] [--reader R[,R...]] [--timeout SECONDS] [--workers N] [--keep DIR]`:
// the fuzz suite at any size. Prints the tally per reader and every crash or timeout; exits 1 if any.
import { formatFailure, formatTally, runFuzz } from './fuzzRun';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  if (at >= 0) return args[at + 1];
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function number(name: string, fallback: number): number {
  const text = flag(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got '${text}'`);
  return value;
}

async function main(): Promise<number> {
  const seed = flag('seed') === undefined ? 1 : Number(flag('seed'));
  const result = await runFuzz({
    cases: number('cases', 200),
    seed,
    readers: flag('reader')?.split(','),
    timeoutMs: number('timeout', 5) * 1000,
    workers: flag('workers') === undefined ? undefined : number('workers', 2),
    keepDir: flag('keep'),
  });
  console.log(formatTally(result.tallies));
  for (const failure of result.failures) console.log(formatFailure(failure));
  console.log(`${result.tallies.reduce((sum, tally) => sum + tally.cases, 0)} cases, seed ${seed}, ${(result.ms / 1000).toFixed(1)} s; ${result.failures.length} crashes or timeouts`);
  return result.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
