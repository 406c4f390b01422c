// Validates a parsed spec against schemas/train.schema.json by interpreting the schema, so the schema stays the one
// list of fields: the editor (VS Code's JSON language service, through jsonValidation) and the CLI read the same file.
// It understands the subset of draft-07 that schema uses (SUPPORTED_KEYWORDS; anything else is a schema bug and
// throws), phrases problems for people ("expected a positive integer, got \"8\"", "did you mean"), fills defaults,
// and resolves strings typed as #/definitions/path. No code generation (ajv compiles schemas with new Function).
import { didYouMean } from './didYouMean';
import type { FieldPath } from './fieldPath';

/** A draft-07 schema node, as far as this validator reads it. */
export interface SchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  oneOf?: SchemaNode[];
  default?: unknown;
  description?: string;
  definitions?: Record<string, SchemaNode>;
}

/** Keywords this validator acts on, and annotations it reads past. */
export const SUPPORTED_KEYWORDS: readonly string[] = [
  '$ref', 'type', 'const', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'items', 'properties', 'required', 'additionalProperties', 'oneOf', 'default',
  'description', 'title', '$schema', '$id', 'definitions',
];

/** The schema reference whose strings are file paths, resolved against the spec's folder. */
export const PATH_REF = '#/definitions/path';

/** One thing wrong with the spec, at a field; `atKey`: the field's name is the problem (point at the key, not the value). */
export interface SpecProblem { path: FieldPath; message: string; atKey?: boolean }

/** Validates `value`; returns a copy with defaults filled and paths resolved, and every problem found. */
export function validateAgainstSchema(value: unknown, root: SchemaNode, resolvePath: (path: string) => string): { value: unknown; problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  const report = (path: FieldPath, message: string): void => void problems.push({ path, message });

  const deref = (node: SchemaNode): SchemaNode => {
    if (node.$ref === undefined) return node;
    const extra = Object.keys(node).filter((key) => key !== '$ref' && key !== 'description');
    if (extra.length > 0) throw new Error(`train schema: ${extra.join(', ')} beside $ref ${node.$ref} (draft-07 ignores them)`);
    if (!node.$ref.startsWith('#/')) throw new Error(`train schema: only local references are supported, got ${node.$ref}`);
    let target: unknown = root;
    for (const part of node.$ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part];
    if (typeof target !== 'object' || target === null) throw new Error(`train schema: unresolved reference ${node.$ref}`);
    return deref(target as SchemaNode);
  };

  const check = (input: unknown, node: SchemaNode, path: FieldPath): unknown => {
    for (const key of Object.keys(node)) if (!SUPPORTED_KEYWORDS.includes(key)) throw new Error(`train schema: unsupported keyword ${key}`);
    const isPath = node.$ref === PATH_REF;
    node = deref(node);
    if (node.oneOf) return checkOneOf(input, node.oneOf.map(deref), node, path);
    if (node.type !== undefined && !hasType(input, node.type)) return report(path, `expected ${expectation(node)}, got ${shown(input)}`);
    if (node.const !== undefined && input !== node.const) return report(path, `expected ${shown(node.const)}, got ${shown(input)}`);
    if (node.enum && !node.enum.includes(input)) {
      const hint = typeof input === 'string' ? didYouMean(input, node.enum.filter((v): v is string => typeof v === 'string')) : undefined;
      return report(path, `expected ${expectation(node)}, got ${shown(input)}${hint !== undefined ? `; did you mean ${shown(hint)}?` : ''}`);
    }
    if (typeof input === 'number' && !inRange(input, node)) return report(path, `expected ${expectation(node)}, got ${shown(input)}`);
    if (typeof input === 'string') {
      const tooShort = node.minLength !== undefined && input.length < node.minLength;
      const tooLong = node.maxLength !== undefined && input.length > node.maxLength;
      if (tooShort || tooLong || (node.pattern !== undefined && !new RegExp(node.pattern, 'u').test(input))) {
        return report(path, `expected ${expectation(node)}, got ${shown(input)}`);
      }
      return isPath ? resolvePath(input) : input;
    }
    if (Array.isArray(input)) {
      if ((node.minItems !== undefined && input.length < node.minItems) || (node.maxItems !== undefined && input.length > node.maxItems)) {
        return report(path, `expected ${expectation(node)}, got ${input.length === 0 ? 'an empty list' : `a list of ${input.length}`}`);
      }
      return node.items ? input.map((item, i) => check(item, node.items as SchemaNode, [...path, i])) : input.slice();
    }
    if (isObject(input) && node.properties) return checkObject(input, node, path);
    return input;
  };

  const checkObject = (input: Record<string, unknown>, node: SchemaNode, path: FieldPath): Record<string, unknown> => {
    const properties = node.properties ?? {};
    const known = Object.keys(properties);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      if (Object.prototype.hasOwnProperty.call(properties, key)) {
        out[key] = check(item, properties[key], [...path, key]);
      } else if (node.additionalProperties === false) {
        const hint = didYouMean(key, known);
        problems.push({ path: [...path, key], message: `unknown field${hint !== undefined ? `; did you mean ${shown(hint)}?` : ''} (known here: ${known.join(', ')})`, atKey: true });
      } else {
        out[key] = item;
      }
    }
    for (const key of node.required ?? []) {
      if (!(key in input)) report([...path, key], `required field missing: expected ${expectation(deref(properties[key] ?? {}))}`);
    }
    for (const key of known) {
      const fallback = deref(properties[key]).default;
      if (!(key in input) && fallback !== undefined) out[key] = structuredClone(fallback);
    }
    return out;
  };

  const checkOneOf = (input: unknown, branches: SchemaNode[], node: SchemaNode, path: FieldPath): unknown => {
    const typed = branches.filter((branch) => branch.type === undefined || hasType(input, branch.type));
    if (typed.length === 0) return report(path, `expected ${expectation(node)}, got ${shown(input)}`);
    if (typed.length === 1 || !isObject(input)) return check(input, typed[0], path);
    // Objects are told apart by a discriminator (a property every branch pins with const: type, format) ...
    const tag = Object.keys(typed[0].properties ?? {}).find((key) => typed.every((branch) => branch.properties?.[key]?.const !== undefined));
    if (tag !== undefined) {
      const tags = typed.map((branch) => branch.properties?.[tag]?.const as string);
      if (!(tag in input)) return report([...path, tag], `required field missing: expected one of ${tags.map(shown).join(', ')}`);
      const chosen = typed.find((branch) => branch.properties?.[tag]?.const === input[tag]);
      if (chosen) return check(input, chosen, path);
      const hint = typeof input[tag] === 'string' ? didYouMean(input[tag] as string, tags) : undefined;
      return report([...path, tag], `expected one of ${tags.map(shown).join(', ')}, got ${shown(input[tag])}${hint !== undefined ? `; did you mean ${shown(hint)}?` : ''}`);
    }
    // ... or by the required fields only one branch has (model: layers or from).
    const own = typed.map((branch) => (branch.required ?? []).filter((key) => typed.every((other) => other === branch || !(other.required ?? []).includes(key))));
    const present = typed.filter((_, i) => own[i].length > 0 && own[i].every((key) => key in input));
    const choices = own.map((keys) => keys.map((key) => shown(key)).join(' and ')).join(' or ');
    if (present.length === 1) return check(input, present[0], path);
    return report(path, present.length === 0 ? `expected a field ${choices}` : `give ${choices}, not both`);
  };

  return { value: check(value, root, []), problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: NonNullable<SchemaNode['type']>): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'null': return value === null;
    default: return typeof value === type;
  }
}

function inRange(value: number, node: SchemaNode): boolean {
  return !((node.minimum !== undefined && value < node.minimum) || (node.maximum !== undefined && value > node.maximum)
    || (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum) || (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum));
}

/** What a schema node accepts, in words: "a positive integer", "a list of 2 positive integers", "one of "valid", "same"". */
export function expectation(node: SchemaNode): string {
  // Referenced branches are objects in this schema (layers, optimizers, data formats).
  if (node.oneOf) return [...new Set(node.oneOf.map((branch) => (branch.$ref !== undefined ? 'an object' : expectation(branch))))].join(' or ');
  if (node.const !== undefined) return shown(node.const);
  if (node.enum) return `one of ${node.enum.map(shown).join(', ')}`;
  const { minimum: min, maximum: max, exclusiveMinimum: xmin, exclusiveMaximum: xmax } = node;
  switch (node.type) {
    case 'integer':
    case 'number': {
      const noun = node.type === 'integer' ? 'integer' : 'number';
      if (min === 0 && xmax !== undefined) return `a number from 0 up to (not including) ${xmax}`;
      if (min !== undefined && max !== undefined) return `a ${noun} from ${min} to ${max}`;
      if ((min === 1 && noun === 'integer') || xmin === 0) return `a positive ${noun}`;
      if (min === 0) return `a non-negative ${noun}`;
      return min !== undefined ? `${noun === 'integer' ? 'an integer' : 'a number'} ≥ ${min}` : noun === 'integer' ? 'an integer' : 'a number';
    }
    case 'string':
      if (node.pattern !== undefined) return `a string matching ${node.pattern}`;
      if (node.maxLength === 1) return 'a single character';
      return node.minLength ? 'a non-empty string' : 'a string';
    case 'boolean': return 'true or false';
    case 'array': {
      const items = node.items?.enum ? ` values from ${node.items.enum.map(shown).join(', ')}` : node.items ? ` ${plural(expectation(node.items))}` : ' items';
      if (node.minItems !== undefined && node.minItems === node.maxItems) return `a list of ${node.minItems}${items}`;
      return `${node.minItems ? 'a non-empty list' : 'a list'} of${items}`;
    }
    case 'object': return 'an object';
    default: return 'a value';
  }
}

/** "a positive integer" -> "positive integers". */
function plural(phrase: string): string {
  return phrase.replace(/^(a|an) /, '').replace(/\b(integer|number|string|object)\b/, '$1s');
}

/** A value as the user wrote it, shortened: "8" (a string), 8, true, an object, a list. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
