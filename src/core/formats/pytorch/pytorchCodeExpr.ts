// Expressions of the Python subset TorchScript writes into code/*.py: names, attributes, calls,
// list and tuple literals, constants, subscripts and simple operators. Parsing only; nothing is
// evaluated here, and anything outside the subset parses as `unknown`.

/** A parsed expression. */
export type Expr =
  | { k: 'name'; id: string }
  | { k: 'attr'; obj: Expr; name: string }
  | { k: 'call'; fn: Expr; args: Expr[]; kwargs: [string, Expr][] }
  | { k: 'list'; items: Expr[] }
  | { k: 'tuple'; items: Expr[] }
  | { k: 'const'; value: number | string | boolean | null }
  | { k: 'index'; obj: Expr; index: Expr }
  | { k: 'op'; op: string; args: Expr[] }
  | { k: 'unknown'; text: string };

const TOKEN = /\s*(?:(\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(->|==|!=|<=|>=|\*\*|\/\/|[-+*/%<>()[\],.:=@&|^~]))/y;

interface Token {
  kind: 'num' | 'id' | 'str' | 'punct';
  text: string;
}

/** Splits an expression into tokens; returns undefined on a character outside the subset. */
export function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    if (match[1] !== undefined) tokens.push({ kind: 'num', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'id', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'str', text: match[3] });
    else tokens.push({ kind: 'punct', text: match[4] });
  }
  return tokens;
}

/** Parses one expression; the whole text must be consumed, otherwise the result is `unknown`. */
export function parseExpr(text: string): Expr {
  const tokens = tokenize(text);
  if (!tokens) return { k: 'unknown', text };
  const parser = new ExprParser(tokens);
  try {
    const expr = parser.tuple();
    return parser.done() ? expr : { k: 'unknown', text };
  } catch {
    return { k: 'unknown', text };
  }
}

const BINARY: [string[], number][] = [
  [['or'], 1],
  [['and'], 2],
  [['==', '!=', '<', '>', '<=', '>=', 'is', 'in'], 4],
  [['|', '^', '&'], 5],
  [['+', '-'], 6],
  [['*', '/', '//', '%', '@'], 7],
];

class ExprParser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  /** A comma-separated list without brackets is a tuple (`return a, b`). */
  tuple(): Expr {
    const first = this.conditional();
    if (!this.peek(',')) return first;
    const items = [first];
    while (this.eat(',')) {
      if (this.done() || this.peek(')')) break;
      items.push(this.conditional());
    }
    return { k: 'tuple', items };
  }

  private conditional(): Expr {
    const value = this.binary(1);
    if (!this.eatWord('if')) return value;
    const condition = this.binary(1);
    if (!this.eatWord('else')) throw new Error('expected else');
    return { k: 'op', op: 'ifelse', args: [condition, value, this.conditional()] };
  }

  private binary(level: number): Expr {
    if (level > 7) return this.unary();
    if (level === 3) {
      if (this.eatWord('not')) return { k: 'op', op: 'not', args: [this.binary(3)] };
      return this.binary(4);
    }
    const ops = BINARY.find(([, precedence]) => precedence === level)?.[0] ?? [];
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.tokens[this.at];
      if (!token || !ops.includes(token.text) || token.kind === 'str') return left;
      this.at++;
      let op = token.text;
      if (op === 'is' && this.eatWord('not')) op = 'is not';
      left = { k: 'op', op, args: [left, this.binary(level + 1)] };
    }
  }

  private unary(): Expr {
    if (this.eat('-')) {
      const arg = this.unary();
      return arg.k === 'const' && typeof arg.value === 'number' ? { k: 'const', value: -arg.value } : { k: 'op', op: 'neg', args: [arg] };
    }
    return this.postfix(this.atom());
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      if (this.eat('.')) expr = { k: 'attr', obj: expr, name: this.expect('id').text };
      else if (this.eat('(')) {
        const args: Expr[] = [];
        const kwargs: [string, Expr][] = [];
        while (!this.eat(')')) {
          const token = this.tokens[this.at];
          if (token?.kind === 'id' && this.tokens[this.at + 1]?.text === '=') {
            this.at += 2;
            kwargs.push([token.text, this.conditional()]);
          } else args.push(this.conditional());
          if (!this.eat(',') && !this.peek(')')) throw new Error('expected , or )');
        }
        expr = { k: 'call', fn: expr, args, kwargs };
      } else if (this.eat('[')) {
        const index = this.tuple();
        this.expect(']');
        expr = { k: 'index', obj: expr, index };
      } else return expr;
    }
  }

  private atom(): Expr {
    const token = this.tokens[this.at++];
    if (!token) throw new Error('unexpected end');
    if (token.kind === 'num') return { k: 'const', value: Number(token.text) };
    if (token.kind === 'str') return { k: 'const', value: unquote(token.text) };
    if (token.kind === 'id') {
      if (token.text === 'None') return { k: 'const', value: null };
      if (token.text === 'True' || token.text === 'False') return { k: 'const', value: token.text === 'True' };
      return { k: 'name', id: token.text };
    }
    if (token.text === '[') return { k: 'list', items: this.sequence(']') };
    if (token.text === '(') {
      const items = this.sequence(')', true);
      return items.length === 1 && !this.lastHadComma ? items[0] : { k: 'tuple', items };
    }
    throw new Error(`unexpected ${token.text}`);
  }

  private lastHadComma = false;

  private sequence(close: string, trackComma = false): Expr[] {
    const items: Expr[] = [];
    let comma = false;
    while (!this.eat(close)) {
      items.push(this.conditional());
      comma = this.eat(',');
      if (!comma && !this.peek(close)) throw new Error(`expected , or ${close}`);
    }
    if (trackComma) this.lastHadComma = comma;
    return items;
  }

  private peek(text: string): boolean {
    const token = this.tokens[this.at];
    return token !== undefined && token.kind === 'punct' && token.text === text;
  }

  private eat(text: string): boolean {
    if (!this.peek(text)) return false;
    this.at++;
    return true;
  }

  private eatWord(word: string): boolean {
    const token = this.tokens[this.at];
    if (token?.kind !== 'id' || token.text !== word) return false;
    this.at++;
    return true;
  }

  private expect(kind: Token['kind'] | string): Token {
    const token = this.tokens[this.at++];
    if (!token || (token.kind !== kind && token.text !== kind)) throw new Error(`expected ${kind}`);
    return token;
  }
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_, char: string) => ({ n: '\n', t: '\t', r: '\r' })[char] ?? char);
}
