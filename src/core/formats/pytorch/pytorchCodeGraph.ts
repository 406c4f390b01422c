// Best-effort recovery of a TorchScript model's operators from code/: the root module's forward
// is walked symbolically, submodule calls are inlined under their module path, and every
// `torch.<op>(...)` on tensors becomes an `aten` node. Nothing is executed: values are symbols
// (tensor names, modules, constants). Control flow is followed only when its condition is a
// known constant; anything else is marked partial, and tensors no recovered op reads keep their
// module nodes, so parameters are never lost.
import type { Graph, Node, Value } from '../../ir/graph';
import type { Expr } from './pytorchCodeExpr';
import type { CodeFunction, Stmt, TorchScriptCode } from './pytorchCodeParser';
import { PickleObject, type PickleValue } from '../containers/pickleValues';
import { TorchTensor } from './pytorchTensor';

/** A symbolic value while walking forward(). */
type Sym =
  | { t: 'tensor'; name: string; node?: Node }
  | { t: 'module'; obj: PickleObject; path: string[] }
  | { t: 'const'; value: unknown }
  | { t: 'seq'; items: Sym[] }
  | { t: 'path'; parts: string[] }
  | { t: 'unknown' };

/** The recovered graph, or the module graph unchanged when recovery found nothing. */
export interface RecoveredGraph {
  graph: Graph;
  source: string;
  warnings: string[];
}

const UNKNOWN: Sym = { t: 'unknown' };
const MAX_DEPTH = 64;
const MAX_NODES = 100_000;
/** Statements walked in all: inlining is exponential for code that calls itself, so the walk is capped. */
const MAX_STEPS = 300_000;
/** torch functions that return Python scalars, not tensors: no node. */
const SCALAR_OPS = new Set(['size', 'dim', 'len', 'format', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', '__is__', '__isnot__', 'numel', 'is_floating_point', 'warn', 'floordiv', 'item', 'Int', 'Float', 'Bool']);

/** Recovers ops from the root module's forward; falls back to `modules` when nothing is found. */
export function recoverTorchScriptGraph(name: string, root: PickleValue, code: TorchScriptCode, modules: Graph): RecoveredGraph {
  const fallback = { graph: modules, source: 'modules (no forward code recovered)', warnings: [] };
  if (!(root instanceof PickleObject) || !code.classes.get(root.className)?.methods.has('forward')) return fallback;
  const walker = new ForwardWalker(code, modules.values);
  const forward = code.classes.get(root.className)!.methods.get('forward')!;
  const inputs = forward.params.slice(1).map((param) => walker.input(param));
  let result: Sym;
  try {
    result = walker.call({ t: 'module', obj: root, path: [] }, forward, inputs, 0);
  } catch (error) {
    return { ...fallback, warnings: [`TorchScript code could not be followed (${(error as Error).message}); showing modules instead`] };
  }
  if (walker.nodes.length === 0) return fallback;
  const consumed = new Set(walker.nodes.flatMap((node) => node.inputs));
  // Tensors no recovered op reads (num_batches_tracked, unused parameters) join the first op of their
  // module, or keep their module node when no op ran in that module, so no stored tensor is lost.
  const firstOpOf = new Map<string, Node>();
  for (const node of walker.nodes) if (!firstOpOf.has(node.scope.join('.'))) firstOpOf.set(node.scope.join('.'), node);
  const leftovers: Node[] = [];
  for (const node of modules.nodes) {
    const unread = node.inputs.filter((input) => !consumed.has(input));
    if (unread.length === 0) continue;
    const owner = firstOpOf.get(node.scope.join('.'));
    if (owner) owner.inputs.push(...unread);
    else leftovers.push({ ...node, inputs: unread });
  }
  const graph: Graph = {
    name,
    nodes: [...walker.nodes, ...leftovers],
    values: walker.values,
    inputs: inputs.map((input) => (input.t === 'tensor' ? input.name : '')).filter(Boolean),
    outputs: tensorNames(result),
  };
  const gaps = [...new Set(walker.gaps)];
  const warnings = gaps.length > 0 ? [`the operator graph recovered from TorchScript code/ is partial; not followed: ${gaps.slice(0, 3).join('; ')}${gaps.length > 3 ? `; and ${gaps.length - 3} more` : ''}`] : [];
  return { graph, source: 'TorchScript code/ (best effort)', warnings };
}

class ForwardWalker {
  readonly nodes: Node[] = [];
  readonly values: Map<string, Value>;
  /** What could not be followed, for the partial-graph warning. */
  readonly gaps: string[] = [];
  private counter = 0;

  constructor(
    private readonly code: TorchScriptCode,
    initializers: Map<string, Value>,
  ) {
    this.values = new Map(initializers);
  }

  private gap(what: string, scope: string[]): void {
    this.gaps.push(`${what}${scope.length ? ` in ${scope.join('.')}` : ''}`);
  }

  input(name: string): Sym {
    this.values.set(name, { name });
    return { t: 'tensor', name };
  }

  /** Runs `fn`; a module method takes the module's scope, a free function (torch.nn.functional) its caller's. */
  call(self: Sym, fn: CodeFunction, args: Sym[], depth: number, callerScope: string[] = []): Sym {
    if (depth > MAX_DEPTH) throw new Error(`calls nest deeper than ${MAX_DEPTH}`);
    const env = new Map<string, Sym>();
    fn.params.forEach((param, index) => env.set(param, index === 0 && self.t !== 'unknown' ? self : (args[self.t === 'unknown' ? index : index - 1] ?? UNKNOWN)));
    return this.block(fn.body, env, self.t === 'module' ? self.path : callerScope, depth) ?? { t: 'const', value: null };
  }

  private steps = 0;

  private block(statements: Stmt[], env: Map<string, Sym>, scope: string[], depth: number): Sym | undefined {
    for (const statement of statements) {
      if (++this.steps > MAX_STEPS) throw new Error(`more than ${MAX_STEPS} statements to follow`);
      if (statement.k === 'return') return this.eval(statement.value, env, scope, depth);
      if (statement.k === 'assign') this.assign(statement.targets, this.eval(statement.value, env, scope, depth), env);
      else if (statement.k === 'expr') this.eval(statement.value, env, scope, depth);
      else if (statement.k === 'unsupported') this.gap(`'${statement.text}'`, scope);
      else if (statement.k === 'if') {
        const condition = this.eval(statement.condition, env, scope, depth);
        let branch: Stmt[] | undefined;
        if (condition.t === 'const') branch = condition.value ? statement.then : statement.else;
        else if (raises(statement.then)) branch = statement.else;
        else if (raises(statement.else)) branch = statement.then;
        else this.gap('a branch on a value only known at run time', scope);
        const returned = branch && this.block(branch, env, scope, depth);
        if (returned) return returned;
      }
    }
    return undefined;
  }

  private assign(targets: string[], value: Sym, env: Map<string, Sym>): void {
    if (targets.length === 1) return void env.set(targets[0], value);
    if (value.t === 'seq') return targets.forEach((target, index) => env.set(target, value.items[index] ?? UNKNOWN));
    if (value.t === 'tensor' && value.node) {
      // A tuple-returning op (chunk, split, max with dim): give its node one output per target.
      value.node.outputs = targets.map((target) => this.fresh(value.node!.scope, target));
      targets.forEach((target, index) => env.set(target, { t: 'tensor', name: value.node!.outputs[index] }));
      return;
    }
    targets.forEach((target) => env.set(target, UNKNOWN));
  }

  private eval(expr: Expr, env: Map<string, Sym>, scope: string[], depth: number): Sym {
    switch (expr.k) {
      case 'const':
        return { t: 'const', value: expr.value };
      case 'name':
        return env.get(expr.id) ?? (/^(torch|ops|__torch__|math|CONSTANTS)$/.test(expr.id) ? { t: 'path', parts: [expr.id] } : UNKNOWN);
      case 'list':
      case 'tuple':
        return { t: 'seq', items: expr.items.map((item) => this.eval(item, env, scope, depth)) };
      case 'attr':
        return this.attribute(this.eval(expr.obj, env, scope, depth), expr.name);
      case 'index': {
        const target = this.eval(expr.obj, env, scope, depth);
        const index = this.eval(expr.index, env, scope, depth);
        return target.t === 'seq' && index.t === 'const' && typeof index.value === 'number' ? (target.items.at(index.value) ?? UNKNOWN) : UNKNOWN;
      }
      case 'op':
        return constantOp(expr.op, expr.args.map((arg) => this.eval(arg, env, scope, depth)));
      case 'call':
        return this.callExpr(expr, env, scope, depth);
      default:
        return UNKNOWN;
    }
  }

  private callExpr(expr: Extract<Expr, { k: 'call' }>, env: Map<string, Sym>, scope: string[], depth: number): Sym {
    const args = expr.args.map((arg) => this.eval(arg, env, scope, depth));
    const kwargs = expr.kwargs.map(([key, arg]) => [key, this.eval(arg, env, scope, depth)] as const);
    if (expr.fn.k === 'name' && expr.fn.id === 'getattr' && args[1]?.t === 'const') return this.attribute(args[0], String(args[1].value));
    // Type annotations of generated code (`annotate(List[int], [])`, `unchecked_cast(List[int], stride)`) pass their value through.
    if (expr.fn.k === 'name' && (expr.fn.id === 'annotate' || expr.fn.id === 'unchecked_cast')) return args[1] ?? UNKNOWN;
    if (expr.fn.k === 'attr') {
      const target = this.eval(expr.fn.obj, env, scope, depth);
      if (target.t === 'module') {
        const method = this.code.classes.get(target.obj.className)?.methods.get(expr.fn.name);
        if (method) return this.call(target, method, args, depth + 1);
        this.gap(`method ${expr.fn.name} of ${target.obj.className}`, scope);
        return UNKNOWN;
      }
    }
    const callee = this.eval(expr.fn, env, scope, depth);
    if (callee.t !== 'path') return UNKNOWN;
    const qualified = callee.parts.join('.');
    const fn = this.code.functions.get(qualified);
    if (fn) return this.call(UNKNOWN, fn, args, depth + 1, scope);
    const [head, second] = callee.parts;
    const op = callee.parts[callee.parts.length - 1];
    const isAten = (head === 'torch' && callee.parts.length === 2) || (head === 'ops' && second === 'aten');
    const tensors = [...args, ...kwargs.map(([, value]) => value)].flatMap(tensorNames);
    if (!isAten) return UNKNOWN;
    if (tensors.length === 0) return foldScalar(op, args);
    if (SCALAR_OPS.has(op)) return UNKNOWN;
    return this.emit(op, scope, args, kwargs, tensors);
  }

  private emit(op: string, scope: string[], args: Sym[], kwargs: (readonly [string, Sym])[], inputs: string[]): Sym {
    if (this.nodes.length >= MAX_NODES) throw new Error(`more than ${MAX_NODES} operators`);
    const attrs: Node['attrs'] = {};
    const unresolved: number[] = [];
    args.forEach((arg, index) => {
      const value = constantOf(arg);
      if (value !== undefined) attrs[`arg${index}`] = value as Node['attrs'][string];
      else if (tensorNames(arg).length === 0) unresolved.push(index);
    });
    // Arguments known only at run time: cost rules then leave what they feed unknown instead of assuming defaults.
    if (unresolved.length > 0) attrs.unresolvedArgs = unresolved;
    for (const [key, arg] of kwargs) {
      const value = constantOf(arg);
      if (value !== undefined) attrs[key] = value as Node['attrs'][string];
    }
    const output = this.fresh(scope, op);
    const node: Node = { id: `n${this.nodes.length}`, op, domain: 'aten', name: `${scope.join('.')}${scope.length ? '/' : ''}${op}_${this.nodes.length}`, scope, attrs, inputs, outputs: [output] };
    this.nodes.push(node);
    return { t: 'tensor', name: output, node };
  }

  private fresh(scope: string[], base: string): string {
    const name = `${scope.join('.')}${scope.length ? '/' : ''}${base}:${this.counter++}`;
    this.values.set(name, { name });
    return name;
  }

  private attribute(target: Sym | undefined, name: string): Sym {
    if (target?.t === 'path' && target.parts[0] === 'CONSTANTS') {
      const constant = `CONSTANTS.${name}`;
      return this.values.get(constant)?.initializer ? { t: 'tensor', name: constant } : UNKNOWN;
    }
    if (target?.t === 'path') return { t: 'path', parts: [...target.parts, name] };
    if (target?.t !== 'module') return UNKNOWN;
    const item = target.obj.field(name);
    if (item instanceof PickleObject) return { t: 'module', obj: item, path: [...target.path, name] };
    if (item instanceof TorchTensor) return { t: 'tensor', name: [...target.path, name].join('.') };
    if (item === null || ['number', 'string', 'boolean'].includes(typeof item)) return { t: 'const', value: item };
    const constant = this.code.classes.get(target.obj.className)?.constants[name];
    return constant !== undefined ? { t: 'const', value: constant } : UNKNOWN;
  }
}

function tensorNames(sym: Sym): string[] {
  if (sym.t === 'tensor') return [sym.name];
  if (sym.t === 'seq') return sym.items.flatMap(tensorNames);
  return [];
}

function constantOf(sym: Sym): unknown {
  if (sym.t === 'const') return sym.value;
  if (sym.t === 'seq') {
    const items = sym.items.map(constantOf);
    return items.every((item) => item !== undefined) ? items : undefined;
  }
  return undefined;
}

/** Folds operators on known constants (`not training`, `a == 4`); anything else is unknown. */
function constantOp(op: string, args: Sym[]): Sym {
  const values = args.map(constantOf);
  if (values.some((value) => value === undefined)) return UNKNOWN;
  const [a, b] = values as [never, never];
  const table: Record<string, () => unknown> = {
    not: () => !a, and: () => a && b, or: () => a || b, '==': () => a === b, '!=': () => a !== b, is: () => a === b, 'is not': () => a !== b,
    '<': () => a < b, '>': () => a > b, '<=': () => a <= b, '>=': () => a >= b, neg: () => -(a as number), ifelse: () => (a ? b : values[2]),
  };
  return table[op] ? { t: 'const', value: table[op]() } : UNKNOWN;
}

/** torch.* scalar helpers on known constants (`torch.__is__(stride, None)`, `torch.len([3, 3])`). */
function foldScalar(op: string, args: Sym[]): Sym {
  if (op === 'len' && args[0]?.t === 'seq') return { t: 'const', value: args[0].items.length };
  const values = args.map(constantOf);
  if (values.length === 0 || values.some((value) => value === undefined)) return UNKNOWN;
  const [a, b] = values as [never, never];
  const table: Record<string, () => unknown> = {
    __is__: () => a === b, __isnot__: () => a !== b, eq: () => a === b, ne: () => a !== b, lt: () => a < b, gt: () => a > b, le: () => a <= b, ge: () => a >= b,
    add: () => (a as number) + (b as number), sub: () => (a as number) - (b as number), mul: () => (a as number) * (b as number), floordiv: () => Math.floor((a as number) / (b as number)),
  };
  return table[op] ? { t: 'const', value: table[op]() } : UNKNOWN;
}

function raises(statements: Stmt[]): boolean {
  return statements.some((statement) => statement.k === 'expr' && statement.value.k === 'call' && statement.value.fn.k === 'attr' && statement.value.fn.name === 'RaiseException');
}
