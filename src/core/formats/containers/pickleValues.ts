// The inert values our unpickler builds. Nothing here can run code: a Python global becomes a
// name, a call becomes a record of the call, an object becomes its class name plus its state.

/** Any value an unpickled stream can hold. Lists and tuples are both arrays; dicts are Maps. */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleDict
  | PickleSet
  | PickleGlobal
  | PickleObject
  | PickleCall
  | object;

/** A Python dict (or OrderedDict): keys keep their pickled values; BUILD state lands in `attrs`. */
export class PickleDict extends Map<PickleValue, PickleValue> {
  attrs?: PickleValue;
  /** The value under a string key. */
  str(key: string): PickleValue | undefined {
    return this.get(key);
  }
}

/** A Python set or frozenset. */
export class PickleSet extends Set<PickleValue> {}

/** A reference to a module-level Python name (GLOBAL / STACK_GLOBAL); it is never imported. */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** An instance of a class (NEWOBJ, or BUILD on a class call): class name, constructor args and state. */
export class PickleObject {
  state: PickleValue = null;
  /** Items appended (list subclasses) or set (dict subclasses) after construction. */
  items: PickleValue[] = [];
  constructor(
    readonly className: string,
    readonly args: PickleValue[],
  ) {}

  /** A field of a dict-shaped state, e.g. `_parameters` of a torch.nn.Module. */
  field(name: string): PickleValue | undefined {
    return this.state instanceof PickleDict ? this.state.get(name) : undefined;
  }
}

/** A call to a callable outside the whitelist: recorded, never made. */
export class PickleCall {
  state: PickleValue = null;
  constructor(
    readonly callee: string,
    readonly args: PickleValue[],
  ) {}

  /** Shown in warnings and errors: `{ unsupportedGlobal: 'os.system', args }` as the brief names it. */
  get unsupportedGlobal(): string {
    return this.callee;
  }
}

/** Builds an inert value for a whitelisted callable; receives the already-unpickled arguments. */
export type PickleCallable = (args: PickleValue[]) => PickleValue;

/** Loads a persistent id (PERSID/BINPERSID), e.g. a PyTorch storage key, into an inert descriptor. */
export type PersistentLoad = (pid: PickleValue) => PickleValue;

/** Walks every value reachable from `root` once (pickles may hold cycles through the memo). */
export function* walkPickle(root: PickleValue): Generator<PickleValue> {
  const seen = new Set<object>();
  const stack: PickleValue[] = [root];
  while (stack.length > 0) {
    const value = stack.pop() as PickleValue;
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    yield value;
    if (Array.isArray(value)) stack.push(...value);
    else if (value instanceof PickleDict) {
      for (const [key, item] of value) stack.push(key, item);
      if (value.attrs !== undefined) stack.push(value.attrs);
    } else if (value instanceof PickleSet) stack.push(...value);
    else if (value instanceof PickleObject) stack.push(...value.args, value.state, ...value.items);
    else if (value instanceof PickleCall) stack.push(...value.args, value.state);
  }
}
