// A sweep's grid from one argument list: `--lr 1e-3,1e-4 --batch 32,64` is four runs, the cartesian product
// of every comma-separated value list, in the order written (the first axis varies slowest). Arguments
// without a comma are passed to every run unchanged.

/** One axis of the grid: the option it belongs to (`--lr`, or `#2` for a positional argument) and its values. */
export interface SweepAxis {
  name: string;
  values: string[];
}

/** The grid: its axes, and one argument list per run. */
export interface SweepGrid {
  axes: SweepAxis[];
  runs: string[][];
}

/** Runs a grid may hold before it is refused as a likely typo. */
export const MAX_SWEEP_RUNS = 1000;

/** Splits `a,b,c`; an empty value (`1e-3,`) is an error, since a run with an empty argument is rarely meant. */
function choices(token: string, name: string): string[] {
  const values = token.split(',');
  if (values.some((value) => value === '')) throw new Error(`${name}: empty value in '${token}'`);
  return values;
}

/** Parses the grid; throws with the offending argument named when it is malformed or too large. */
export function sweepGrid(args: readonly string[]): SweepGrid {
  // Each template slot is a fixed argument or an axis index; `--lr=1e-3,1e-4` keeps its `--lr=` prefix.
  const template: ({ fixed: string } | { axis: number; prefix: string })[] = [];
  const axes: SweepAxis[] = [];
  args.forEach((arg, i) => {
    const inline = /^(--?[^=\s]+=)(.*)$/.exec(arg);
    const [prefix, value] = inline ? [inline[1], inline[2]] : ['', arg];
    if (!value.includes(',') || (!inline && arg.startsWith('-') && !/^-\d/.test(arg))) {
      template.push({ fixed: arg });
      return;
    }
    const previous = args[i - 1];
    const name = inline ? inline[1].slice(0, -1) : previous !== undefined && previous.startsWith('-') && !/^-\d/.test(previous) ? previous : `#${i + 1}`;
    axes.push({ name, values: choices(value, name) });
    template.push({ axis: axes.length - 1, prefix });
  });
  const count = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (count > MAX_SWEEP_RUNS) throw new Error(`the grid has ${count} runs; at most ${MAX_SWEEP_RUNS} are allowed`);
  const runs: string[][] = [];
  for (let n = 0; n < count; n++) {
    // Mixed-radix digits of n, last axis fastest.
    const picks = new Array<number>(axes.length);
    let rest = n;
    for (let a = axes.length - 1; a >= 0; a--) {
      picks[a] = rest % axes[a].values.length;
      rest = Math.floor(rest / axes[a].values.length);
    }
    runs.push(template.map((slot) => ('fixed' in slot ? slot.fixed : `${slot.prefix}${axes[slot.axis].values[picks[slot.axis]]}`)));
  }
  return { axes, runs };
}
