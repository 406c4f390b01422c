// A strict JSON parser (RFC 8259) that remembers where each value and key starts, so a spec error can name the
// line and column of the field, and a syntax error says where it is (V8's JSON.parse messages do not always carry a
// position). Duplicate keys are errors rather than last-one-wins. Never evaluates anything.
import { formatFieldPath, lineColumn } from './fieldPath';

/** Character offsets of a value and, for object members, of its key. */
export interface JsonPosition { value: number; key?: number }

/** The parsed value and the position of every value, keyed by formatFieldPath. */
export interface JsonWithPositions { value: unknown; positions: Map<string, JsonPosition> }

/** Malformed JSON: the offset, line and column where the parser stopped, and what it expected there. */
export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(readonly offset: number, readonly detail: string, text: string) {
    const { line, column } = lineColumn(text, offset);
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.column = column;
  }
}

// Specs are small hand-written files; this keeps a hostile one from overflowing the stack.
const MAX_DEPTH = 256;

/** Parses `text` as JSON (a leading byte-order mark is allowed). */
export function parseJsonWithPositions(text: string): JsonWithPositions {
  const positions = new Map<string, JsonPosition>();
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (detail: string, offset = at): never => {
    throw new JsonSyntaxError(offset, detail, text);
  };
  const describe = (): string => (at >= text.length ? 'the end of the file' : JSON.stringify(text[at]));
  const skipSpace = (): void => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      at++;
    }
  };
  const expect = (char: string, what: string): void => {
    skipSpace();
    if (text[at] !== char) fail(`expected ${what}, found ${describe()}`);
    at++;
  };

  const parseString = (): string => {
    const start = at;
    at++; // opening quote
    let out = '';
    let runStart = at;
    for (;;) {
      if (at >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(at);
      if (c === 0x22) break;
      if (c < 0x20) fail('control character in a string (write it as an escape such as \\n)');
      if (c !== 0x5c) {
        at++;
        continue;
      }
      out += text.slice(runStart, at);
      const escape = text[at + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (escape in simple) {
        out += simple[escape];
        at += 2;
      } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
        out += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
        at += 6;
      } else {
        fail(`invalid escape \\${escape ?? ''} in a string`);
      }
      runStart = at;
    }
    out += text.slice(runStart, at);
    at++; // closing quote
    return out;
  };

  const parseNumber = (): number => {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(at, at + 400));
    if (!match) fail(`expected a value, found ${describe()}`);
    at += match![0].length;
    return Number(match![0]);
  };

  const parseValue = (path: (string | number)[], depth: number, keyOffset?: number): unknown => {
    skipSpace();
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    positions.set(formatFieldPath(path), keyOffset === undefined ? { value: at } : { value: at, key: keyOffset });
    const c = text[at];
    if (c === '{') return parseObject(path, depth);
    if (c === '[') return parseArray(path, depth);
    if (c === '"') return parseString();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return value;
      }
    }
    if (c === '-' || (c >= '0' && c <= '9')) return parseNumber();
    return fail(`expected a value, found ${describe()}`);
  };

  const parseObject = (path: (string | number)[], depth: number): Record<string, unknown> => {
    at++;
    const object: Record<string, unknown> = {};
    skipSpace();
    if (text[at] === '}') {
      at++;
      return object;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"') fail(`expected a quoted property name, found ${describe()}`);
      const keyOffset = at;
      const key = parseString();
      if (Object.prototype.hasOwnProperty.call(object, key)) fail(`duplicate key ${JSON.stringify(key)} in ${formatFieldPath(path)}`, keyOffset);
      expect(':', `':' after the key ${JSON.stringify(key)}`);
      // defineProperty: a "__proto__" key stays plain data instead of setting the prototype.
      Object.defineProperty(object, key, { value: parseValue([...path, key], depth + 1, keyOffset), enumerable: true, writable: true, configurable: true });
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') {
        at++;
        return object;
      }
      fail(`expected ',' or '}' after the value of ${JSON.stringify(key)}, found ${describe()}`);
    }
  };

  const parseArray = (path: (string | number)[], depth: number): unknown[] => {
    at++;
    const array: unknown[] = [];
    skipSpace();
    if (text[at] === ']') {
      at++;
      return array;
    }
    for (;;) {
      array.push(parseValue([...path, array.length], depth + 1));
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === ']') {
        at++;
        return array;
      }
      fail(`expected ',' or ']' in the list, found ${describe()}`);
    }
  };

  const value = parseValue([], 0);
  skipSpace();
  if (at < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return { value, positions };
}
