// The call tree of the host ranges, thread by thread: events are sorted by (thread, start, longest first) and swept
// with a stack, so a range's parent is the innermost range on its thread that encloses it. Gives self time (minus
// direct children), the operator that issued each runtime call (a kernel launch), and the user's frame around each op.
import type { CollectedTrace } from './traceCollector';
import { HostKind } from './traceCollector';
import { orderBy } from './columns';
import { userFrame } from './userFrame';

export interface HostTree {
  /** Host rows in (thread, start, longest first) order; a parent always precedes its children. */
  order: Uint32Array;
  /** Enclosing range (any kind but runtime), -1 for roots and for runtime rows. */
  parent: Int32Array;
  /** Time of the direct children and runtime calls inside the range (torch-tb-profiler's self time leaves both out). */
  childrenUs: Float64Array;
  /** Per device row: the innermost operator (op, DataLoader or collective range) enclosing the runtime call that
   * launched it, -1 when none. */
  launcher: Int32Array;
  /** The innermost enclosing python_function row that is user code, -1 when none; null when the trace has no
   * python_function rows at all (every row's would be -1). */
  pythonFrame: Int32Array | null;
}

/** Whether a host row is an operator in the operator table's sense. */
export function isOperatorKind(kind: number): boolean {
  return kind === HostKind.op || kind === HostKind.dataLoader || kind === HostKind.communication;
}

export function buildHostTree(trace: CollectedTrace, deviceRuntime: Int32Array): HostTree {
  const { ts, dur, thread, kind, name } = trace.host;
  const n = ts.length;
  const order = orderBy(n, (a, b) => thread[a] - thread[b] || ts[a] - ts[b] || dur[b] - dur[a]);
  const parent = new Int32Array(n).fill(-1);
  const childrenUs = new Float64Array(n);
  let hasPython = false;
  for (let i = 0; i < n && !hasPython; i++) hasPython = kind[i] === HostKind.python || kind[i] === HostKind.legacyPython;
  const pythonFrame = hasPython ? new Int32Array(n).fill(-1) : null;
  const isUserFrame = new Map<number, boolean>();
  // The stack, and per level the innermost operator and user python frame at or below it.
  const stack: number[] = [];
  const opAt: number[] = [];
  const frameAt: number[] = [];
  let currentThread = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (thread[i] !== currentThread) {
      currentThread = thread[i];
      stack.length = 0;
    }
    const start = ts[i];
    const end = start + dur[i];
    while (stack.length > 0 && ts[stack[stack.length - 1]] + dur[stack[stack.length - 1]] <= start) stack.pop();
    const depth = stack.length;
    const top = depth > 0 ? stack[depth - 1] : -1;
    // A range that starts inside another is its child even when it ends a little later (the legacy autograd export
    // rounds to whole µs); it takes from the parent's self time only the part inside the parent.
    const insideTop = top >= 0 ? Math.min(end, ts[top] + dur[top]) - start : 0;
    const innermostOp = depth > 0 ? opAt[depth - 1] : -1;
    const innermostFrame = depth > 0 ? frameAt[depth - 1] : -1;
    if (kind[i] === HostKind.runtime) {
      // A runtime row has no parent: its slot holds its launcher until the device rows take it, below.
      parent[i] = innermostOp;
      if (top >= 0) childrenUs[top] += insideTop;
      continue;
    }
    parent[i] = top;
    if (top >= 0) childrenUs[top] += insideTop;
    if (pythonFrame !== null) pythonFrame[i] = innermostFrame;
    let userCode = false;
    if (kind[i] === HostKind.python || kind[i] === HostKind.legacyPython) {
      let known = isUserFrame.get(name[i]);
      if (known === undefined) {
        known = userFrame(trace.names[name[i]]) !== undefined;
        isUserFrame.set(name[i], known);
      }
      userCode = known;
    }
    stack.push(i);
    opAt[depth] = isOperatorKind(kind[i]) ? i : innermostOp;
    frameAt[depth] = userCode ? i : innermostFrame;
  }
  const launcher = new Int32Array(deviceRuntime.length).fill(-1);
  for (let j = 0; j < deviceRuntime.length; j++) if (deviceRuntime[j] >= 0) launcher[j] = parent[deviceRuntime[j]];
  for (let i = 0; i < n; i++) if (kind[i] === HostKind.runtime) parent[i] = -1;
  return { order, parent, childrenUs, launcher, pythonFrame };
}
