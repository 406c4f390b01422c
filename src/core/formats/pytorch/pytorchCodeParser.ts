// Reads the TorchScript sources in an archive's code/ folder: class declarations (which
// attributes are parameters and buffers, Final constants), methods and top-level functions,
// with bodies parsed into statements. It reads the text only; nothing is run.
import { parseExpr, type Expr } from './pytorchCodeExpr';

/** A statement of a method body. */
export type Stmt =
  | { k: 'assign'; targets: string[]; value: Expr }
  | { k: 'return'; value: Expr }
  | { k: 'if'; condition: Expr; then: Stmt[]; else: Stmt[] }
  | { k: 'expr'; value: Expr }
  | { k: 'pass' }
  | { k: 'unsupported'; text: string };

/** A method or function: parameter names (self included) and body. */
export interface CodeFunction {
  name: string;
  params: string[];
  body: Stmt[];
}

/** One TorchScript class from code/. */
export interface CodeClass {
  /** Qualified like the pickle's GLOBAL: `__torch__.torch.nn.modules.conv.___torch_mangle_25.Conv2d`. */
  name: string;
  parameters: string[];
  buffers: string[];
  /** `name : Final[T] = value` declarations, e.g. kernel_size, stride, in_channels. */
  constants: Record<string, unknown>;
  methods: Map<string, CodeFunction>;
}

/** Every class and top-level function in an archive's code, by qualified name. */
export interface TorchScriptCode {
  classes: Map<string, CodeClass>;
  functions: Map<string, CodeFunction>;
}

interface Line {
  indent: number;
  text: string;
}

/** Parses every code file (keyed by path under code/ without `.py`). */
export function parseTorchScriptCode(files: Map<string, string>): TorchScriptCode {
  const code: TorchScriptCode = { classes: new Map(), functions: new Map() };
  for (const [path, text] of files) {
    const module = path.split('/').join('.');
    const lines = logicalLines(text);
    for (let i = 0; i < lines.length; ) {
      const line = lines[i];
      const end = blockEnd(lines, i);
      const classMatch = line.indent === 0 ? /^class\s+(\w+)\s*(\(.*\))?\s*:$/.exec(line.text) : null;
      if (classMatch) {
        const parsed = parseClass(`${module}.${classMatch[1]}`, lines.slice(i + 1, end));
        code.classes.set(parsed.name, parsed);
      } else if (line.indent === 0 && line.text.startsWith('def ')) {
        const fn = parseFunction(line.text, lines.slice(i + 1, end));
        if (fn) code.functions.set(`${module}.${fn.name}`, fn);
      }
      i = end;
    }
  }
  return code;
}

function parseClass(name: string, body: Line[]): CodeClass {
  const parsed: CodeClass = { name, parameters: [], buffers: [], constants: {}, methods: new Map() };
  const base = body[0]?.indent ?? 0;
  for (let i = 0; i < body.length; ) {
    const line = body[i];
    const end = blockEnd(body, i);
    if (line.indent === base) {
      const list = /^(__parameters__|__buffers__)\s*=\s*\[(.*)\]$/.exec(line.text);
      const constant = /^(\w+)\s*:\s*Final\[.*?\]\s*=\s*(.+)$/.exec(line.text);
      if (list) parsed[list[1] === '__parameters__' ? 'parameters' : 'buffers'] = [...list[2].matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
      else if (constant) parsed.constants[constant[1]] = literal(parseExpr(constant[2]));
      else if (line.text.startsWith('def ')) {
        const fn = parseFunction(line.text, body.slice(i + 1, end));
        if (fn) parsed.methods.set(fn.name, fn);
      }
    }
    i = end;
  }
  return parsed;
}

function parseFunction(header: string, body: Line[]): CodeFunction | undefined {
  const match = /^def\s+(\w+)\s*\((.*)\)\s*(->.*)?:$/.exec(header);
  if (!match) return undefined;
  const params = splitTopLevel(match[2]).map((part) => part.split(/[:=]/)[0].trim()).filter(Boolean);
  return { name: match[1], params, body: parseBlock(body) };
}

function parseBlock(lines: Line[]): Stmt[] {
  const statements: Stmt[] = [];
  const base = lines[0]?.indent ?? 0;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    const end = blockEnd(lines, i);
    const inner = lines.slice(i + 1, end);
    i = end;
    if (line.indent !== base) continue;
    const text = line.text;
    if (text.startsWith('if ') && text.endsWith(':')) {
      const statement: Stmt = { k: 'if', condition: parseExpr(text.slice(3, -1)), then: parseBlock(inner), else: [] };
      if (lines[i]?.indent === base && lines[i].text === 'else:') {
        const elseEnd = blockEnd(lines, i);
        statement.else = parseBlock(lines.slice(i + 1, elseEnd));
        i = elseEnd;
      }
      statements.push(statement);
    } else if (text === 'pass') statements.push({ k: 'pass' });
    else if (text.startsWith('return')) statements.push({ k: 'return', value: text === 'return' ? { k: 'const', value: null } : parseExpr(text.slice(6)) });
    else if (/^(for|while|with|try|elif|else)\b/.test(text) || text.endsWith(':')) statements.push({ k: 'unsupported', text });
    else {
      const assign = /^([\w\s,]+?)\s*(?::\s*[^=]+)?=(?!=)\s*(.+)$/.exec(text);
      if (assign) statements.push({ k: 'assign', targets: assign[1].split(',').map((target) => target.trim()).filter(Boolean), value: parseExpr(assign[2]) });
      else statements.push({ k: 'expr', value: parseExpr(text) });
    }
  }
  return statements;
}

/** Joins physical lines inside open brackets and drops blank lines. */
function logicalLines(text: string): Line[] {
  const lines: Line[] = [];
  let pending: Line | undefined;
  let depth = 0;
  for (const raw of text.split('\n')) {
    if (!pending && raw.trim() === '') continue;
    if (pending) pending.text += ' ' + raw.trim();
    else pending = { indent: raw.length - raw.trimStart().length, text: raw.trim() };
    depth += bracketDelta(raw);
    if (depth <= 0) {
      lines.push(pending);
      pending = undefined;
      depth = 0;
    }
  }
  if (pending) lines.push(pending);
  return lines;
}

function bracketDelta(text: string): number {
  let delta = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) delta++;
    else if (')]}'.includes(char)) delta--;
  }
  return delta;
}

/** Index just past the block that starts at `start` (its line and every deeper-indented line). */
function blockEnd(lines: Line[], start: number): number {
  let end = start + 1;
  while (end < lines.length && lines[end].indent > lines[start].indent) end++;
  return end;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** A constant expression as plain data (numbers, strings, lists); undefined for anything else. */
export function literal(expr: Expr): unknown {
  if (expr.k === 'const') return expr.value;
  if (expr.k === 'list' || expr.k === 'tuple') return expr.items.map(literal);
  return undefined;
}
