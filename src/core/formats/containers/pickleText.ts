// Decoders for the text arguments of pickle protocol 0 (INT, LONG, FLOAT, STRING, UNICODE) and
// the little-endian two's-complement integers of LONG1/LONG4. Pure functions; errors are plain
// Errors that the machine turns into FormatErrors with the offset.

/** An integer as a number when it is exactly representable, otherwise a bigint. */
export function normalizeInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** INT's argument: `01`/`00` are True/False (protocol 0's booleans), otherwise a decimal. */
export function parseIntLine(line: string): number | bigint | boolean {
  if (line === '01') return true;
  if (line === '00') return false;
  return parseDecimal(line);
}

/** LONG's argument: a decimal with an optional trailing `L` (Python 2 repr). */
export function parseLongLine(line: string): number | bigint {
  return parseDecimal(line.endsWith('L') ? line.slice(0, -1) : line);
}

function parseDecimal(text: string): number | bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`expected a decimal integer, found ${JSON.stringify(text.slice(0, 40))}`);
  return normalizeInt(BigInt(text));
}

/** FLOAT's argument: Python's float repr, including inf and nan. */
export function parseFloatLine(line: string): number {
  const lower = line.trim().toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const value = Number(line);
  if (line.trim() === '' || Number.isNaN(value)) throw new Error(`expected a float, found ${JSON.stringify(line.slice(0, 40))}`);
  return value;
}

/** STRING's argument: a quoted Python 2 string literal with backslash escapes. */
export function parseStringLiteral(line: string): string {
  const quote = line[0];
  if ((quote !== "'" && quote !== '"') || line.length < 2 || line[line.length - 1] !== quote) {
    throw new Error(`expected a quoted string literal, found ${JSON.stringify(line.slice(0, 40))}`);
  }
  const body = line.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\' || i + 1 >= body.length) {
      out += char;
      continue;
    }
    const next = body[++i];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
    if (next in simple) out += simple[next];
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(digits, 8));
      i += digits.length - 1;
    } else out += '\\' + next;
  }
  return out;
}

/** UNICODE's argument: raw-unicode-escape bytes (latin-1 plus \uXXXX and \UXXXXXXXX). */
export function decodeRawUnicodeEscape(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x5c && (bytes[i + 1] === 0x75 || bytes[i + 1] === 0x55)) {
      const width = bytes[i + 1] === 0x75 ? 4 : 8;
      const hex = String.fromCharCode(...bytes.subarray(i + 2, i + 2 + width));
      if (hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
    }
    out += String.fromCharCode(bytes[i]);
  }
  return out;
}

/** LONG1/LONG4's argument: a little-endian two's-complement integer of any width. */
export function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return normalizeInt(value);
}
