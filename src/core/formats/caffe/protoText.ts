// Protobuf text format (`.prototxt`, `.pbtxt`) parsed without a schema into plain field lists:
// each field name maps to every value written for it, in order. Enum values and true/false stay
// identifiers (strings); the caller knows which fields are enums or booleans.

/** A decoded message: field name -> values in file order (repeated fields have several). */
export interface ProtoMessage {
  [field: string]: ProtoValue[];
}

/** One field value: a scalar, an identifier or string, or a nested message. */
export type ProtoValue = number | string | boolean | ProtoMessage;

/** A syntax error at a character offset of the text. */
export class ProtoTextError extends Error {
  constructor(
    readonly offset: number,
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/** Nested messages deeper than this are refused (a hostile file must not overflow the stack). */
const MAX_DEPTH = 64;

interface Token {
  kind: 'ident' | 'number' | 'string' | 'symbol' | 'end';
  text: string;
  at: number;
}

const NUMBER = /^[-+]?(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[fF]?|inf(inity)?|nan)$/i;

class Tokenizer {
  private at = 0;
  private peeked: Token | undefined;

  constructor(private readonly text: string) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  error(at: number, detail: string): ProtoTextError {
    let line = 1;
    for (let i = 0; i < at && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return new ProtoTextError(at, line, detail);
  }

  private scan(): Token {
    const text = this.text;
    for (;;) {
      while (this.at < text.length && /\s/.test(text[this.at])) this.at++;
      if (text[this.at] !== '#') break;
      while (this.at < text.length && text[this.at] !== '\n') this.at++;
    }
    const start = this.at;
    if (start >= text.length) return { kind: 'end', text: '', at: start };
    const char = text[start];
    if (char === '"' || char === "'") return { kind: 'string', text: this.quoted(char), at: start };
    if ('{}<>:[],;'.includes(char)) {
      this.at++;
      return { kind: 'symbol', text: char, at: start };
    }
    while (this.at < text.length && /[\w.+-]/.test(text[this.at])) this.at++;
    if (this.at === start) throw this.error(start, `unexpected character '${char}'`);
    const word = text.slice(start, this.at);
    return { kind: /^[-+]?[\d.]/.test(word) || NUMBER.test(word) && /^[-+]/.test(word) ? 'number' : 'ident', text: word, at: start };
  }

  private quoted(quote: string): string {
    const text = this.text;
    const start = this.at;
    let out = '';
    this.at++;
    while (this.at < text.length && text[this.at] !== quote) {
      const char = text[this.at++];
      if (char === '\n') throw this.error(start, 'unterminated string');
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escaped = text[this.at++] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '?': '?' };
      if (escaped in simple) out += simple[escaped];
      else if (/[0-7]/.test(escaped)) {
        let digits = escaped;
        while (digits.length < 3 && /[0-7]/.test(text[this.at] ?? '')) digits += text[this.at++];
        out += String.fromCharCode(parseInt(digits, 8));
      } else if (escaped === 'x') {
        let digits = '';
        while (digits.length < 2 && /[0-9a-fA-F]/.test(text[this.at] ?? '')) digits += text[this.at++];
        out += String.fromCharCode(parseInt(digits || '0', 16));
      } else out += escaped;
    }
    if (this.at >= text.length) throw this.error(start, 'unterminated string');
    this.at++;
    return out;
  }
}

/** Parses text-format protobuf into field lists; throws ProtoTextError with the offset of the fault. */
export function parseProtoText(text: string): ProtoMessage {
  const tokens = new Tokenizer(text);
  const message = parseFields(tokens, undefined, 0);
  return message;
}

function parseFields(tokens: Tokenizer, close: string | undefined, depth: number): ProtoMessage {
  if (depth > MAX_DEPTH) throw tokens.error(tokens.peek().at, `messages nested deeper than ${MAX_DEPTH} levels`);
  const message: ProtoMessage = Object.create(null) as ProtoMessage;
  for (;;) {
    const token = tokens.next();
    if (token.kind === 'end') {
      if (close) throw tokens.error(token.at, `expected '${close}' before the end of the text`);
      return message;
    }
    if (token.kind === 'symbol' && token.text === close) return message;
    if (token.kind === 'symbol' && (token.text === ',' || token.text === ';')) continue;
    let name = token.text;
    if (token.kind === 'symbol' && token.text === '[') {
      // Extension or Any type URL: [pkg.ext] or [type.googleapis.com/pkg.Msg]
      name = '';
      for (let part = tokens.next(); !(part.kind === 'symbol' && part.text === ']'); part = tokens.next()) {
        if (part.kind === 'end') throw tokens.error(part.at, "expected ']' closing an extension name");
        name += part.text;
      }
      name = `[${name}]`;
    } else if (token.kind !== 'ident') throw tokens.error(token.at, `expected a field name, found '${token.text}'`);
    const values = (message[name] ??= []);
    let next = tokens.peek();
    const colon = next.kind === 'symbol' && next.text === ':';
    if (colon) {
      tokens.next();
      next = tokens.peek();
    }
    if (next.kind === 'symbol' && next.text === '[') {
      tokens.next();
      for (;;) {
        const item = tokens.peek();
        if (item.kind === 'symbol' && item.text === ']') {
          tokens.next();
          break;
        }
        if (item.kind === 'symbol' && item.text === ',') {
          tokens.next();
          continue;
        }
        values.push(parseValue(tokens, depth));
      }
    } else if (!colon && !(next.kind === 'symbol' && (next.text === '{' || next.text === '<'))) {
      throw tokens.error(next.at, `expected ':' or '{' after field '${name}'`);
    } else values.push(parseValue(tokens, depth));
  }
}

function parseValue(tokens: Tokenizer, depth: number): ProtoValue {
  const token = tokens.next();
  if (token.kind === 'symbol' && (token.text === '{' || token.text === '<')) return parseFields(tokens, token.text === '{' ? '}' : '>', depth + 1);
  if (token.kind === 'string') {
    let text = token.text;
    // Adjacent string literals concatenate, as in C.
    while (tokens.peek().kind === 'string') text += tokens.next().text;
    return text;
  }
  if (token.kind === 'number') return numberOf(token.text);
  if (token.kind === 'ident') {
    if (token.text === 'true' || token.text === 'True' || token.text === 't') return true;
    if (token.text === 'false' || token.text === 'False' || token.text === 'f') return false;
    if (/^-?(inf|infinity|nan)$/i.test(token.text)) return numberOf(token.text);
    return token.text;
  }
  throw tokens.error(token.at, `expected a value, found '${token.text || 'end of text'}'`);
}

function numberOf(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[-+]/, '');
  if (/^inf(inity)?$/i.test(body)) return sign * Infinity;
  if (/^nan$/i.test(body)) return NaN;
  if (/^0[xX]/.test(body)) return sign * parseInt(body.slice(2), 16);
  return sign * Number(body.replace(/[fF]$/, ''));
}
