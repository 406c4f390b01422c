// Hand-written progress lines: an epoch or step marker at the start, then metrics as `key: value`,
// `key=value` or `key value` items separated by `|`, `,`, `;`, tabs or ` - `:
//   epoch 1 | loss 0.53 | acc 0.81
//   Epoch: 3, Loss: 0.2215, Accuracy: 0.91
//   step 1200: train loss 3.1415, val loss 3.2718          (nanoGPT)
//   ====> Epoch: 1 Average loss: 164.1858                  (pytorch/examples vae)
// A step marker alone is the global step. An epoch marker gives the epoch with step null; an epoch marker
// followed by a step or batch count without its total is ambiguous (within the epoch or global?), so the
// step stays null. Lines without a marker give nothing: a bare `lr: 0.001` has no place on any axis.
// Items must be exactly a short name and a number; prose (`reducing learning rate of group 0 to 1e-4`) and
// values with units (`time 30.1ms`) are not metrics. Multi-word names join with `_` (`train loss` → `train_loss`).
import type { LogLineResult } from './logMetric';
import type { LogFormat } from './logFormat';
import { NUMBER, parseNumber } from './logValues';

// Log prefixes before the marker, in any order: `[12:00:01]`, dates and times, `INFO`, `INFO:root:`, a logger
// name before ` - ` (`2024-05-01 12:00:01,123 - __main__ - INFO - `), `====> `.
const PREFIX = /^(?:(?:\[[^\]]*\]|\d{2,4}[-/]\d\d[-/]\d{2,4}|\d\d:\d\d:\d\d(?:[.,]\d+)?|(?:INFO|DEBUG|WARNING|WARN)(?::[\w.<>]*:)?|[\w.<>]+(?=\s-\s)|=+>)\s*(?:[-|]\s*)?)+/;
const MARKER = /^(epoch|step|global[_ ]step|iter|iteration|batch)\b\s*[:=#]?\s*\[?\s*(\d+)(?:\s*\/\s*(\d+))?\s*\]?\s*[:,|\-)]?\s*/i;
const SEPARATORS = /\s*[|,;\t]\s*|\s+-\s+|\s{2,}/;
const WORD = '[A-Za-z][\\w./()\\-]*';
const ITEM = new RegExp(`^(${WORD}(?: ${WORD}){0,2})\\s*[:=]?\\s*(${NUMBER})%?$`);
const JOINED = new RegExp(`^(${WORD})[=:](${NUMBER})$`);
const WORD_ONLY = new RegExp(`^${WORD}$`);
const STOPWORDS = new Set(['to', 'of', 'at', 'in', 'from', 'by', 'is', 'was', 'for', 'with', 'the', 'a', 'an', 'and', 'or', 'on', 'after', 'as']);
const MARKER_KEY = /^(?:epoch|step|global[_ ]step|iter|iteration|batch)$/i;

/** The `name value` items of a text; null when none is one. Marker names (`Step 100`) are returned under `#<name>`. */
export function readPairs(text: string): Record<string, number> | null {
  let values: Record<string, number> | null = null;
  for (const raw of text.split(SEPARATORS)) {
    const item = raw.trim().replace(/[.;:]$/, '');
    if (item.length === 0) continue;
    const pairs = itemPairs(item);
    if (pairs === null) continue;
    for (const [key, value] of pairs) (values ??= {})[key] = value;
  }
  return values;
}

/** One item as a single `name value`, or as alternating `a 1 b 2` tokens. */
function itemPairs(item: string): [string, number][] | null {
  const one = ITEM.exec(item);
  if (one) {
    const key = one[1];
    const value = parseNumber(one[2]);
    if (value === null || key.split(' ').some((word) => STOPWORDS.has(word.toLowerCase()))) return null;
    return [[MARKER_KEY.test(key) ? `#${key.toLowerCase()}` : key.replace(/ /g, '_'), value]];
  }
  const tokens = item.split(/\s+/);
  if (tokens.every((token) => JOINED.test(token))) {
    return tokens.map((token) => {
      const [, key, value] = JOINED.exec(token) as RegExpExecArray;
      return [MARKER_KEY.test(key) ? `#${key.toLowerCase()}` : key, Number(value)];
    });
  }
  if (tokens.length < 4 || tokens.length % 2 !== 0) return null;
  const pairs: [string, number][] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const key = tokens[i].replace(/[:=]$/, '');
    const value = parseNumber(tokens[i + 1].replace(/%$/, ''));
    if (value === null || !WORD_ONLY.test(key) || STOPWORDS.has(key.toLowerCase())) return null;
    pairs.push([MARKER_KEY.test(key) ? `#${key.toLowerCase()}` : key, value]);
  }
  return pairs;
}

/** Lines that start with an epoch/step marker and carry metrics. */
export class KeyValueLines implements LogFormat {
  push(line: string): LogLineResult | null {
    // Cheap: the marker words start with e, s, i, b, g (any case), or come after a log prefix (`[`, a digit, a level, `=`).
    const c = line.charCodeAt(0) | 0x20;
    const prefixed = c === 0x7b /* [ */ || c === 0x3d /* = */ || (c >= 48 && c <= 57) || c === 105 /* I */ || c === 100 /* D */ || c === 119; /* W */
    if (!prefixed && c !== 101 && c !== 115 && c !== 98 && c !== 103) return null;
    const text = prefixed ? line.replace(PREFIX, '') : line;
    const marker = MARKER.exec(text);
    if (!marker) return null;
    const values = readPairs(text.slice(marker[0].length));
    if (values === null) return null;
    const kind = marker[1].toLowerCase();
    const count = Number(marker[2]);
    let epoch: number | null = kind === 'epoch' ? count : null;
    let step: number | null = kind === 'epoch' || kind === 'batch' ? null : count;
    // A second marker inside the items: `Epoch 2, Step 1100, loss 0.5`.
    for (const key of Object.keys(values)) {
      if (!key.startsWith('#')) continue;
      if (key === '#epoch' && epoch === null) epoch = values[key];
      else if (key !== '#epoch' && key !== '#batch' && epoch === null && step === null) step = values[key];
      else if (key !== '#epoch') step = null; // a count within the epoch, or global: no way to tell
      delete values[key];
    }
    if (Object.keys(values).length === 0 || (step === null && epoch === null)) return null;
    const progress = epoch !== null ? { epoch, ...(kind === 'epoch' && marker[3] ? { epochs: Number(marker[3]) } : {}) } : null;
    return { metrics: [{ step, epoch, values, source: 'key-value' }], progress };
  }
}
