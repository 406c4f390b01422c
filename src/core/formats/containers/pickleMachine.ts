// A restricted unpickler: the pickle opcodes of protocols 0-5 run as a pure data machine that
// builds inert values (pickleValues.ts). GLOBAL names are never imported and nothing is ever
// called: a whitelisted callable maps its arguments to a descriptor, any other call is recorded
// as a PickleCall for the reader to report. Each opcode consumes input, so the machine ends.
import { FormatError } from '../formatError';
import { decodeLong, decodeRawUnicodeEscape, parseFloatLine, parseIntLine, parseLongLine, parseStringLiteral } from './pickleText';
import { PickleCall, PickleDict, PickleGlobal, PickleObject, PickleSet, type PersistentLoad, type PickleCallable, type PickleValue } from './pickleValues';

/** Where a pickle comes from and what the machine may build, for one run. */
export interface UnpickleOptions {
  /** The model file, for errors. */
  file: string;
  /** Zip entry holding the pickle, for errors. */
  entry?: string;
  /** Offset of byte 0 of `bytes` in `file`, for errors outside archives. */
  baseOffset?: number;
  /** Whitelisted callables by qualified name (`collections.OrderedDict`). */
  callables?: ReadonlyMap<string, PickleCallable>;
  persistentLoad?: PersistentLoad;
}

/** The result of one pickle: its value, where STOP ended, and every call that was not made. */
export interface UnpickleResult {
  value: PickleValue;
  /** Index in `bytes` just past the STOP opcode. */
  end: number;
  refusedCalls: PickleCall[];
}

/** Raised when the bytes end before STOP; callers reading a growing prefix retry with more. */
export class PickleTruncatedError extends FormatError {}

const MARK = Symbol('mark');
type Slot = PickleValue | typeof MARK;

/** Runs the pickle that starts at `start` in `bytes` up to its STOP opcode. */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions, start = 0): UnpickleResult {
  return new PickleMachine(bytes, options, start).run();
}

class PickleMachine {
  private pos: number;
  private readonly stack: Slot[] = [];
  private readonly memo = new Map<number, PickleValue>();
  private readonly refused: PickleCall[] = [];
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly options: UnpickleOptions,
    start: number,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): UnpickleResult {
    for (;;) {
      const at = this.pos;
      const op = this.take(1)[0];
      try {
        if (this.step(op)) return { value: this.pop(), end: this.pos, refusedCalls: this.refused };
      } catch (error) {
        if (error instanceof FormatError) throw error;
        throw this.fail(at, `opcode 0x${op.toString(16).padStart(2, '0')}: ${(error as Error).message}`);
      }
    }
  }

  /** Executes one opcode; true at STOP. */
  private step(op: number): boolean {
    switch (op) {
      case 0x80: { const protocol = this.take(1)[0]; if (protocol > 5) throw new Error(`unsupported pickle protocol ${protocol} (expected 0-5)`); break; } // PROTO
      case 0x95: this.take(8); break; // FRAME: framing is only a read hint
      case 0x2e: return true; // STOP
      case 0x28: this.stack.push(MARK); break; // MARK
      case 0x30: this.pop(); break; // POP
      case 0x31: this.popMark(); break; // POP_MARK
      case 0x32: this.push(this.top()); break; // DUP
      case 0x4e: this.push(null); break; // NONE
      case 0x88: this.push(true); break; // NEWTRUE
      case 0x89: this.push(false); break; // NEWFALSE
      case 0x49: this.push(parseIntLine(this.line())); break; // INT
      case 0x4a: this.push(this.view.getInt32(this.advance(4), true)); break; // BININT
      case 0x4b: this.push(this.take(1)[0]); break; // BININT1
      case 0x4d: this.push(this.view.getUint16(this.advance(2), true)); break; // BININT2
      case 0x4c: this.push(parseLongLine(this.line())); break; // LONG
      case 0x8a: this.push(decodeLong(this.take(this.take(1)[0]))); break; // LONG1
      case 0x8b: this.push(decodeLong(this.take(this.size32()))); break; // LONG4
      case 0x46: this.push(parseFloatLine(this.line())); break; // FLOAT
      case 0x47: this.push(this.view.getFloat64(this.advance(8), false)); break; // BINFLOAT
      case 0x53: this.push(parseStringLiteral(this.line())); break; // STRING
      case 0x54: this.push(this.text(this.size32())); break; // BINSTRING
      case 0x55: this.push(this.text(this.take(1)[0])); break; // SHORT_BINSTRING
      case 0x56: this.push(decodeRawUnicodeEscape(this.lineBytes())); break; // UNICODE
      case 0x58: this.push(this.text(this.size32())); break; // BINUNICODE
      case 0x8c: this.push(this.text(this.take(1)[0])); break; // SHORT_BINUNICODE
      case 0x8d: this.push(this.text(this.size64())); break; // BINUNICODE8
      case 0x42: this.push(this.take(this.size32())); break; // BINBYTES (a view, never a copy)
      case 0x43: this.push(this.take(this.take(1)[0])); break; // SHORT_BINBYTES
      case 0x8e: case 0x96: this.push(this.take(this.size64())); break; // BINBYTES8, BYTEARRAY8
      case 0x97: case 0x98: throw new Error('out-of-band buffers (pickle protocol 5 NEXT_BUFFER) are not supported');
      case 0x5d: this.push([]); break; // EMPTY_LIST
      case 0x6c: this.push(this.popMark()); break; // LIST
      case 0x61: this.append([this.pop()]); break; // APPEND
      case 0x65: this.append(this.popMark()); break; // APPENDS
      case 0x29: this.push([]); break; // EMPTY_TUPLE
      case 0x74: this.push(this.popMark()); break; // TUPLE
      case 0x85: this.push(this.popN(1)); break; // TUPLE1
      case 0x86: this.push(this.popN(2)); break; // TUPLE2
      case 0x87: this.push(this.popN(3)); break; // TUPLE3
      case 0x7d: this.push(new PickleDict()); break; // EMPTY_DICT
      case 0x64: { const dict = new PickleDict(); this.setItems(dict, this.popMark()); this.push(dict); break; } // DICT
      case 0x73: { const value = this.pop(); const key = this.pop(); this.setItems(this.top(), [key, value]); break; } // SETITEM
      case 0x75: { const items = this.popMark(); this.setItems(this.top(), items); break; } // SETITEMS
      case 0x8f: this.push(new PickleSet()); break; // EMPTY_SET
      case 0x90: { const items = this.popMark(); const set = this.top(); if (!(set instanceof PickleSet)) throw new Error('ADDITEMS on a non-set'); items.forEach((item) => set.add(item)); break; }
      case 0x91: this.push(new PickleSet(this.popMark())); break; // FROZENSET
      case 0x70: this.memo.set(Number(parseIntLine(this.line())), this.top()); break; // PUT
      case 0x71: this.memo.set(this.take(1)[0], this.top()); break; // BINPUT
      case 0x72: this.memo.set(this.view.getUint32(this.advance(4), true), this.top()); break; // LONG_BINPUT
      case 0x94: this.memo.set(this.memo.size, this.top()); break; // MEMOIZE
      case 0x67: this.push(this.recall(Number(parseIntLine(this.line())))); break; // GET
      case 0x68: this.push(this.recall(this.take(1)[0])); break; // BINGET
      case 0x6a: this.push(this.recall(this.view.getUint32(this.advance(4), true))); break; // LONG_BINGET
      case 0x63: { const module = this.line(); this.push(new PickleGlobal(module, this.line())); break; } // GLOBAL
      case 0x93: { const name = this.pop(); const module = this.pop(); this.push(new PickleGlobal(String(module), String(name))); break; } // STACK_GLOBAL
      case 0x52: { const args = this.pop(); this.push(this.call(this.pop(), asArgs(args))); break; } // REDUCE
      case 0x69: { const module = this.line(); const name = this.line(); this.push(this.call(new PickleGlobal(module, name), this.popMark())); break; } // INST
      case 0x6f: { const [cls, ...args] = this.popMark(); this.push(this.call(cls, args)); break; } // OBJ
      case 0x81: { const args = this.pop(); this.push(this.instantiate(this.pop(), asArgs(args))); break; } // NEWOBJ
      case 0x92: { this.pop(); const args = this.pop(); this.push(this.instantiate(this.pop(), asArgs(args))); break; } // NEWOBJ_EX (kwargs dropped)
      case 0x62: { const state = this.pop(); build(this.top(), state); break; } // BUILD
      case 0x50: this.push(this.persistent(this.text(0, this.lineBytes()))); break; // PERSID
      case 0x51: this.push(this.persistent(this.pop())); break; // BINPERSID
      case 0x82: case 0x83: case 0x84: throw new Error('extension registry codes (EXT1/EXT2/EXT4) are not supported');
      default: throw new Error('unknown opcode (not a pickle, or corrupt)');
    }
    return false;
  }

  /** REDUCE / INST / OBJ: a whitelisted callable builds its descriptor; anything else is refused. */
  private call(callee: PickleValue, args: PickleValue[]): PickleValue {
    if (callee instanceof PickleGlobal) {
      const builder = this.options.callables?.get(callee.qualifiedName);
      if (builder) return builder(args);
      if (callee.qualifiedName === 'copyreg._reconstructor' && args[0] instanceof PickleGlobal) return new PickleObject(args[0].qualifiedName, []);
    }
    const refused = new PickleCall(callee instanceof PickleGlobal ? callee.qualifiedName : describe(callee), args);
    this.refused.push(refused);
    return refused;
  }

  /** NEWOBJ: `cls.__new__(cls, *args)` becomes an inert instance record. */
  private instantiate(cls: PickleValue, args: PickleValue[]): PickleValue {
    if (!(cls instanceof PickleGlobal)) throw new Error(`NEWOBJ expects a class, found ${describe(cls)}`);
    const builder = this.options.callables?.get(cls.qualifiedName);
    return builder ? builder(args) : new PickleObject(cls.qualifiedName, args);
  }

  private persistent(pid: PickleValue): PickleValue {
    if (!this.options.persistentLoad) throw new Error('persistent id found but this pickle has no persistent store');
    return this.options.persistentLoad(pid);
  }

  private append(items: PickleValue[]): void {
    const target = this.top();
    if (Array.isArray(target)) target.push(...items);
    else if (target instanceof PickleObject) target.items.push(...items);
    else throw new Error(`APPEND to ${describe(target)}`);
  }

  private setItems(target: PickleValue, items: PickleValue[]): void {
    if (items.length % 2 !== 0) throw new Error('odd number of items for a dict');
    for (let i = 0; i < items.length; i += 2) {
      if (target instanceof PickleDict) target.set(items[i], items[i + 1]);
      else if (target instanceof PickleObject) target.items.push([items[i], items[i + 1]]);
      else throw new Error(`SETITEM on ${describe(target)}`);
    }
  }

  private recall(index: number): PickleValue {
    if (!this.memo.has(index)) throw new Error(`memo index ${index} was never stored`);
    return this.memo.get(index) as PickleValue;
  }

  private push(value: PickleValue): void {
    this.stack.push(value);
  }

  private pop(): PickleValue {
    const value = this.stack.pop();
    if (value === undefined) throw new Error('stack underflow');
    if (value === MARK) throw new Error('unexpected MARK on the stack');
    return value;
  }

  private top(): PickleValue {
    const value = this.stack[this.stack.length - 1];
    if (value === undefined || value === MARK) throw new Error('stack underflow');
    return value;
  }

  private popN(count: number): PickleValue[] {
    const items: PickleValue[] = [];
    for (let i = 0; i < count; i++) items.unshift(this.pop());
    return items;
  }

  private popMark(): PickleValue[] {
    const mark = this.stack.lastIndexOf(MARK);
    if (mark < 0) throw new Error('no MARK on the stack');
    const items = this.stack.splice(mark) as PickleValue[];
    items.shift();
    return items;
  }

  private advance(count: number): number {
    const at = this.pos;
    this.take(count);
    return at;
  }

  private take(count: number): Uint8Array {
    if (this.pos + count > this.bytes.length) {
      throw new PickleTruncatedError(this.options.file, `pickle ends at byte ${this.bytes.length} before STOP (needs ${count} more bytes at ${this.pos}; truncated?)`, this.where(this.pos));
    }
    const slice = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return slice;
  }

  private size32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  private size64(): number {
    const size = this.view.getBigUint64(this.advance(8), true);
    if (size > BigInt(this.bytes.length)) return this.bytes.length + 1; // take() reports the truncation
    return Number(size);
  }

  private text(length: number, bytes = this.take(length)): string {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  private lineBytes(): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) this.take(this.bytes.length - this.pos + 1);
    const line = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return line;
  }

  private line(): string {
    return this.text(0, this.lineBytes()).replace(/\r$/, '');
  }

  private where(at: number): { offset?: number; entry?: string } {
    return this.options.entry !== undefined ? { entry: this.options.entry } : { offset: (this.options.baseOffset ?? 0) + at };
  }

  private fail(at: number, message: string): FormatError {
    return new FormatError(this.options.file, `invalid pickle at byte ${at}: ${message}`, this.where(at));
  }
}

/** REDUCE's argument tuple; anything else is a corrupt stream. */
function asArgs(value: PickleValue): PickleValue[] {
  if (!Array.isArray(value)) throw new Error(`expected an argument tuple, found ${describe(value)}`);
  return value;
}

/** BUILD: state is recorded on the object; nothing like __setstate__ is ever run. */
function build(target: PickleValue, state: PickleValue): void {
  if (target instanceof PickleObject || target instanceof PickleCall) target.state = state;
  else if (target instanceof PickleDict) target.attrs = state;
  else if (target !== null && typeof target === 'object' && !Array.isArray(target) && !(target instanceof Uint8Array)) {
    (target as { pickleState?: PickleValue }).pickleState = state;
  }
}

/** A short description of a value for error messages. */
export function describe(value: PickleValue): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return `a sequence of ${value.length}`;
  if (value instanceof PickleGlobal) return value.qualifiedName;
  if (value instanceof PickleObject) return `an instance of ${value.className}`;
  if (value instanceof PickleCall) return `a call to ${value.callee}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return `${typeof value} ${String(value).slice(0, 40)}`;
}
