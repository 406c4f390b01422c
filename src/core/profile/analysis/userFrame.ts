// The user's own frame in a profiler call stack: what "jump to source" opens. Frames are written as
// `path/to/file.py(123): function` (the `Call stack` arg of older Kineto, `;`-separated, innermost first, and the
// names of with_stack's python_function events); library frames (site-packages, the standard library, torch itself,
// `<built-in …>`) are skipped.

export interface SourceFrame {
  file: string;
  line: number;
}

const framePattern = /^\s*(.+?)\((\d+)\):/;
const libraryPath = /(?:site-packages|dist-packages)[\\/]|[\\/]lib[\\/]python\d[\d.]*[\\/]|[\\/]torch[\\/]|^<|^\s*nn\.Module:/;

/** The frame a python_function event's name stands for, when it is user code. */
export function userFrame(name: string): SourceFrame | undefined {
  if (libraryPath.test(name)) return undefined;
  const match = framePattern.exec(name);
  if (match === null) return undefined;
  return { file: match[1], line: Number(match[2]) };
}

/** The innermost user frame of a `Call stack` arg. */
export function frameOfCallStack(stack: string): SourceFrame | undefined {
  for (const frame of stack.split(';')) {
    const found = userFrame(frame);
    if (found !== undefined) return found;
  }
  return undefined;
}
